'use strict';

// The sweep page's figures beside the curves, from /api/sweeps/{id}/figures, as the report draws them: the ranking
// metric's mean and 95% interval against each regularization coefficient (uPlot, log x axis, the baseline's mean as a
// dashed line in its interval's band); test accuracy against sparsity, each trial of the configurations picked for the
// curves a dot and each one's mean ±1 std a diamond with bars (uPlot); and parallel coordinates over the grid settings
// that vary and the metric's mean (parallel.js). Hovering shows values; the configurations picked for the curves are
// marked in every figure in the curves' colours, and a click on a line of the parallel coordinates picks or drops it.
// A figure that does not apply says why. Texts from the store go in as textContent.
(() => {
  const section = document.getElementById('figures');
  const figures = window.sweepFigures;
  if (!section || !figures || !figures.chosen || typeof uPlot === 'undefined' || !window.ParallelCoordinates) return;

  const api = `/api/sweeps/${encodeURIComponent(document.body.dataset.sweep)}/figures`;
  const pause = 3000;
  const { fixed, element, plotWidth, getText, reader } = window.sweepCommon;
  const interval = (s) => (s.n > 1 ? `${fixed(s.mean)} [${fixed(s.ci95_low)}, ${fixed(s.ci95_high)}]` : fixed(s.mean));
  const spread = (s) => (s.n > 1 ? `${fixed(s.mean)} ± ${fixed(s.std)}` : fixed(s.mean));
  const width = () => plotWidth(section);

  // A figure's place on the page: a heading, a line saying what it shows, the plot, and a note for what it cannot show.
  function box(id, title, caption, ...controls) {
    const plot = element('div', { id: `${id}-plot` });
    const note = element('p', { id: `${id}-note`, className: 'note' });
    section.append(element('h2', { textContent: title }), element('p', {}, ...controls, caption), plot, note);
    return { plot, note, chart: null };
  }

  function replace(figure, name, chart) {
    if (figure.chart) figure.chart.destroy();
    figure.chart = chart;
    figures[name] = chart;
  }

  // Padded [min, max] of the values, for a y scale.
  function range(values) {
    let [low, high] = [Math.min(...values), Math.max(...values)];
    if (!(low < high)) [low, high] = [low - 0.5, high + 0.5];
    const pad = (high - low) * 0.05;
    return [low - pad, high + pad];
  }

  // Strokes within the plot's area, in canvas pixels: draw(ctx, u) after the series.
  const painter = (draw) => (u) => {
    const { ctx } = u;
    const { left, top, width: w, height: h } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, w, h);
    ctx.clip();
    draw(ctx, u);
    ctx.restore();
  };

  const coefficients = box('coefficients', 'Metric by coefficient', ' mean and 95% interval against the one non-zero regularization coefficient (log scale), one line per regularizer; dashed: the baseline; rings: configurations picked above; hover for values');
  const x = element('select', { id: 'sparsity-x' });
  const sparsity = box('sparsity', 'Sparsity', ' test accuracy of each trial (dots) of the configurations picked above, their means ±1 std (diamonds); hover for values', element('label', { textContent: 'against ' }, x));
  const settings = box('settings', 'Grid settings', ' one axis per grid setting that varies and the mean of the metric, one line per configuration; picked configurations in colour; hover a line for its values, click it to pick or drop it');
  const readout = element('p', { id: 'settings-readout', className: 'readout' });
  settings.plot.after(readout);

  function drawCoefficients(body) {
    const { series, baseline, note } = body.coefficients;
    coefficients.note.textContent = note || '';
    if (series.length === 0) return replace(coefficients, 'coefficients', null);
    const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.coefficient)))].sort((a, b) => a - b);
    const at = (s) => xs.map((c) => s.points.find((p) => p.coefficient === c) || null);
    const points = series.map(at);
    const base = baseline && baseline.summary.n > 0 ? baseline.summary : null;
    const ys = series.flatMap((s) => s.points.flatMap((p) => [p.summary.ci95_low, p.summary.ci95_high, p.summary.mean]))
      .concat(base ? [base.mean, base.ci95_low, base.ci95_high] : []).filter((v) => v !== null);
    const decades = [Math.floor(Math.log10(xs[0]) - 0.5), Math.ceil(Math.log10(xs[xs.length - 1]) + 0.5)];
    const colors = ['#0969da', '#cf222e', '#1a7f37', '#9a6700', '#8250df', '#bf3989'];
    const paint = painter((ctx, u) => {
      if (base) {
        const [y0, y1, ym] = [base.ci95_low ?? base.mean, base.ci95_high ?? base.mean, base.mean].map((v) => u.valToPos(v, 'y', true));
        ctx.fillStyle = '#8883';
        ctx.fillRect(u.bbox.left, Math.min(y0, y1), u.bbox.width, Math.abs(y1 - y0));
        ctx.setLineDash([6, 4]);
        ctx.strokeStyle = '#888';
        ctx.beginPath();
        ctx.moveTo(u.bbox.left, ym);
        ctx.lineTo(u.bbox.left + u.bbox.width, ym);
        ctx.stroke();
        ctx.setLineDash([]);
      }

      points.forEach((column, s) => column.forEach((p, i) => {
        if (!p || !u.series[s + 1].show) return;
        const px = u.valToPos(xs[i], 'x', true);
        ctx.strokeStyle = colors[s % colors.length];
        ctx.lineWidth = 1.5 * devicePixelRatio;
        if (p.summary.n > 1) {
          ctx.beginPath();
          ctx.moveTo(px, u.valToPos(p.summary.ci95_low, 'y', true));
          ctx.lineTo(px, u.valToPos(p.summary.ci95_high, 'y', true));
          ctx.stroke();
        }

        if (figures.chosen().includes(p.id)) {
          ctx.strokeStyle = figures.colorOf(p.id);
          ctx.beginPath();
          ctx.arc(px, u.valToPos(p.summary.mean, 'y', true), 8 * devicePixelRatio, 0, 2 * Math.PI);
          ctx.stroke();
        }
      }));
    });
    const chart = new uPlot(
      {
        width: width(),
        height: 320,
        series: [
          { label: 'coefficient', value: (u, v) => (v === null || v === undefined ? '-' : String(v)) },
          ...series.map((s, k) => ({
            label: s.name,
            stroke: colors[k % colors.length],
            width: 2,
            spanGaps: true,
            points: { show: true, size: 8 },
            value: (u, v, si, i) => (i === null || i === undefined || !points[si - 1][i] ? '-' : `#${points[si - 1][i].rank} ${interval(points[si - 1][i].summary)}`),
          })),
        ],
        scales: { x: { time: false, distr: 3, log: 10, range: () => decades.map((d) => 10 ** d) }, y: { range: () => range(ys) } },
        axes: [{ label: 'coefficient (log scale)' }, { label: body.metric }],
        hooks: { draw: [paint] },
      },
      [xs, ...points.map((column) => column.map((p) => (p ? p.summary.mean : null)))],
      coefficients.plot,
    );
    replace(coefficients, 'coefficients', chart);
    if (base) coefficients.note.textContent = `baseline ${baseline.label}: ${interval(base)}`;
  }

  function drawSparsity(body) {
    const name = x.value || 'zero_fraction';
    const { configurations } = body.sparsity.x[name];
    sparsity.note.textContent = body.sparsity.note || '';
    if (configurations.length === 0) return replace(sparsity, 'sparsity', null);

    // Every trial its own slot on the x axis (sorted; equal values side by side), its y in its configuration's series.
    const dots = configurations.flatMap((c, s) => c.x.map((v, k) => ({ x: v, y: c.y[k], s }))).filter((d) => d.x !== null && d.y !== null);
    dots.sort((a, b) => a.x - b.x);
    const data = [dots.map((d) => d.x), ...configurations.map((_, s) => dots.map((d) => (d.s === s ? d.y : null)))];
    const bars = (key) => configurations.flatMap((c) => [c[key].mean - (c[key].std || 0), c[key].mean + (c[key].std || 0)]).filter((v) => !Number.isNaN(v));
    const ys = dots.map((d) => d.y).concat(bars('y_summary'));
    const xs = dots.map((d) => d.x).concat(bars('x_summary'));
    const paint = painter((ctx, u) => configurations.forEach((c, s) => {
      if (!u.series[s + 1].show || c.x_summary.mean === null) return;
      const [mx, my] = [u.valToPos(c.x_summary.mean, 'x', true), u.valToPos(c.y_summary.mean, 'y', true)];
      const [dx, dy] = [c.x_summary.std || 0, c.y_summary.std || 0];
      ctx.strokeStyle = ctx.fillStyle = figures.colorOf(c.id);
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(u.valToPos(c.x_summary.mean - dx, 'x', true), my);
      ctx.lineTo(u.valToPos(c.x_summary.mean + dx, 'x', true), my);
      ctx.moveTo(mx, u.valToPos(c.y_summary.mean - dy, 'y', true));
      ctx.lineTo(mx, u.valToPos(c.y_summary.mean + dy, 'y', true));
      ctx.stroke();
      const r = 7 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(mx, my - r);
      ctx.lineTo(mx + r, my);
      ctx.lineTo(mx, my + r);
      ctx.lineTo(mx - r, my);
      ctx.closePath();
      ctx.fill();
    }));
    const chart = new uPlot(
      {
        width: width(),
        height: 320,
        series: [
          { label: name, value: (u, v) => fixed(v) },
          ...configurations.map((c) => ({
            label: `#${c.rank} ${c.label}: mean ${spread(c.y_summary)} at ${spread(c.x_summary)}`,
            stroke: figures.colorOf(c.id),
            paths: () => null,
            points: { show: true, size: 6, fill: figures.colorOf(c.id) },
            value: (u, v) => fixed(v),
          })),
        ],
        scales: { x: { time: false, auto: true, range: () => range(xs) }, y: { range: () => range(ys) } },
        axes: [{ label: body.sparsity.x[name].title }, { label: body.sparsity.y }],
        hooks: { draw: [paint] },
      },
      data,
      sparsity.plot,
    );
    replace(sparsity, 'sparsity', chart);
  }

  function drawSettings(body) {
    const { axes, configurations, note } = body.settings;
    settings.note.textContent = note || '';
    const all = [...axes, { name: `${body.metric} (mean)`, scale: 'linear', categories: [] }];
    const lines = configurations.map((c) => ({ ...c, values: [...c.values, c.mean] }));
    const format = (a, v) => (v === null || v === undefined ? 'n/a' : a === all.length - 1 ? fixed(v) : typeof v === 'number' ? String(v) : v);
    const chart = ParallelCoordinates(settings.plot, {
      axes: all,
      lines,
      colorOf: (id) => (figures.chosen().includes(id) ? figures.colorOf(id) : null),
      format,
      onHover: (line) => {
        readout.textContent = line ? `#${line.rank} ${line.label}: ${all.map((axis, a) => `${axis.name} ${format(a, line.values[a])}`).join(', ')} (n=${line.n})` : '';
      },
      onClick: (line) => figures.pick(line.id),
    });
    chart.lines = lines;
    replace(settings, 'settings', chart);
  }

  let body = null;
  let text = '';

  function draw() {
    for (const [figure, f] of [[coefficients, drawCoefficients], [sparsity, drawSparsity], [settings, drawSettings]]) {
      try {
        f(body);
      } catch (error) {
        figure.note.textContent = `cannot draw this figure: ${error.message}`;
        console.error(error);
      }
    }
  }

  // One read at a time; a change during a read asks for one more after it. The figures are drawn again when their data
  // changed or the picked configurations did (their colours), not otherwise: a redraw would drop the reader's hover.
  let repaint = false;
  const { load, follow } = reader({
    pause,
    read: async () => {
      const ids = figures.chosen();
      const read = await getText(ids.length === 0 ? api : `${api}?configs=${encodeURIComponent(ids.join(','))}`);
      if (read === text && !repaint) return;
      [text, repaint] = [read, false];
      body = JSON.parse(read);
      if (ids.length === 0) body.sparsity.x = Object.fromEntries(Object.entries(body.sparsity.x).map(([k, v]) => [k, { ...v, configurations: [] }]));
      if (x.options.length === 0) x.append(...Object.entries(body.sparsity.x).map(([k]) => element('option', { value: k, textContent: k })));
      draw();
    },
    onError: (error) => {
      settings.note.textContent = `cannot draw the figures: ${error.message}`;
      console.error(error);
    },
  });

  x.addEventListener('change', () => body && draw());
  document.addEventListener('sweep:picked', () => {
    repaint = true;
    load();
  });

  // A read of the results: the figures follow at most every few seconds, and once more when the sweep has ended.
  document.addEventListener('sweep:results', (event) => follow(event.detail.sweep.state));
})();
