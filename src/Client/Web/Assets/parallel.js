'use strict';

// Parallel coordinates on a canvas, for the sweep page (uPlot has none): one vertical axis per dimension, one polyline
// per item through its value on each. An axis is 'category' (its categories evenly spaced, the first at the bottom),
// 'linear', or 'log' (base 10). A missing value (null) sits on a slot marked n/a below the axis's values. Its width is
// the other figures' (common.js).
//
//   const view = ParallelCoordinates(container, { axes, lines, colorOf, format, onHover, onClick });
//   axes: [{ name, scale, categories }]; lines: [{ id, values }] (values in axis order); colorOf(id): a CSS colour for
//   a line drawn on top, null for one drawn faint; format(axisIndex, value): the text of a value; onHover(line or
//   null) and onClick(line): what the pointer does. view.redraw() after colours change, view.point(line, axis): a
//   vertex's place in client (page) coordinates, view.destroy() to remove it.
window.ParallelCoordinates = (container, { axes, lines, colorOf, format, onHover, onClick }) => {
  const height = 340;
  const margin = { top: 28, right: 70, bottom: 22, left: 70 };
  const reach = 8; // how near (pixels) the pointer must be to a line to hover it
  const ratio = window.devicePixelRatio || 1;
  const width = window.sweepCommon.plotWidth(container);
  const canvas = document.createElement('canvas');
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  container.replaceChildren(canvas);
  const ctx = canvas.getContext('2d');
  ctx.scale(ratio, ratio);
  const ink = getComputedStyle(container).color || '#000';

  // Where values go on each axis, from 0 (bottom) to 1 (top); an axis with a missing value keeps 0 for n/a.
  const scales = axes.map((axis, a) => {
    const present = lines.map((l) => l.values[a]).filter((v) => v !== null && v !== undefined);
    const missing = present.length < lines.length;
    const low = missing ? 0.12 : 0;
    const span = (t) => low + ((1 - low) * t);
    if (axis.scale === 'category') {
      const k = axis.categories.length;
      const t = (v) => span(k < 2 ? 0.5 : axis.categories.indexOf(v) / (k - 1));
      return { missing, t, ticks: axis.categories.map((c) => [t(c), c]) };
    }

    const log = axis.scale === 'log';
    const f = (v) => (log ? Math.log10(v) : v);
    const min = Math.min(...present.map(f));
    const max = Math.max(...present.map(f));
    const t = (v) => span(max > min ? (f(v) - min) / (max - min) : 0.5);
    const ends = present.length === 0 ? [] : [Math.min(...present), Math.max(...present)];
    const decades = log ? Array.from({ length: Math.floor(max) - Math.ceil(min) + 1 }, (_, i) => 10 ** (Math.ceil(min) + i)) : [];
    const ticks = [...new Set([...ends, ...decades])].map((v) => [t(v), format(a, v)]);
    return { missing, t, ticks };
  });

  const x = (a) => margin.left + (axes.length < 2 ? (width - margin.left - margin.right) / 2 : (a * (width - margin.left - margin.right)) / (axes.length - 1));
  const y = (t) => height - margin.bottom - (t * (height - margin.top - margin.bottom));
  const place = (line, a) => {
    const v = line.values[a];
    return [x(a), y(v === null || v === undefined ? 0 : scales[a].t(v))];
  };

  let hovered = null;

  function stroke(line, style, lineWidth) {
    ctx.beginPath();
    axes.forEach((_, a) => {
      const [px, py] = place(line, a);
      if (a === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    });
    ctx.strokeStyle = style;
    ctx.lineWidth = lineWidth;
    ctx.stroke();
  }

  function redraw() {
    ctx.clearRect(0, 0, width, height);
    ctx.globalAlpha = 0.35;
    lines.filter((l) => !colorOf(l.id)).forEach((l) => stroke(l, '#8888', 1));
    ctx.globalAlpha = 1;
    lines.filter((l) => colorOf(l.id)).forEach((l) => stroke(l, colorOf(l.id), 2));
    if (hovered) stroke(hovered, ink, 3);
    ctx.fillStyle = ink;
    ctx.strokeStyle = ink;
    ctx.lineWidth = 1;
    ctx.font = '12px system-ui, sans-serif';
    axes.forEach((axis, a) => {
      ctx.beginPath();
      ctx.moveTo(x(a), y(0));
      ctx.lineTo(x(a), y(1));
      ctx.stroke();
      ctx.textAlign = 'center';
      ctx.fillText(axis.name, x(a), margin.top - 12);
      ctx.textAlign = a === axes.length - 1 && axes.length > 1 ? 'left' : 'right';
      const dx = ctx.textAlign === 'left' ? 5 : -5;
      const ticks = scales[a].missing ? [[0, 'n/a'], ...scales[a].ticks] : scales[a].ticks;
      ticks.forEach(([t, text]) => ctx.fillText(text, x(a) + dx, y(t) + 4));
    });
  }

  // The line nearest the pointer, if within reach: the distance to each of its segments.
  function nearest(px, py) {
    let best = null;
    let bestDistance = reach;
    for (const line of lines) {
      for (let a = 0; a < axes.length; a++) {
        const [x0, y0] = place(line, a);
        const [x1, y1] = place(line, Math.min(a + 1, axes.length - 1));
        const dx = x1 - x0;
        const dy = y1 - y0;
        const along = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy)));
        const distance = Math.hypot(px - (x0 + along * dx), py - (y0 + along * dy));
        if (distance < bestDistance) {
          bestDistance = distance;
          best = line;
        }
      }
    }

    return best;
  }

  const pointer = (event) => {
    const r = canvas.getBoundingClientRect();
    return nearest(event.clientX - r.left, event.clientY - r.top);
  };

  canvas.addEventListener('mousemove', (event) => {
    const line = pointer(event);
    if (line === hovered) return;
    hovered = line;
    canvas.style.cursor = line ? 'pointer' : '';
    redraw();
    onHover(line);
  });
  canvas.addEventListener('mouseleave', () => {
    hovered = null;
    redraw();
    onHover(null);
  });
  canvas.addEventListener('click', (event) => {
    const line = pointer(event);
    if (line) onClick(line);
  });

  redraw();
  return {
    redraw,
    point(line, a) {
      const r = canvas.getBoundingClientRect();
      const [px, py] = place(line, a);
      return [r.left + px, r.top + py];
    },
    destroy: () => canvas.remove(),
  };
};
