'use strict';

// The sweep page's figures, drawn in the browser with uPlot (/static/uPlot.iife.min.js): the learning curves of the
// configurations picked (mean over completed seeds, ±1 std band; /api/sweeps/{id}/curves). sweep.js hands over each read of
// the results as a 'sweep:results' event; while the sweep runs the curves are read again at most every few seconds.
// Hovering a figure shows its values at the cursor in the legend below it. Texts from the store go in as textContent.
// The configurations picked here are the other figures' too (grid-figures.js): window.sweepFigures.chosen() lists them,
// pick(id) adds or drops one, colorOf(id) is its colour in every figure, and each change is a 'sweep:picked' event.
(() => {
  const section = document.getElementById('figures');
  if (!section || typeof uPlot === 'undefined') return;

  const api = `/api/sweeps/${encodeURIComponent(document.body.dataset.sweep)}/curves`;
  const defaultCount = 5;
  const pause = 3000;
  const metrics = ['val_accuracy', 'accuracy', 'val_loss', 'loss'];
  const colors = ['#0969da', '#cf222e', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0a7d8c', '#6e7781', '#fb8500', '#2da44e'];
  const color = (i) => colors[i % colors.length];
  const { fixed, element, plotWidth, getJson, reader } = window.sweepCommon;
  const readout = (mean, std) => (mean === null || mean === undefined ? '-' : `${fixed(mean)} ± ${fixed(std)}`);

  // The plots, for the console and for tests.
  const figures = (window.sweepFigures = {});

  // ±1 std bands under the lines, painted before uPlot draws the series. bands[si][i] is [low, high] at x index i.
  function paintBands(u, bands) {
    const { ctx } = u;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    for (let si = 1; si < u.series.length; si++) {
      if (!u.series[si].show || !bands[si]) continue;
      const xs = u.data[0];
      const upper = [];
      const lower = [];
      bands[si].forEach((b, i) => {
        if (!b) return;
        const x = u.valToPos(xs[i], 'x', true);
        upper.push([x, u.valToPos(b[1], 'y', true)]);
        lower.push([x, u.valToPos(b[0], 'y', true)]);
      });
      if (upper.length === 0) continue;
      ctx.beginPath();
      [...upper, ...lower.reverse()].forEach(([x, y], k) => (k === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
      ctx.closePath();
      ctx.globalAlpha = 0.15;
      ctx.fillStyle = u.series[si].stroke();
      ctx.fill();
      ctx.globalAlpha = 1;
    }

    ctx.restore();
  }

  function yRange(bands) {
    const values = bands.flat().filter(Boolean).flat();
    let low = Math.min(...values);
    let high = Math.max(...values);
    if (!(low < high)) {
      low -= 0.5;
      high += 0.5;
    }

    const pad = (high - low) * 0.05;
    return [low - pad, high + pad];
  }

  // The learning curves: a metric, a list of configurations to pick from (the top 5 until the reader picks), a plot.
  const curves = (() => {
    const metric = element('select', { id: 'curves-metric' }, ...metrics.map((m) => element('option', { value: m, textContent: m })));
    const picker = element('fieldset', { id: 'curves-picker', className: 'picker' }, element('legend', { textContent: 'configurations' }));
    const note = element('p', { id: 'curves-note', className: 'note' });
    const plotBox = element('div', { id: 'curves-plot' });
    section.append(
      element('h2', { textContent: 'Learning curves' }),
      element('p', {}, element('label', { textContent: 'history ' }, metric), ' mean over completed seeds, ±1 std band; hover for values'),
      picker,
      plotBox,
      note,
    );

    let ranking = [];
    let picked = null; // null: the first defaultCount by rank
    let plot = null;
    let plotKey = '';
    let bands = [];
    let stds = [];

    const chosen = () => (picked ? ranking.filter((c) => picked.has(c.id)) : ranking.slice(0, defaultCount)).map((c) => c.id);
    const announce = () => document.dispatchEvent(new CustomEvent('sweep:picked', { detail: chosen() }));
    figures.chosen = chosen;
    figures.colorOf = (id) => {
      const i = chosen().indexOf(id);
      return i < 0 ? '#8888' : color(i);
    };
    figures.pick = (id) => {
      picked = new Set(chosen());
      if (!picked.delete(id)) picked.add(id);
      showPicker();
      load();
      announce();
    };

    function showPicker() {
      const ids = new Set(chosen());
      const boxes = ranking.map((c) => {
        const box = element('input', { type: 'checkbox', value: c.id, checked: ids.has(c.id) });
        box.addEventListener('change', () => {
          picked = new Set([...picker.querySelectorAll('input:checked')].map((b) => b.value));
          load();
          announce();
        });
        return element('label', { title: c.id }, box, ` #${c.rank} ${c.label}`);
      });
      picker.replaceChildren(picker.firstChild, ...boxes);
    }

    function draw(body) {
      const configurations = body.configurations.filter((c) => c.epochs.length > 0);
      const xs = [...new Set(configurations.flatMap((c) => c.epochs))].sort((a, b) => a - b);
      const at = new Map(xs.map((x, i) => [x, i]));
      const means = configurations.map((c) => {
        const column = xs.map(() => null);
        c.epochs.forEach((e, k) => (column[at.get(e)] = c.mean[k]));
        return column;
      });
      stds = configurations.map((c) => {
        const column = xs.map(() => null);
        c.epochs.forEach((e, k) => (column[at.get(e)] = c.std[k]));
        return column;
      });
      bands = [null, ...configurations.map((c, s) => means[s].map((m, i) => (m === null ? null : [m - stds[s][i], m + stds[s][i]])))];
      const data = [xs, ...means];
      note.textContent = body.configurations.length === 0
        ? 'Pick configurations to draw.'
        : configurations.length < body.configurations.length ? 'Configurations without a completed seed (or without this history) are not drawn.' : '';

      const key = `${body.metric} ${configurations.map((c) => `${c.id}:${c.n}`).join(',')}`;
      figures.curvesData = body;
      if (plot && key === plotKey) {
        plot.setData(data);
        return;
      }

      if (plot) plot.destroy();
      plotKey = key;
      if (configurations.length === 0) {
        plot = null;
        figures.curves = null;
        return;
      }

      const series = [
        { label: 'epoch', value: (u, v) => (v === null || v === undefined ? '-' : String(v)) },
        ...configurations.map((c, s) => ({
          label: `#${c.rank} ${c.label} (n=${c.n})`,
          stroke: figures.colorOf(c.id),
          width: 2,
          spanGaps: true,
          points: { show: false },
          value: (u, v, si, i) => (i === null || i === undefined ? '-' : readout(u.data[si][i], stds[si - 1][i])),
        })),
      ];
      plot = new uPlot(
        {
          width: plotWidth(section),
          height: 360,
          series,
          scales: { x: { time: false }, y: { range: () => yRange(bands) } },
          axes: [{ label: 'epoch' }, { label: body.metric }],
          hooks: { drawClear: [(u) => paintBands(u, bands)] },
        },
        data,
        plotBox,
      );
      figures.curves = plot;
    }

    // One read at a time; a change during a read asks for one more after it.
    const { load, follow } = reader({
      pause,
      read: async () => {
        const ids = chosen();
        if (ids.length === 0) {
          draw({ metric: metric.value, configurations: [] });
          return;
        }

        draw(await getJson(`${api}?metric=${encodeURIComponent(metric.value)}&configs=${encodeURIComponent(ids.join(','))}`));
      },
      onError: (error) => {
        note.textContent = `cannot draw the curves: ${error.message}`;
        console.error(error);
      },
    });

    metric.addEventListener('change', load);

    // A read of the results: new ranking, maybe new trials. The curves follow at most every few seconds, and once
    // more when the sweep has ended.
    return (doc) => {
      ranking = doc.configurations.map((c) => ({ id: c.id, label: c.label, rank: c.rank }));
      showPicker();
      follow(doc.sweep.state);
    };
  })();

  document.addEventListener('sweep:results', (event) => curves(event.detail));
})();
