// Undo and redo of the person's coding steps (the panel in coding/partials/_undo.html).
// The buttons are plain forms: the server undoes or redoes the step and brings the browser back to this page,
// so the page always shows what the database holds. This script adds Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y),
// keeps the scroll position of the coding text across that reload, and refreshes the buttons' labels after
// each change the coding page makes without reloading (coding.js writes its outcome into #apply-status).
(() => {
  "use strict";

  const SCROLL_KEY = "balint.undo.scroll";

  function editable(target) {
    if (!target || !target.closest) return false;
    return Boolean(target.closest("input, textarea, select, [contenteditable=true]"));
  }

  document.addEventListener("DOMContentLoaded", () => {
    const panel = document.getElementById("undo-panel");
    if (!panel) return;
    const undoForm = document.getElementById("undo-form");
    const redoForm = document.getElementById("redo-form");
    const undoButton = document.getElementById("undo-button");
    const redoButton = document.getElementById("redo-button");
    const undoLabel = document.getElementById("undo-label");
    const redoLabel = document.getElementById("redo-label");
    const text = document.getElementById("coding-text");

    // Back from an undo or redo: the coding text scrolls to where it was.
    try {
      const saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || "null");
      sessionStorage.removeItem(SCROLL_KEY);
      if (saved && saved.path === window.location.pathname) {
        window.scrollTo(0, saved.page);
        if (text) text.scrollTop = saved.text;
      }
    } catch (error) {
      // Storage refused (private mode): the page simply opens at the top.
    }

    function keepScroll() {
      try {
        sessionStorage.setItem(SCROLL_KEY, JSON.stringify({
          path: window.location.pathname, page: window.scrollY, text: text ? text.scrollTop : 0,
        }));
      } catch (error) {
        // Nothing kept; the reload opens at the top.
      }
    }
    undoForm.addEventListener("submit", keepScroll);
    redoForm.addEventListener("submit", keepScroll);

    document.addEventListener("keydown", (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || editable(event.target)) return;
      const key = event.key.toLowerCase();
      const redo = (key === "z" && event.shiftKey) || (key === "y" && !event.shiftKey);
      const undo = key === "z" && !event.shiftKey;
      if (!undo && !redo) return;
      event.preventDefault();
      const button = undo ? undoButton : redoButton;
      if (!button.disabled) (undo ? undoForm : redoForm).requestSubmit(button);
    });

    function show(button, label, value, prefix) {
      button.disabled = !value;
      label.textContent = value ? `${prefix}: ${value}` : label.dataset.none;
    }

    let timer = null;
    async function refresh() {
      try {
        const response = await fetch(panel.dataset.stateUrl, {
          headers: { Accept: "application/json" }, credentials: "same-origin",
        });
        if (!response.ok) return;
        const state = await response.json();
        show(undoButton, undoLabel, state.undo, undoButton.textContent.trim());
        show(redoButton, redoLabel, state.redo, redoButton.textContent.trim());
      } catch (error) {
        // Offline for a moment: the labels stay as they were; the server still decides on submit.
      }
    }
    // A change whose answer carried the labels (a highlight): shown at once, and the status change that
    // follows it asks nothing more. The event comes before coding.js writes #apply-status.
    let known = false;
    document.addEventListener("balint:undo-state", (event) => {
      clearTimeout(timer);
      known = true;
      show(undoButton, undoLabel, event.detail.undo, undoButton.textContent.trim());
      show(redoButton, redoLabel, event.detail.redo, redoButton.textContent.trim());
    });
    const status = document.getElementById("apply-status");
    if (status) {
      new MutationObserver(() => {
        clearTimeout(timer);
        if (known) {
          known = false;
          return;
        }
        timer = setTimeout(refresh, 150);
      }).observe(status, { childList: true, characterData: true, subtree: true });
    }
  });
})();
