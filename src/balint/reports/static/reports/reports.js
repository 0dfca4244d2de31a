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
        ctx.fillText(marker.label, px + 5, chartArea.top + 12 + 14 * n);
      });
      ctx.restore();
    },
  };

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
