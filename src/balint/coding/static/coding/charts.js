// The analysis views' charts: the theme timeline as small multiples (one small line chart per shown theme,
// every one on the same scale) and the categories over time. Data from the json_script "timeline-data".
(() => {
  "use strict";

  const INK = "#1f2a33";
  const LINE = "#2f6f73";

  function drawMultiple(canvas, data, theme) {
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.months,
        datasets: [{
          label: theme.name,
          data: theme.counts,
          borderColor: LINE,
          backgroundColor: "rgba(47, 111, 115, 0.15)",
          fill: true,
          tension: 0,
          borderWidth: 2,
          pointRadius: 2,
        }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item) => `${item.formattedValue} codings` } },
        },
        scales: {
          y: { beginAtZero: true, max: data.top, ticks: { precision: 0, maxTicksLimit: 3, color: INK } },
          x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 4, color: INK }, grid: { display: false } },
        },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const source = document.getElementById("timeline-data");
    if (!source || !window.Chart) return;
    const data = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-theme]").forEach((canvas) => {
      const theme = data.themes[Number(canvas.dataset.theme)];
      if (theme) drawMultiple(canvas, data, theme);
    });
    const categories = document.querySelector("canvas[data-categories]");
    if (categories) {
      new window.Chart(categories, {
        type: "bar",
        data: {
          labels: data.months,
          datasets: data.categories.map((row) => ({ label: row.name, data: row.counts, backgroundColor: row.colour })),
        },
        options: {
          maintainAspectRatio: false,
          animation: false,
          scales: { x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true } }, y: { stacked: true, beginAtZero: true } },
          plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        },
      });
    }
  });
})();
