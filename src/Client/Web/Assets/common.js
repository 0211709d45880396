'use strict';

// What the pages' scripts share, as the one global window.sweepCommon. Every page loads this script first (all of them
// with defer, so in document order), and the others take what they use from it when they run.
//
// Texts, each '-' for a missing value (null or undefined):
//   f(v): 3 decimals; fixed(v): 4 decimals; signed(v): 3 decimals with '+' when above 0; p(v): a p-value, '<0.001' below
//   0.001; meanStd(s) and interval(s): a summary { n, mean, std, ci95_low, ci95_high } as 'mean ± std' and '[low, high]'
//   ('-' with too few values); mark(verdict): '▲ ' for better, '▼ ' for worse; utc(t): a time as 'YYYY-MM-DD hh:mm:ss'.
// Elements (texts go in as textContent, never as HTML):
//   element(tag, props, ...children); cell(row, text, className) and linkCell(row, text, href, className) append a td
//   and return it; header(table, [[name, className]]) replaces the table's head.
// Addresses: sweepPath(sweep), configurationPath(sweep, id), trialPath(sweep, id, seed): the pages'.
// Reads: getJson(url) and getText(url) read an endpoint of this app, past any cache; a status that is not OK throws
//   'url: status error' with the error the endpoint returned. fail(error) shows why the results cannot be read.
// Figures: plotWidth(container): a figure's width in CSS pixels; hasEnded(state): whether a sweep in this state has ended;
//   reader({ pause, read, onError }): read() one at a time (see below).
window.sweepCommon = (() => {
  const missing = (v) => v === null || v === undefined;
  const f = (v) => (missing(v) ? '-' : v.toFixed(3));
  const fixed = (v) => (missing(v) ? '-' : v.toFixed(4));
  const signed = (v) => (missing(v) ? '-' : (v > 0 ? '+' : '') + v.toFixed(3));
  const p = (v) => (missing(v) ? '-' : v < 0.001 ? '<0.001' : v.toFixed(3));
  const meanStd = (s) => (!s || s.n === 0 ? '-' : s.n === 1 ? f(s.mean) : `${f(s.mean)} ± ${f(s.std)}`);
  const interval = (s) => (s && s.n > 1 ? `[${f(s.ci95_low)}, ${f(s.ci95_high)}]` : '-');
  const mark = (verdict) => (verdict === 'better' ? '▲ ' : verdict === 'worse' ? '▼ ' : '');
  const utc = (t) => (t ? new Date(t).toISOString().replace('T', ' ').slice(0, 19) : '-');

  function element(tag, props, ...children) {
    const e = document.createElement(tag);
    Object.assign(e, props);
    e.append(...children);
    return e;
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  // A cell holding a link with the given text.
  function linkCell(row, text, href, className) {
    const link = document.createElement('a');
    link.href = href;
    link.textContent = text;
    const td = cell(row, '', className);
    td.appendChild(link);
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

  const sweepPath = (sweep) => `/sweeps/${encodeURIComponent(sweep)}`;
  const configurationPath = (sweep, id) => `${sweepPath(sweep)}/configurations/${encodeURIComponent(id)}`;
  const trialPath = (sweep, id, seed) => `${sweepPath(sweep)}/trials/${encodeURIComponent(id)}/${seed}`;

  async function read(url) {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) {
      throw new Error(`${url}: ${response.status} ${(await response.json()).error}`);
    }

    return response;
  }

  const getJson = async (url) => (await read(url)).json();
  const getText = async (url) => (await read(url)).text();

  function fail(error) {
    const state = document.getElementById('state') || document.querySelector('main');
    state.textContent = `cannot read the results: ${error.message}`;
    console.error(error);
  }

  const plotWidth = (container) => Math.max(320, Math.min(960, container.clientWidth || 960));
  const hasEnded = (state) => ['completed', 'failed', 'cancelled', 'interrupted'].includes(state);

  // A figure's reads of the server: one at a time, and a change during a read asks for one more after it (however many
  // came), so the figure ends up drawn from a read that began after the last change. load() reads now (or after the
  // read under way); follow(state), on each read of the results, reads at most every pause milliseconds while the sweep
  // runs, and once more as soon as it has ended. read() is one read (it may return early, as having nothing to draw);
  // onError(error) shows a read that failed.
  function reader({ pause, read: readOnce, onError }) {
    let last = 0;
    let timer = null;
    let reading = null;
    let again = false;
    let ended = false;

    async function load() {
      clearTimeout(timer);
      timer = null;
      if (reading) {
        again = true;
        return;
      }

      reading = (async () => {
        do {
          again = false;
          last = Date.now();
          await readOnce();
        } while (again);
      })();
      try {
        await reading;
      } catch (error) {
        onError(error);
      } finally {
        reading = null;
      }
    }

    function follow(state) {
      const wasEnded = ended;
      ended = hasEnded(state);
      const wait = pause - (Date.now() - last);
      if (last === 0 || wait <= 0 || (ended && !wasEnded)) {
        load();
      } else if (!timer) {
        timer = setTimeout(load, wait);
      }
    }

    return { load, follow };
  }

  return Object.freeze({
    f, fixed, signed, p, meanStd, interval, mark, utc,
    element, cell, linkCell, header,
    sweepPath, configurationPath, trialPath,
    getJson, getText, fail,
    plotWidth, hasEnded, reader,
  });
})();
