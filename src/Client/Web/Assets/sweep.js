'use strict';

// Fills Sweep's pages from the JSON endpoints, and keeps a sweep's page current from its server-sent events. Its helpers
// are common.js's (window.sweepCommon), loaded before it.
// Every text from the store (names, labels, errors) goes in as textContent, never as HTML.
(() => {
  const trialsShown = 100;

  const { f, signed, p, meanStd, interval, mark, utc, cell, linkCell, header, sweepPath, configurationPath, trialPath, getJson, fail } = window.sweepCommon;
  const done = (s) => s.completed + s.failed + s.diverged;

  function problems(s) {
    const parts = [];
    if (s.failed > 0) parts.push(`${s.failed} failed`);
    if (s.diverged > 0) parts.push(`${s.diverged} diverged`);
    return parts.length ? ` (${parts.join(', ')})` : '';
  }

  // The list of sweeps, as sweep list shows it.
  async function showSweeps() {
    const { sweeps } = await getJson('/api/sweeps');
    const rows = sweeps.map((s) => {
      const row = document.createElement('tr');
      linkCell(row, s.id, sweepPath(s.id));
      cell(row, s.name);
      cell(row, s.state, `state-${s.state}`);
      cell(row, String(s.configurations), 'number');
      cell(row, `${s.completed}/${s.trials}${problems(s)}`, 'number');
      cell(row, s.trials_per_second == null ? '-' : String(Number(s.trials_per_second.toPrecision(3))), 'number');
      cell(row, s.eta_seconds == null ? '-' : duration(s.eta_seconds), 'number');
      cell(row, utc(s.created));
      cell(row, utc(s.finished));
      return row;
    });
    document.querySelector('#sweeps tbody').replaceChildren(...rows);
    document.getElementById('empty').hidden = sweeps.length > 0;
    document.getElementById('sweeps-note').textContent = '';
    return sweeps.some((s) => s.state === 'running');
  }

  // The list, read again every 5 s while a sweep runs (its progress, rate and ETA). A read that fails is said beside the
  // list, which stays as it was, and tried again 5 s later.
  function followSweeps() {
    showSweeps().then(
      (running) => {
        if (running) setTimeout(followSweeps, 5000);
      },
      (error) => {
        document.getElementById('sweeps-note').textContent = `cannot read the sweeps: ${error.message}; trying again`;
        console.error(error);
        setTimeout(followSweeps, 5000);
      });
  }

  // Seconds as 1h02m03s, 2m03s or 3s.
  function duration(seconds) {
    const whole = Math.round(seconds);
    const [h, m, sec] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
    return h > 0 ? `${h}h${String(m).padStart(2, '0')}m${String(sec).padStart(2, '0')}s` : m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
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
      linkCell(row, c.label, configurationPath(doc.sweep.id, c.id), 'label');
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
    const sweep = page.sweep_id;
    const table = document.getElementById('trials');
    header(table, [['finished (UTC)'], ['configuration'], ['seed', 'number'], ['state'], [metric, 'number'], ['silo']]);
    const rows = page.trials.map((t) => {
      const row = document.createElement('tr');
      cell(row, utc(t.finished));
      linkCell(row, t.label || t.configuration_id, configurationPath(sweep, t.configuration_id), 'label');
      linkCell(row, String(t.seed), trialPath(sweep, t.configuration_id, t.seed), 'number');
      cell(row, t.state, `state-${t.state}`);
      cell(row, t.metrics ? f(t.metrics[metric]) : '-', 'number');
      cell(row, t.silo || '-');
      return row;
    });
    table.tBodies[0].replaceChildren(...rows);
    showPager(page);
  }

  // The newer/older buttons: each moves the page of finished trials by a page (a negative step: newer).
  function pageButtons(move) {
    for (const [button, step] of [['newer', -trialsShown], ['older', trialsShown]]) {
      document.getElementById(button).addEventListener('click', () => move(step));
    }
  }

  // The note and the newer/older buttons of a page of finished trials.
  function showPager(page) {
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
          document.dispatchEvent(new CustomEvent('sweep:results', { detail: doc }));
          showTrials(await getJson(`${api}/trials?offset=${offset}&limit=${trialsShown}`), doc.ranked_by);
        } while (again);
      })();
      try {
        return await reading;
      } finally {
        reading = null;
      }
    }

    // The Cancel button (cancel.js) changed the sweep: read it again, even where its event stream has ended.
    document.addEventListener('sweep:changed', () => refresh().catch(fail));

    pageButtons((step) => {
      offset = Math.max(0, offset + step);
      refresh().catch(fail);
    });

    // The server ends the stream after the event of a sweep that has ended; the browser would then connect again, so
    // the page closes the source there (closing it earlier would abort the stream's request).
    function subscribe() {
      const events = new EventSource(`${api}/events`);
      let ended = false;
      events.addEventListener('progress', (event) => {
        const status = JSON.parse(event.data);
        // An interrupted sweep's stream goes on: it may be resumed.
        ended = status.ended && status.state !== 'interrupted';
        showProgress(status);
        refresh().catch(fail);
      });
      events.addEventListener('error', () => {
        if (ended) events.close();
      });
    }

    refresh().then(subscribe, fail);
  }

  // Key and value rows, a value that is no text or number shown as JSON.
  function pairs(table, entries) {
    const rows = entries.map(([key, value]) => {
      const row = document.createElement('tr');
      const th = document.createElement('th');
      th.textContent = key;
      row.appendChild(th);
      cell(row, typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value), typeof value === 'number' ? 'number' : '');
      return row;
    });
    table.tBodies[0].replaceChildren(...rows);
  }

  function showHeading(doc, title) {
    document.title = `${title} · ${doc.sweep.name} · Sweep`;
    document.getElementById('sweep-link').textContent = `${doc.sweep.name} (${doc.sweep.id})`;
    pairs(document.getElementById('settings'), [['label', doc.configuration.label], ...Object.entries(doc.configuration.settings || {})]);
  }

  // One configuration: its settings, each metric's statistics, and a row per finished seed linking to the trial.
  async function showConfiguration(sweep, id) {
    // Its statistics without its trials, then its seeds a page at a time: neither grows with its seeds.
    const api = `/api/sweeps/${encodeURIComponent(sweep)}`;
    const doc = await getJson(`${api}/configurations/${encodeURIComponent(id)}?trials=false`);
    const c = doc.configuration;
    showHeading(doc, c.label);
    document.getElementById('title').textContent = c.label;
    document.getElementById('state').textContent =
      `rank ${c.rank} by ${doc.ranked_by}; ${c.completed} completed, ${c.failed} failed, ${c.diverged} diverged${c.is_baseline ? '; the baseline' : ''}`;
    const statistics = document.getElementById('statistics');
    header(statistics, [['metric'], ['n', 'number'], ['mean', 'number'], ['std', 'number'], ['min', 'number'], ['max', 'number'], ['95% CI', 'number']]);
    statistics.tBodies[0].replaceChildren(...Object.entries(c.metrics).map(([name, m]) => {
      const row = document.createElement('tr');
      cell(row, name);
      cell(row, String(m.n), 'number');
      cell(row, f(m.mean), 'number');
      cell(row, f(m.std), 'number');
      cell(row, f(m.min), 'number');
      cell(row, f(m.max), 'number');
      cell(row, interval(m), 'number');
      return row;
    }));
    const names = Object.keys(c.metrics);
    const seeds = document.getElementById('seeds');
    header(seeds, [['seed', 'number'], ['state'], ...names.map((n) => [n, 'number']), ['silo'], ['attempts', 'number']]);
    let offset = 0;
    async function showSeeds() {
      const page = await getJson(`${api}/trials?configuration=${encodeURIComponent(id)}&offset=${offset}&limit=${trialsShown}`);
      // The page shown is where newer/older move from, whichever of two quick reads came back last.
      offset = page.offset;
      seeds.tBodies[0].replaceChildren(...page.trials.map((t) => {
        const row = document.createElement('tr');
        linkCell(row, String(t.seed), trialPath(doc.sweep.id, c.id, t.seed), 'number');
        cell(row, t.state, `state-${t.state}`);
        for (const n of names) cell(row, t.metrics ? f(t.metrics[n]) : '-', 'number');
        cell(row, t.silo || '-');
        cell(row, String(t.attempts.length), 'number');
        return row;
      }));
      showPager(page);
    }

    pageButtons((step) => {
      offset = Math.max(0, offset + step);
      showSeeds().catch(fail);
    });

    await showSeeds();
  }

  // One trial: its settings, final metrics, trace id, attempts and per-epoch history.
  async function showTrial(sweep, id, seed) {
    const doc = await getJson(`/api/sweeps/${encodeURIComponent(sweep)}/trials/${encodeURIComponent(id)}/${seed}`);
    const t = doc.trial;
    showHeading(doc, `${doc.configuration.label} seed ${t.seed}`);
    document.getElementById('configuration-link').textContent = doc.configuration.label;
    document.getElementById('title').textContent = `${doc.configuration.label}, seed ${t.seed}`;
    const state = document.getElementById('state');
    state.textContent = `${t.state}${t.error ? `: ${t.error}` : ''}; finished ${utc(t.finished)} on ${t.silo || '-'}${t.backend ? ` (${t.backend})` : ''}`;
    state.className = `state-${t.state}`;
    pairs(document.getElementById('metrics'), Object.entries(t.metrics || {}).map(([k, v]) => [k, f(v)]).concat(Object.entries(t.penalties).map(([k, v]) => [`penalty ${k}`, f(v)])));
    // With serve --trace-url, the trace id links to the trace in a tracing UI.
    const trace = document.getElementById('trace');
    const template = document.body.dataset.traceUrl;
    trace.textContent = 'trace id: ';
    if (doc.sweep.trace_id && template) {
      const link = document.createElement('a');
      link.id = 'trace-link';
      link.href = template.split('{trace_id}').join(encodeURIComponent(doc.sweep.trace_id));
      link.textContent = doc.sweep.trace_id;
      trace.appendChild(link);
    } else {
      trace.append(doc.sweep.trace_id || '-');
    }
    const attempts = document.getElementById('attempts');
    header(attempts, [['#', 'number'], ['silo'], ['started (UTC)'], ['ended (UTC)'], ['error'], ['run', 'number']]);
    attempts.tBodies[0].replaceChildren(...t.attempts.map((a) => {
      const row = document.createElement('tr');
      cell(row, String(a.number), 'number');
      cell(row, a.silo || '-');
      cell(row, utc(a.started));
      cell(row, utc(a.ended));
      cell(row, a.error || '', 'label');
      cell(row, a.run === null ? '-' : String(a.run), 'number');
      return row;
    }));
    const series = Object.entries(t.history).filter(([, values]) => values.length > 0);
    const epochs = Math.max(0, ...series.map(([, values]) => values.length));
    const history = document.getElementById('history');
    header(history, [['epoch', 'number'], ...series.map(([name]) => [name, 'number'])]);
    history.tBodies[0].replaceChildren(...Array.from({ length: epochs }, (_, e) => {
      const row = document.createElement('tr');
      cell(row, String(e + 1), 'number');
      for (const [, values] of series) cell(row, f(values[e]), 'number');
      return row;
    }));
  }

  const page = document.body.dataset.page;
  if (page === 'sweeps') {
    followSweeps();
  } else if (page === 'sweep') {
    followSweep(document.body.dataset.sweep);
  } else if (page === 'configuration') {
    showConfiguration(document.body.dataset.sweep, document.body.dataset.configuration).catch(fail);
  } else if (page === 'trial') {
    showTrial(document.body.dataset.sweep, document.body.dataset.configuration, document.body.dataset.seed).catch(fail);
  }
})();
