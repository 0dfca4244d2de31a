// Balint's own small behaviours; loaded as a file because the Content-Security-Policy forbids inline scripts.
document.addEventListener("DOMContentLoaded", () => {
  // Confirm destructive actions marked with data-confirm.
  document.body.addEventListener("submit", (event) => {
    const message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });
});

// Every Chart.js chart gets its numbers as a table under it (WCAG 1.1.1: a text alternative that carries the
// data, not only a label). Registered before the pages' own DOMContentLoaded handlers draw their charts.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.Chart) return;
  const cell = (tag, text, scope) => {
    const node = document.createElement(tag);
    node.textContent = text;
    if (scope) node.scope = scope;
    return node;
  };
  const value = (point) => {
    if (point === null || point === undefined) return "–";
    if (typeof point === "object") return String(point.y ?? point.x ?? "–");
    return String(point);
  };
  window.Chart.register({
    id: "balintTable",
    afterInit(chart) {
      const canvas = chart.canvas;
      const box = canvas.parentElement;
      const next = box && box.nextElementSibling;
      if (!box || canvas.dataset.noTable !== undefined || (next && next.matches("details.chart-table, details:has(table)"))) return;
      const labels = chart.data.labels || [];
      const datasets = chart.data.datasets || [];
      const details = document.createElement("details");
      details.className = "chart-table";
      details.append(cell("summary", `Table: ${canvas.getAttribute("aria-label") || "the chart's figures"}`));
      const table = document.createElement("table");
      table.className = "table";
      const head = document.createElement("tr");
      head.append(cell("th", "", "col"), ...datasets.map((set, i) => cell("th", set.label || `Series ${i + 1}`, "col")));
      const thead = document.createElement("thead");
      thead.append(head);
      const tbody = document.createElement("tbody");
      labels.forEach((label, row) => {
        const tr = document.createElement("tr");
        tr.append(cell("th", Array.isArray(label) ? label.join(" ") : String(label), "row"));
        datasets.forEach((set) => tr.append(cell("td", value(set.data[row]))));
        tbody.append(tr);
      });
      table.append(thead, tbody);
      details.append(table);
      box.after(details);
    },
  });
});
