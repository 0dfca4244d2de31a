// Report dashboards and the printable report page. Loaded as a file: the Content-Security-Policy forbids
// inline scripts. Chart data comes from the json_script tag "report-charts"; each <canvas data-chart="key">
// draws the spec under that key. Suppressed cells arrive as null (a gap) with their "<k" text in `notes`.
(function () {
  "use strict";

  // Vertical dashed lines at the start of a period, e.g. the day the group changed its format.
  const markerPlugin = {
    id: "balintMarkers",
    afterDatasetsDraw(chart, _args, options) {
      const markers = (options && options.markers) || [];
      if (!markers.length) return;
      const { ctx, chartArea, scales } = chart;
      const x = scales.x;
      const slot = (x.right - x.left) / Math.max(1, chart.data.labels.length);
      ctx.save();
      markers.forEach((marker, n) => {
        // The x axis is offset (labels centred in their slot), so a slot starts at left + i * slot.
        const px = x.left + slot * marker.index;
        ctx.strokeStyle = "#9a4b00";
        ctx.lineWidth = 1.5;
        ctx.setLineDash([5, 3]);
        ctx.beginPath();
        ctx.moveTo(px, chartArea.top);
        ctx.lineTo(px, chartArea.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = "#9a4b00";
        ctx.font = "bold 11px system-ui, sans-serif";
        // On a narrow chart the label goes on the roomier side of its line and is cut to fit there.
        const roomRight = chartArea.right - px - 5;
        const roomLeft = px - chartArea.left - 5;
        const right = roomRight >= ctx.measureText(marker.label).width || roomRight >= roomLeft;
        const label = fitText(ctx, marker.label, right ? roomRight : roomLeft);
        ctx.textAlign = right ? "left" : "right";
        ctx.fillText(label, right ? px + 5 : px - 5, chartArea.top + 12 + 14 * n);
      });
      ctx.restore();
    },
  };

  function fitText(ctx, text, room) {
    if (ctx.measureText(text).width <= room) return text;
    let cut = text;
    while (cut.length > 1 && ctx.measureText(`${cut}…`).width > room) cut = cut.slice(0, -1);
    return `${cut.trimEnd()}…`;
  }

  // A word longer than a line breaks after its hyphens ("Professional-" / "development"), and only a piece
  // still too long is cut into hyphenated parts: canvas text is never clipped at the chart's edge.
  function pieces(word, width) {
    if (word.length <= width) return [word];
    const parts = word.split(/(?<=[-/])/);
    return parts.flatMap((part) => {
      if (part.length <= width) return [part];
      const cut = [];
      for (let i = 0; i < part.length; i += width - 1) {
        const rest = part.slice(i);
        cut.push(rest.length <= width ? rest : `${part.slice(i, i + width - 1)}-`);
        if (rest.length <= width) break;
      }
      return cut;
    });
  }

  // Words in lines of at most `width` characters, at most `most` lines (the last cut with …).
  function wrap(text, width, most) {
    const lines = [];
    text.split(/\s+/).filter(Boolean).forEach((word) => {
      pieces(word, width).forEach((piece, n) => {
        const last = lines.length - 1;
        const joined = n ? `${lines[last]}${piece}` : `${lines[last]} ${piece}`; // a word's parts join tight
        if (last >= 0 && joined.length <= width) lines[last] = joined;
        else lines.push(piece);
      });
    });
    if (lines.length > most) {
      lines.length = most;
      lines[most - 1] = `${lines[most - 1].slice(0, width - 1).trimEnd()}…`;
    }
    return lines;
  }

  // Diverging bars (Likert statements): floating [start, end] bars on one scale from -max to +max, the
  // neutral answers centred on 0; ticks without sign, the sides named under the axis, shares on the bars.
  const barTextPlugin = {
    id: "balintBarTexts",
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = "bold 11px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      chart.data.datasets.forEach((set, i) => {
        chart.getDatasetMeta(i).data.forEach((bar, j) => {
          const text = set.texts && set.texts[j];
          if (!text || !bar || Math.abs(bar.width) < ctx.measureText(text).width + 6) return;
          ctx.fillStyle = set.ink;
          ctx.fillText(text, (bar.x + bar.base) / 2, bar.y);
        });
      });
      ctx.restore();
    },
  };

  function ink(hex) {
    const channel = (i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? "#1f2a33" : "#ffffff";
  }

  function drawDiverging(canvas, spec) {
    const narrow = canvas.parentElement.clientWidth < 520;
    const labels = spec.labels.map((label, i) => [
      // Narrow: short lines, and as many as a statement needs (the box grows with them) rather than a cut.
      ...wrap(label, narrow ? 18 : 34, narrow ? 8 : 3),
      ...(spec.notes[i] ? [spec.notes[i]] : []),
    ]);
    const unit = spec.unit || "";
    // Room for every statement's lines: the box grows with the rows instead of squeezing the labels.
    const lineHeight = narrow ? 12 : 13;
    // Chart.js gives every statement the same height: the tallest label sets it.
    const tallest = labels.reduce((most, lines) => Math.max(most, lines.length), 2);
    const rows = labels.length * (tallest * lineHeight + 10);
    canvas.parentElement.style.height = `${rows + 110}px`;
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels,
        datasets: spec.datasets.map((set) => ({
          label: set.label,
          data: set.data,
          texts: set.texts,
          ink: ink(set.colour),
          backgroundColor: set.colour,
          borderWidth: 0,
          grouped: false,
          barPercentage: 0.75,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: "y",
        interaction: { mode: "index", intersect: false },
        scales: {
          x: {
            min: -spec.max,
            max: spec.max,
            ticks: { stepSize: narrow && spec.max > 50 ? 50 : 25, callback: (v) => `${Math.abs(v)}${unit}` },
            grid: { color: (c) => (c.tick && c.tick.value === 0 ? "#1f2a33" : "#e3e8ec") },
            title: { display: true, text: `← ${spec.sides[0]}   ·   ${spec.sides[1]} →`, color: "#5b6b78" },
          },
          y: { grid: { display: false }, ticks: { autoSkip: false, font: { size: narrow ? 10 : 11 } } },
        },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              title: (items) => (items.length ? spec.labels[items[0].dataIndex] : ""),
              label(item) {
                const set = spec.datasets[item.datasetIndex];
                const value = set.values[item.dataIndex];
                if (value === null || value === undefined) return `${set.label}: ${set.notes[item.dataIndex] || "–"}`;
                return `${set.label}: ${value}${unit}`;
              },
            },
          },
        },
      },
      plugins: [barTextPlugin],
    });
  }

  function options(spec) {
    const horizontal = Boolean(spec.horizontal);
    const valueAxis = {
      beginAtZero: true,
      stacked: Boolean(spec.stacked),
      max: spec.max || undefined,
      ticks: { precision: 0, callback: (v) => v + (spec.unit || "") },
      grid: { color: "#e3e8ec" },
    };
    const labelAxis = { stacked: Boolean(spec.stacked), grid: { display: false }, offset: true };
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: horizontal ? "y" : "x",
      spanGaps: false,
      interaction: { mode: "index", intersect: false },
      scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12, usePointStyle: false } },
        tooltip: {
          callbacks: {
            label(item) {
              const set = spec.datasets[item.datasetIndex];
              const note = set.notes ? set.notes[item.dataIndex] : null;
              if (item.raw === null || item.raw === undefined) return `${set.label}: ${note || "–"}`;
              return `${set.label}: ${item.formattedValue}${spec.unit || ""}`;
            },
          },
        },
        balintMarkers: { markers: spec.markers || [] },
      },
    };
  }

  function draw(canvas, spec) {
    if (spec.diverging) return drawDiverging(canvas, spec);
    const datasets = spec.datasets.map((set) => ({
      label: set.label,
      data: set.data,
      borderColor: set.colour,
      backgroundColor: set.colour,
      borderWidth: spec.type === "line" ? 2.5 : 0,
      pointRadius: spec.type === "line" ? 3 : 0,
      tension: 0.25,
    }));
    return new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets },
      options: options(spec),
      plugins: [markerPlugin],
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-print]").forEach((button) => {
      button.addEventListener("click", () => window.print());
    });
    const source = document.getElementById("report-charts");
    if (!source || typeof Chart === "undefined") return;
    const specs = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const spec = specs[canvas.dataset.chart];
      if (spec) draw(canvas, spec);
    });
  });
})();
