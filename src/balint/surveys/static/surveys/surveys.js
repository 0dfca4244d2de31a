// Likert charts on the survey results page; the data comes from the json_script tag "survey-charts".
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("survey-charts");
  if (!source || typeof Chart === "undefined") return;
  const charts = JSON.parse(source.textContent);
  const colours = ["#a12622", "#d9822b", "#b8c4cd", "#6aa5a8", "#2f6f73", "#1f4f52", "#13393b"];
  charts.forEach((chart) => {
    const canvas = document.getElementById(chart.id);
    if (!canvas) return;
    const n = chart.labels.length;
    const palette = n === 5 ? [colours[0], colours[1], colours[2], colours[3], colours[4]] : colours.slice(0, n);
    new Chart(canvas, {
      type: "bar",
      data: { labels: chart.labels, datasets: [{ label: "Answers", data: chart.counts, backgroundColor: palette }] },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  });
});
