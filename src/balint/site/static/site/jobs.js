// The job card is fetched again every second and replaced whole, so it sits in no live region (a screen
// reader would read it out on every poll). One stable, visually hidden status region speaks instead, and only
// when the card's words change: the status and its message, a missing worker, a failure.
(() => {
  let spoken = null;

  function words() {
    const card = document.getElementById("job-status");
    if (!card) return null;
    return Array.from(card.querySelectorAll("[data-announce]"), (node) => node.textContent.replace(/\s+/g, " ").trim())
      .filter(Boolean)
      .join(". ");
  }

  function announce() {
    const region = document.getElementById("job-announcer");
    const now = words();
    if (!region || now === null || now === spoken) return;
    if (spoken !== null) region.textContent = now; // the page as loaded is read as a page, not announced
    spoken = now;
  }

  document.addEventListener("DOMContentLoaded", announce);
  document.addEventListener("htmx:afterSettle", announce);
})();
