// The screening step (privacy/partials/_screening.html): show the reason box only for "keep",
// select a span in its textarea for editing, and replace every undecided span at once.
document.addEventListener("DOMContentLoaded", () => {
  const sections = document.querySelectorAll("[data-screening]");
  sections.forEach((section) => {
    const choices = section.querySelectorAll("[data-screening-choice]");
    const sync = (choice) => {
      const keep = choice.querySelector('input[type="radio"][value="keep"]');
      const reason = choice.querySelector("[data-screening-reason]");
      if (!reason) return;
      reason.hidden = !(keep && keep.checked);
      const input = reason.querySelector("input");
      if (input) input.required = Boolean(keep && keep.checked);
    };
    choices.forEach((choice) => {
      sync(choice);
      choice.addEventListener("change", () => sync(choice));
      const edit = choice.querySelector("[data-screening-edit]");
      if (edit) {
        edit.addEventListener("click", () => {
          const area = document.getElementById(choice.dataset.target);
          if (!area) return;
          const start = Number(choice.dataset.start);
          const end = Number(choice.dataset.end);
          area.focus();
          if (typeof area.setSelectionRange === "function") area.setSelectionRange(start, end);
          area.scrollIntoView({ block: "center" });
        });
      }
    });
    const all = section.querySelector("[data-screening-replace-all]");
    if (all) {
      all.addEventListener("click", () => {
        choices.forEach((choice) => {
          const picked = choice.querySelector('input[type="radio"]:checked');
          const replace = choice.querySelector('input[type="radio"][value="replace"]');
          if (!picked && replace) replace.checked = true;
          sync(choice);
        });
      });
    }
  });
});
