'use strict';

// The picker of two sweeps to compare (on the list of sweeps and the comparison's page), and the comparison itself from
// /api/compare, with common.js's helpers (window.sweepCommon). Every text from the store goes in as textContent, never as HTML.
(() => {
  const { signed, p, meanStd, interval, mark, cell, linkCell, header, configurationPath, getJson, fail } = window.sweepCommon;

  // Both lists hold every sweep, newest first; a and b are the ones chosen, else the second newest and the newest.
  async function fillPicker(a, b) {
    const { sweeps } = await getJson('/api/sweeps');
    const newest = [...sweeps].reverse();
    for (const [id, chosen] of [['compare-a', a || (newest[1] || newest[0] || {}).id], ['compare-b', b || (newest[0] || {}).id]]) {
      const select = document.getElementById(id);
      select.replaceChildren(...newest.map((s) => {
        const option = document.createElement('option');
        option.value = s.id;
        option.textContent = `${s.name} (${s.id})`;
        option.selected = s.id === chosen;
        return option;
      }));
    }

    document.getElementById('compare-form').hidden = sweeps.length < 2 && document.body.dataset.page === 'sweeps';
  }

  function showList(id, sweep, configurations) {
    document.getElementById(id).replaceChildren(...configurations.map((c) => {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = configurationPath(sweep, c.id);
      link.textContent = c.label;
      item.appendChild(link);
      return item;
    }));
  }

  async function showComparison(a, b) {
    const doc = await getJson(`/api/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
    const name = (s) => `${s.name} (${s.id})`;
    document.getElementById('title').textContent = `${name(doc.b)} against ${name(doc.a)}`;
    document.title = `${doc.b.name} against ${doc.a.name} · Sweep`;
    const tested = doc.configurations.filter((c) => c.verdict !== 'untested').length;
    document.getElementById('state').textContent =
      `${doc.configurations.length} configurations in both, ${doc.only_a.length} only in a, ${doc.only_b.length} only in b; ` +
      `by ${doc.metric} (${doc.higher_is_better ? 'higher' : 'lower'} is better)`;
    const table = document.getElementById('comparison');
    header(table, [['configuration'], ['n a', 'number'], [`a ${doc.metric} (mean ± std)`, 'number'], ['a 95% CI', 'number'],
      ['n b', 'number'], [`b ${doc.metric} (mean ± std)`, 'number'], ['b 95% CI', 'number'], ['Δ b − a [95% CI]', 'number'], ['p (Holm)', 'number'], ['verdict']]);
    table.tBodies[0].replaceChildren(...doc.configurations.map((c) => {
      const row = document.createElement('tr');
      linkCell(row, c.label, configurationPath(doc.a.id, c.id), 'label');
      for (const side of [c.a, c.b]) {
        cell(row, String(side.n), 'number');
        cell(row, meanStd(side), 'number');
        cell(row, interval(side), 'number');
      }

      const verdict = c.verdict === 'better' || c.verdict === 'worse' ? c.verdict : '';
      const range = c.ci95_low === null ? '' : ` [${signed(c.ci95_low)}, ${signed(c.ci95_high)}]`;
      cell(row, `${mark(c.verdict)}${signed(c.difference)}${range}`, `number ${verdict}`);
      cell(row, p(c.p_holm), 'number');
      cell(row, c.verdict, verdict);
      return row;
    }));
    document.getElementById('notes').textContent =
      `Δ is b's mean less a's, with the 95% interval of Welch's t-test; p is Holm-adjusted for ${tested} comparisons; ` +
      '▲/▼: b better/worse than a at p ≤ 0.05; untested: fewer than two values on a side.';
    document.getElementById('only').hidden = doc.only_a.length + doc.only_b.length === 0;
    document.getElementById('only-a-title').textContent = `Only in a: ${name(doc.a)}`;
    document.getElementById('only-b-title').textContent = `Only in b: ${name(doc.b)}`;
    showList('only-a', doc.a.id, doc.only_a);
    showList('only-b', doc.b.id, doc.only_b);
  }

  const { page, a, b } = document.body.dataset;
  if (page === 'sweeps' || page === 'compare') {
    fillPicker(a, b).catch(fail);
  }

  if (page === 'compare' && a && b) {
    showComparison(a, b).catch(fail);
  }
})();
