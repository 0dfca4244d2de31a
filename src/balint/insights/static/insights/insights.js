// Analysis assistance: colour swatches from data attributes (the CSP forbids inline styles) and keyboard flow.
(function () {
  "use strict";

  function paintSwatches(root) {
    root.querySelectorAll(".swatch[data-colour]").forEach(function (swatch) {
      if (/^#[0-9a-fA-F]{6}$/.test(swatch.dataset.colour)) swatch.style.backgroundColor = swatch.dataset.colour;
    });
  }

  function pageData() {
    var node = document.getElementById("insights-data");
    if (!node) return {};
    try { return JSON.parse(node.textContent); } catch (error) { return {}; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    paintSwatches(document);
    document.body.dataset.candidates = String(pageData().candidates || 0);
  });

  // After a decision is swapped in, move the focus to the next suggestion still waiting, so a coder can
  // work through a source with the keyboard alone.
  document.addEventListener("htmx:afterSwap", function (event) {
    paintSwatches(document);
    var next = document.querySelector(".suggestion-actions button.primary");
    if (next) next.focus({ preventScroll: false });
  });
})();
