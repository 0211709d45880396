'use strict';

// Fills Sweep's pages from the JSON endpoints, and keeps a sweep's page current from its server-sent events.
// Every text from the store (names, labels, errors) goes in as textContent, never as HTML.
(() => {
  const trialsShown = 100;

  const f = (v) => (v === null || v === undefined ? '-' : v.toFixed(3));
  const signed = (v) => (v === null || v === undefined ? '-' : (v > 0 ? '+' : '') + v.toFixed(3));
  const p = (v) => (v === null || v === undefined ? '-' : v < 0.001 ? '<0.001' : v.toFixed(3));
  const meanStd = (s) => (!s || s.n === 0 ? '-' : s.n === 1 ? f(s.mean) : `${f(s.mean)} ± ${f(s.std)}`);
  const interval = (s) => (s && s.n > 1 ? `[${f(s.ci95_low)}, ${f(s.ci95_high)}]` : '-');
  const mark = (verdict) => (verdict === 'better' ? '▲ ' : verdict === 'worse' ? '▼ ' : '');
  const utc = (t) => (t ? new Date(t).toISOString().replace('T', ' ').slice(0, 19) : '-');
  const done = (s) => s.completed + s.failed + s.diverged;

  function problems(s) {
    const parts = [];
    if (s.failed > 0) parts.push(`${s.failed} failed`);
    if (s.diverged > 0) parts.push(`${s.diverged} diverged`);
    return parts.length ? ` (${parts.join(', ')})` : '';
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function header(table, names) {
    const row = document.createElement('tr');
    for (const [name, className] of names) {
      const th = document.createElement('th');
      th.textContent = name;
      if (className) th.className = className;
      row.appendChild(th);
    }

    table.tHead.replaceChildren(row);
  }

  async function getJson(url) {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) {
      throw new Error(`${url}: ${response.status} ${(await response.json()).error}`);
    }

    return response.json();
  }

  function fail(error) {
    const state = document.getElementById('state') || document.querySelector('main');
    state.textContent = `cannot read the results: ${error.message}`;
    console.error(error);
  }

  // The list of sweeps, as sweep list shows it.
  async function showSweeps() {
    const { sweeps } = await getJson('/api/sweeps');
    const rows = sweeps.map((s) => {
      const row = document.createElement('tr');
      const link = document.createElement('a');
      link.href = `/sweeps/${encodeURIComponent(s.id)}`;
      link.textContent = s.id;
      cell(row, '').appendChild(link);
      cell(row, s.name);
      cell(row, s.state, `state-${s.state}`);
      cell(row, String(s.configurations), 'number');
      cell(row, `${s.completed}/${s.trials}${problems(s)}`, 'number');
      cell(row, utc(s.created));
      cell(row, utc(s.finished));
      return row;
    });
    document.querySelector('#sweeps tbody').replaceChildren(...rows);
    document.getElementById('empty').hidden = sweeps.length > 0;
  }

  // One sweep: its progress, its ranked table and a page of its finished trials.
  function showProgress(s) {
    const state = document.getElementById('state');
    state.textContent = s.state;
    state.className = `state-${s.state}`;
    const bar = document.getElementById('progress');
    bar.max = Math.max(s.trials, 1);
    bar.value = done(s);
    document.getElementById('progress-text').textContent = `${done(s)}/${s.trials} trials done${problems(s)}`;
  }

  function showRanking(doc) {
    const metric = doc.ranked_by;
    const baseline = doc.configurations.some((c) => c.is_baseline);
    const race = doc.sweep.race;
    const table = document.getElementById('ranking');
    const names = [['#', 'number'], ['configuration'], ['n', 'number'], [`${metric} (mean ± std)`, 'number'], ['95% CI', 'number']];
    if (baseline) names.push(['Δ vs baseline [95% CI]', 'number'], ['p (Holm)', 'number']);
    if (race) names.push(['race']);
    names.push(['# by bound', 'number']);
    header(table, names);
    const rows = doc.configurations.map((c) => {
      const row = document.createElement('tr');
      if (c.is_baseline) row.className = 'baseline';
      const summary = c.metrics[metric];
      cell(row, String(c.rank), 'number');
      cell(row, c.label, 'label');
      cell(row, String(c.completed), 'number');
      cell(row, meanStd(summary), 'number');
      cell(row, interval(summary), 'number');
      if (baseline) {
        const v = c.vs_baseline;
        if (c.is_baseline) {
          cell(row, 'baseline');
          cell(row, '');
        } else if (v) {
          const verdict = v.verdict === 'same' ? '' : v.verdict;
          cell(row, `${mark(v.verdict)}${signed(v.difference)} [${signed(v.ci95_low)}, ${signed(v.ci95_high)}]`, `number ${verdict}`);
          cell(row, p(v.p_holm), 'number');
        } else {
          cell(row, '-', 'number');
          cell(row, '-', 'number');
        }
      }

      if (race) cell(row, c.race ? c.race.state : '-');
      cell(row, String(c.rank_by_bound), 'number');
      return row;
    });
    table.tBodies[0].replaceChildren(...rows);
    document.getElementById('notes').textContent = baseline
      ? "▲/▼: better/worse than the baseline after Holm's correction (Welch's t-test)."
      : '';
    const raceLine = document.getElementById('race');
    raceLine.hidden = !race;
    if (race) {
      raceLine.textContent = `race: ${race.trials_run} of ${race.trials} trials run, ${race.min_seeds} to ${race.max_seeds} seeds a configuration, α ${race.alpha}`;
    }
  }

  // A page of the finished trials, latest first, from /api/sweeps/{id}/trials.
  function showTrials(page, metric) {
    const table = document.getElementById('trials');
    header(table, [['finished (UTC)'], ['configuration'], ['seed', 'number'], ['state'], [metric, 'number'], ['silo']]);
    const rows = page.trials.map((t) => {
      const row = document.createElement('tr');
      cell(row, utc(t.finished));
      cell(row, t.label || t.configuration_id, 'label');
      cell(row, String(t.seed), 'number');
      cell(row, t.state, `state-${t.state}`);
      cell(row, t.metrics ? f(t.metrics[metric]) : '-', 'number');
      cell(row, t.silo || '-');
      return row;
    });
    table.tBodies[0].replaceChildren(...rows);
    const last = page.offset + page.trials.length;
    document.getElementById('trials-note').textContent = page.total === 0
      ? 'none yet'
      : `${page.offset + 1}–${last} of ${page.total}, latest first`;
    document.getElementById('newer').hidden = page.offset === 0;
    document.getElementById('older').hidden = last >= page.total;
  }

  function followSweep(id) {
    const api = `/api/sweeps/${encodeURIComponent(id)}`;
    let offset = 0;
    let reading = null;
    let again = false;

    // One read at a time; events that come during a read ask for one more read after it. The ranked table comes first,
    // then one page of trials: neither grows with the sweep's trials.
    async function refresh() {
      if (reading) {
        again = true;
        return reading;
      }

      reading = (async () => {
        do {
          again = false;
          const doc = await getJson(`${api}/ranking`);
          document.getElementById('title').textContent = `${doc.sweep.name} (${doc.sweep.id})`;
          document.title = `${doc.sweep.name} · Sweep`;
          showProgress(doc.sweep);
          showRanking(doc);
          showTrials(await getJson(`${api}/trials?offset=${offset}&limit=${trialsShown}`), doc.ranked_by);
        } while (again);
      })();
      try {
        return await reading;
      } finally {
        reading = null;
      }
    }

    for (const [button, step] of [['newer', -trialsShown], ['older', trialsShown]]) {
      document.getElementById(button).addEventListener('click', () => {
        offset = Math.max(0, offset + step);
        refresh().catch(fail);
      });
    }

    // The server ends the stream after the event of a sweep that has ended; the browser would then connect again, so
    // the page closes the source there (closing it earlier would abort the stream's request).
    function subscribe() {
      const events = new EventSource(`${api}/events`);
      let ended = false;
      events.addEventListener('progress', (event) => {
        const status = JSON.parse(event.data);
        ended = status.ended;
        showProgress(status);
        refresh().catch(fail);
      });
      events.addEventListener('error', () => {
        if (ended) events.close();
      });
    }

    refresh().then(subscribe, fail);
  }

  const page = document.body.dataset.page;
  if (page === 'sweeps') {
    showSweeps().catch(fail);
  } else if (page === 'sweep') {
    followSweep(document.body.dataset.sweep);
  }
})();
