// Session pages: note autosave with conflict detection, the live phase clock, htmx error display.
(function () {
  "use strict";
  // Messages in the page's language from Django's JavaScript catalogue (/jsi18n/); English if it is missing.
  const gettext = window.gettext || ((text) => text);
  const ngettext = window.ngettext || ((one, many, n) => (n === 1 ? one : many));
  const fmt = (text, values) => text.replace(/%\((\w+)\)s/g, (all, key) => String(values[key]));

  // Let htmx show a refused attendance mark (422) where the page keeps its errors.
  document.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.xhr.status === 422) {
      // A refused tap on the sheet comes back as its row, with the reason beside the buttons.
      const target = event.detail.target;
      if (target && target.classList && target.classList.contains("sheet-row")) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
        return;
      }
      const box = document.getElementById("attendance-errors");
      if (box) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
        event.detail.target = box;
      }
    }
  });

  function setupAutosave(form) {
    const url = form.dataset.autosaveUrl;
    const status = form.querySelector(".autosave-status");
    const version = form.querySelector("input[name=base_version]");
    let timer = null;
    let inFlight = false;
    let dirty = false;
    let stopped = false;

    function show(text, isError) {
      status.textContent = text;
      status.classList.toggle("is-error", Boolean(isError));
    }

    async function save() {
      if (stopped || !dirty) return;
      if (inFlight) { schedule(); return; }
      inFlight = true;
      dirty = false;
      const body = new FormData(form);
      try {
        const response = await fetch(url, { method: "POST", body: body, headers: { "X-Requested-With": "fetch" } });
        const data = await response.json();
        if (response.ok && data.status === "saved") {
          version.value = data.version;
          const marks = data.marks ? " " + fmt(ngettext(
            "%(n)s possible identifier to decide when you save the notes.",
            "%(n)s possible identifiers to decide when you save the notes.", data.marks), { n: data.marks }) : "";
          show(fmt(gettext("Draft saved at %(time)s."), { time: data.saved_at }) + marks);
          form.dataset.saved = String(data.version);
        } else if (response.status === 409) {
          // Our text is kept as a separate version; later saves keep updating that version.
          show(data.message, true);
        } else {
          dirty = true;
          show(data.message || gettext("Not saved: check the fields and save by hand."), true);
        }
      } catch (error) {
        dirty = true;
        show(gettext("Offline: your text is still here; it will save when the connection returns."), true);
        schedule();
      } finally {
        inFlight = false;
      }
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(save, 1500);
    }

    form.addEventListener("input", () => {
      if (stopped) return;
      dirty = true;
      if (!status.classList.contains("is-error")) show(gettext("Writing…"));
      schedule();
    });
    form.addEventListener("submit", () => { stopped = true; clearTimeout(timer); });
  }

  function setupClock(clock) {
    const ends = new Date(clock.dataset.ends).getTime();
    function tick() {
      const left = Math.round((ends - Date.now()) / 1000);
      const over = left < 0;
      const secs = Math.abs(left);
      const text = Math.floor(secs / 60) + ":" + String(secs % 60).padStart(2, "0");
      clock.textContent = over ? "+" + text : text;
      clock.classList.toggle("over", over);
    }
    tick();
    setInterval(tick, 1000);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form[data-autosave-url]").forEach(setupAutosave);
    document.querySelectorAll(".clock[data-ends]").forEach(setupClock);
  });
})();
