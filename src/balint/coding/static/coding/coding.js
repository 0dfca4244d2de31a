// The coding page: highlights in theme colours, select text (mouse or keyboard), apply themes, see/remove codes.
// Offsets sent to and received from the server are Unicode code points (Python str indices); the browser's
// strings are UTF-16, so every offset crosses `cpToU16` / `u16ToCp` on the way in and out.
(() => {
  "use strict";
  // Messages in the page's language from Django's JavaScript catalogue (/jsi18n/); English if it is missing.
  const gettext = window.gettext || ((text) => text);
  const ngettext = window.ngettext || ((one, many, n) => (n === 1 ? one : many));
  const fmt = (text, values) => text.replace(/%\((\w+)\)s/g, (all, key) => String(values[key]));

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      const match = document.cookie.match(/csrftoken=([^;]+)/);
      return match ? match[1] : "";
    }
  }

  function buildOffsetMaps(text) {
    // cpToU16[cp] = UTF-16 index of code point cp; u16ToCp[i] = code point index at UTF-16 index i.
    const cpToU16 = [];
    const u16ToCp = new Uint32Array(text.length + 1);
    let cp = 0;
    for (let i = 0; i < text.length; cp++) {
      cpToU16.push(i);
      const code = text.charCodeAt(i);
      const width = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? 2 : 1;
      for (let k = 0; k < width; k++) u16ToCp[i + k] = cp;
      i += width;
    }
    cpToU16.push(text.length);
    u16ToCp[text.length] = cp;
    return { cpToU16, u16ToCp, length: cp };
  }

  function hexToRgba(hex, alpha) {
    const value = parseInt(hex.slice(1), 16);
    return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
  }

  document.addEventListener("DOMContentLoaded", () => {
    // Colours come from data attributes: the Content-Security-Policy forbids inline style attributes.
    document.querySelectorAll("[data-colour]").forEach((node) => {
      node.style.backgroundColor = node.dataset.colour;
    });
    document.querySelectorAll("[data-heat]").forEach((node) => {
      // Numbers stay at 4.5:1 or more (WCAG 1.4.3): dark ink on the lighter half of the scale, white on
      // the darker half only from where the teal reaches 4.5:1 against white.
      const heat = Number(node.dataset.heat);
      node.style.backgroundColor = `rgba(47, 111, 115, ${heat >= 0.5 ? 0.85 + heat * 0.15 : heat * 0.5})`;
      node.style.color = heat >= 0.5 ? "#fff" : "#1f2a33";
    });
  });

  document.addEventListener("DOMContentLoaded", () => {
    const dataNode = document.getElementById("coding-data");
    const container = document.getElementById("coding-text");
    if (!dataNode || !container) return;
    const data = JSON.parse(dataNode.textContent);
    const text = data.text;
    const maps = buildOffsetMaps(text);
    const themes = data.themes;
    const themeByCode = new Map(themes.map((theme, index) => [theme.code, index]));
    let codings = data.codings;
    let selection = null; // {start, end} in code points
    let sentenceCursor = null; // [first, last] sentence indices for keyboard selection
    const segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;

    const info = document.getElementById("selection-info");
    const status = document.getElementById("apply-status");
    const applyButton = document.getElementById("apply-button");
    const form = document.getElementById("apply-form");
    const choices = document.getElementById("theme-choices");
    const perspectiveBox = document.getElementById("perspective-choices");
    const codesHere = document.getElementById("codes-here");
    const codesHereList = document.getElementById("codes-here-list");
    const memoPassage = document.getElementById("memo-passage");

    // ---- theme choices: the codebook as a tree (sub-themes fold away), searchable ----
    const tree = document.getElementById("theme-tree");
    const filterCount = document.getElementById("theme-filter-count");
    const root = { depth: -1, list: tree, item: null };
    const entries = new Map(); // theme code -> its place in the tree, for a theme added under it later
    const nodes = []; // {item, name, parent}
    const parentChoice = document.getElementById("new-theme-parent");
    function placeTheme(theme, index, parent) {
      const item = document.createElement("li");
      item.className = "theme-node";
      const label = document.createElement("label");
      label.className = "theme-choice";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = "themes";
      box.value = theme.code;
      box.id = `theme-${index}`;
      const dot = document.createElement("span");
      dot.className = "swatch";
      dot.style.background = theme.colour;
      label.append(box, dot, document.createTextNode(theme.name));
      if (theme.category) label.title = theme.category;
      item.append(label);
      parent.list.append(item);
      const node = { item, name: theme.name.toLowerCase(), parent: parent.node || null, children: null };
      nodes.push(node);
      const option = document.createElement("option");
      option.value = theme.code;
      option.textContent = `${"\u2003".repeat(theme.depth)}${theme.name}`;
      parentChoice.append(option);
      const entry = { depth: theme.depth, item, node };
      // A theme's sub-themes go in a list of their own, made when the first one comes.
      Object.defineProperty(entry, "list", {
        get() {
          if (!node.children) {
            node.children = document.createElement("ul");
            node.children.className = "theme-tree";
            const toggle = document.createElement("button");
            toggle.type = "button";
            toggle.className = "theme-toggle";
            toggle.setAttribute("aria-expanded", "true");
            toggle.setAttribute("aria-label", fmt(gettext("Sub-themes of %(theme)s"), { theme: theme.name }));
            toggle.textContent = "▾";
            toggle.addEventListener("click", () => {
              const open = toggle.getAttribute("aria-expanded") !== "true";
              toggle.setAttribute("aria-expanded", String(open));
              toggle.textContent = open ? "▾" : "▸";
              node.children.hidden = !open;
            });
            node.toggle = toggle;
            item.prepend(toggle);
            item.append(node.children);
            item.classList.add("has-children");
          }
          return node.children;
        },
      });
      entries.set(theme.code, entry);
      return { entry, box };
    }
    const stack = [root];
    themes.forEach((theme, index) => {
      if (theme.retired) return;
      while (stack.length > 1 && stack[stack.length - 1].depth >= theme.depth) stack.pop();
      stack.push(placeTheme(theme, index, stack[stack.length - 1]).entry);
    });
    document.getElementById("theme-filter").addEventListener("input", (event) => {
      const needle = event.target.value.trim().toLowerCase();
      // A match shows its parents too (the tree stays readable); searching unfolds every branch.
      const shown = new Set();
      nodes.forEach((node) => {
        if (!needle || node.name.includes(needle)) {
          for (let n = node; n && !shown.has(n); n = n.parent) shown.add(n);
        }
      });
      nodes.forEach((node) => {
        node.item.hidden = !shown.has(node);
        if (node.children && needle) {
          node.children.hidden = false;
          node.toggle.setAttribute("aria-expanded", "true");
          node.toggle.textContent = "▾";
        }
      });
      const matches = nodes.filter((node) => needle && node.name.includes(needle)).length;
      filterCount.textContent = needle ? fmt(ngettext("%(n)s theme matches.", "%(n)s themes match.", matches), { n: matches }) : "";
    });
    data.perspectives.forEach(([value, label], index) => {
      const wrap = document.createElement("label");
      const radio = document.createElement("input");
      radio.type = "radio";
      radio.name = "perspective";
      radio.value = value;
      if (index === 0) radio.checked = true;
      wrap.append(radio, document.createTextNode(` ${label}`));
      perspectiveBox.append(wrap);
    });

    // ---- a new theme, made while coding: added to the codebook, put in the tree and ticked ----
    const newTheme = document.getElementById("new-theme");
    const newThemeName = document.getElementById("new-theme-name");
    const newThemeAdd = document.getElementById("new-theme-add");
    const newThemeStatus = document.getElementById("new-theme-status");
    const themeFilter = document.getElementById("theme-filter");
    newTheme.addEventListener("toggle", () => {
      // What was searched for and not found is the likeliest name.
      if (newTheme.open && !newThemeName.value) newThemeName.value = themeFilter.value.trim();
      if (newTheme.open) newThemeName.focus();
    });
    async function addTheme() {
      const name = newThemeName.value.trim();
      if (!name) {
        newThemeStatus.textContent = gettext("Give the new theme a name.");
        return;
      }
      const known = themes.findIndex((theme) => !theme.retired && theme.name.toLowerCase() === name.toLowerCase());
      if (known >= 0) {
        document.getElementById(`theme-${known}`).checked = true;
        newThemeStatus.textContent = fmt(gettext("“%(theme)s” is already in the codebook: ticked."), { theme: themes[known].name });
        return;
      }
      const body = new URLSearchParams();
      body.append("name", name);
      body.append("parent", parentChoice.value);
      newThemeAdd.disabled = true;
      try {
        const payload = await post(data.urls.theme_add, body);
        const parent = payload.theme.parent ? entries.get(payload.theme.parent) : root;
        const theme = { ...payload.theme, depth: parent.depth + 1 };
        const index = themes.length;
        themes.push(theme);
        themeByCode.set(theme.code, index);
        const { box } = placeTheme(theme, index, parent);
        if (parent.node && parent.node.toggle && parent.node.children.hidden) parent.node.toggle.click();
        box.checked = true;
        newThemeName.value = "";
        newThemeStatus.textContent = payload.message;
        if (selection) applyButton.focus();
      } catch (error) {
        newThemeStatus.textContent = error.message;
      } finally {
        newThemeAdd.disabled = false;
      }
    }
    newThemeAdd.addEventListener("click", addTheme);
    newThemeName.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault(); // not the Apply form's submit
        addTheme();
      }
    });

    // ---- rendering: one pass over sorted boundaries ----
    function render() {
      const points = new Set([0, maps.length]);
      for (const c of codings) {
        points.add(c.s);
        points.add(c.e);
      }
      const sorted = Array.from(points).sort((a, b) => a - b);
      const starts = new Map();
      const ends = new Map();
      codings.forEach((c, index) => {
        if (!starts.has(c.s)) starts.set(c.s, []);
        starts.get(c.s).push(index);
        if (!ends.has(c.e)) ends.set(c.e, []);
        ends.get(c.e).push(index);
      });
      const active = new Set();
      const fragment = document.createDocumentFragment();
      for (let i = 0; i < sorted.length - 1; i++) {
        const a = sorted[i];
        const b = sorted[i + 1];
        (ends.get(a) || []).forEach((index) => active.delete(index));
        (starts.get(a) || []).forEach((index) => active.add(index));
        if (a === b) continue;
        const span = document.createElement("span");
        span.className = "seg";
        span.dataset.s = a;
        span.textContent = text.slice(maps.cpToU16[a], maps.cpToU16[b]);
        if (active.size) {
          const ids = Array.from(active);
          span.dataset.k = ids.join(" ");
          const colours = Array.from(new Set(ids.map((index) => themes[codings[index].t].colour)));
          span.classList.add("hl");
          if (colours.length === 1) {
            span.style.backgroundColor = hexToRgba(colours[0], 0.35);
          } else {
            span.classList.add("hl-overlap");
            const stops = colours.map((colour, k) => {
              const from = (k * 100) / colours.length;
              const to = ((k + 1) * 100) / colours.length;
              return `${hexToRgba(colour, 0.45)} ${from}%, ${hexToRgba(colour, 0.45)} ${to}%`;
            });
            span.style.backgroundImage = `linear-gradient(to bottom, ${stops.join(", ")})`;
          }
          span.title = Array.from(new Set(ids.map((index) => themes[codings[index].t].name))).join(", ");
        }
        // Where codes start and end, screen readers hear the theme names (CSS generated content, so the
        // text's offsets and the selection are untouched); sighted readers see an underline besides colour.
        const opening = (starts.get(a) || []).map((index) => themes[codings[index].t].name);
        const closing = (ends.get(b) || []).map((index) => themes[codings[index].t].name);
        if (opening.length) span.dataset.cue = `[coded ${Array.from(new Set(opening)).join(", ")}] `;
        if (closing.length) span.dataset.cueEnd = ` [end ${Array.from(new Set(closing)).join(", ")}]`;
        fragment.append(span);
      }
      container.replaceChildren(fragment);
      container.dataset.rendered = String(codings.length);
      renderMargin();
    }

    // ---- the margin: a stripe beside each coded passage and a label naming its theme, as QDA tools show ----
    const margin = document.getElementById("coding-margin");
    const marginInner = document.getElementById("margin-inner");
    const marginStatus = document.getElementById("margin-status");
    let suggestions = data.suggestions || [];
    const LANE = 7; // px per stripe lane
    const LABEL_HEIGHT = 24; // px; labels never overlap, a later one moves down

    function passageBox(start, end) {
      // Top and bottom of a passage in the text's own coordinates (scrolling moves the margin with it).
      const segs = container.children;
      let top = null;
      let bottom = null;
      const base = container.getBoundingClientRect().top - container.scrollTop;
      for (let i = 0; i < segs.length; i++) {
        const s = Number(segs[i].dataset.s);
        const next = i + 1 < segs.length ? Number(segs[i + 1].dataset.s) : maps.length;
        if (next <= start) continue;
        if (s >= end) break;
        const rects = segs[i].getClientRects();
        if (!rects.length) continue;
        if (top === null) top = rects[0].top - base;
        bottom = rects[rects.length - 1].bottom - base;
      }
      return top === null ? null : { top, bottom };
    }

    function marginItems() {
      // Several coders' codes of one theme on the same passage share one label ("×2").
      const grouped = new Map();
      codings.forEach((coding, index) => {
        const key = `${coding.t}:${coding.s}:${coding.e}`;
        if (grouped.has(key)) grouped.get(key).indices.push(index);
        else grouped.set(key, { kind: "coding", index, indices: [index], s: coding.s, e: coding.e, theme: themes[coding.t] });
      });
      const items = Array.from(grouped.values());
      suggestions.forEach((suggestion) => {
        const t = themeByCode.get(suggestion.t);
        if (t === undefined) return;
        items.push({ kind: "suggestion", suggestion, s: suggestion.s, e: suggestion.e, theme: themes[t] });
      });
      return items;
    }

    function renderMargin() {
      if (!margin) return;
      const items = marginItems();
      const boxes = new Map();
      // One pass over the segments would be faster for thousands of codes; a source rarely holds that many.
      items.forEach((item) => boxes.set(item, passageBox(item.s, item.e)));
      const placed = items.filter((item) => boxes.get(item)).sort((a, b) => boxes.get(a).top - boxes.get(b).top
        || boxes.get(b).bottom - boxes.get(a).bottom);
      const laneEnds = [];
      placed.forEach((item) => {
        const box = boxes.get(item);
        let lane = laneEnds.findIndex((bottom) => bottom <= box.top + 1);
        if (lane < 0) {
          lane = laneEnds.length;
          laneEnds.push(0);
        }
        laneEnds[lane] = box.bottom;
        item.lane = lane;
      });
      const lanes = Math.min(laneEnds.length, 8);
      const fragment = document.createDocumentFragment();
      let nextFree = 0;
      placed.forEach((item) => {
        const box = boxes.get(item);
        const stripe = document.createElement("span");
        stripe.className = `margin-stripe${item.kind === "suggestion" ? " margin-stripe-suggested" : ""}`;
        stripe.style.top = `${box.top}px`;
        stripe.style.height = `${Math.max(6, box.bottom - box.top)}px`;
        stripe.style.left = `${Math.min(item.lane, lanes - 1) * LANE}px`;
        stripe.style.borderColor = item.theme.colour;
        if (item.kind === "coding") stripe.style.backgroundColor = item.theme.colour;
        stripe.setAttribute("aria-hidden", "true");
        fragment.append(stripe);
        const top = Math.max(box.top, nextFree);
        nextFree = top + LABEL_HEIGHT;
        const label = item.kind === "coding" ? codingLabel(item) : suggestionLabel(item);
        label.style.top = `${top}px`;
        label.style.left = `${lanes * LANE + 4}px`;
        label.style.borderLeftColor = item.theme.colour;
        fragment.append(label);
      });
      marginInner.replaceChildren(fragment);
      marginInner.style.height = `${Math.max(container.scrollHeight, nextFree)}px`;
      syncMargin();
    }

    function quoteOf(start, end, size = 60) {
      const q = text.slice(maps.cpToU16[start], maps.cpToU16[end]).replace(/\s+/g, " ");
      return q.length > size ? `${q.slice(0, size)}…` : q;
    }

    function codingLabel(item) {
      const coding = codings[item.index];
      const button = document.createElement("button");
      button.type = "button";
      button.className = "margin-label";
      button.dataset.coding = coding.id;
      const who = item.indices.map((index) => (codings[index].m ? gettext("you") : data.coders[codings[index].c] || gettext("a coder")));
      button.textContent = item.indices.length > 1 ? `${item.theme.name} ×${item.indices.length}` : item.theme.name;
      button.title = `${item.theme.name} · ${who.join(", ")}`;
      button.setAttribute("aria-label", fmt(gettext("%(theme)s, coded by %(coders)s: “%(quote)s”. Select this passage"), { theme: item.theme.name, coders: who.join(", "), quote: quoteOf(coding.s, coding.e) }));
      button.addEventListener("click", () => selectPassage(coding.s, coding.e));
      return button;
    }

    function suggestionLabel(item) {
      const suggestion = item.suggestion;
      const box = document.createElement("div");
      box.className = "margin-label margin-suggestion";
      box.dataset.suggestion = suggestion.id;
      const name = document.createElement("button");
      name.type = "button";
      name.className = "margin-suggestion-name";
      name.textContent = `? ${item.theme.name}`;
      name.title = fmt(gettext("Suggested: %(theme)s (score %(score)s)"), { theme: item.theme.name, score: suggestion.score }) + (suggestion.why ? ` · ${suggestion.why}` : "");
      name.setAttribute("aria-label", fmt(gettext("Suggested theme %(theme)s for “%(quote)s”. Select this passage"), { theme: item.theme.name, quote: quoteOf(suggestion.s, suggestion.e) }));
      name.addEventListener("click", () => selectPassage(suggestion.s, suggestion.e));
      const accept = document.createElement("button");
      accept.type = "button";
      accept.className = "margin-decide margin-accept";
      accept.textContent = "✓";
      accept.setAttribute("aria-label", fmt(gettext("Accept suggestion %(theme)s for “%(quote)s”"), { theme: item.theme.name, quote: quoteOf(suggestion.s, suggestion.e) }));
      accept.addEventListener("click", () => decide(suggestion, "accept", item.theme));
      const reject = document.createElement("button");
      reject.type = "button";
      reject.className = "margin-decide margin-reject";
      reject.textContent = "✗";
      reject.setAttribute("aria-label", fmt(gettext("Reject suggestion %(theme)s for “%(quote)s”"), { theme: item.theme.name, quote: quoteOf(suggestion.s, suggestion.e) }));
      reject.addEventListener("click", () => decide(suggestion, "reject", item.theme));
      box.append(name, accept, reject);
      return box;
    }

    function syncMargin() {
      if (marginInner) marginInner.style.transform = `translateY(${-container.scrollTop}px)`;
    }
    container.addEventListener("scroll", syncMargin, { passive: true });
    if (window.ResizeObserver && margin) {
      let lastWidth = 0;
      new ResizeObserver(() => {
        if (container.clientWidth !== lastWidth) {
          lastWidth = container.clientWidth;
          renderMargin();
        }
      }).observe(container);
    }

    function selectPassage(start, end) {
      selectDomRange(start, end);
      setSelection(start, end);
    }

    async function decide(suggestion, action, theme) {
      // The insights views decide (accepting calls the coding service); the page then reads back what the
      // database holds, so the new coding, the margin and the undo panel show the truth.
      try {
        const response = await fetch(suggestion[action], {
          method: "POST",
          headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
          credentials: "same-origin",
        });
        if (!response.ok) {
          let message = fmt(gettext("The server answered %(status)s."), { status: response.status });
          try {
            message = (await response.json()).message || message;
          } catch (error) {
            // an HTML error page: keep the status line
          }
          throw new Error(message);
        }
        await reloadData();
        const done = fmt(action === "accept" ? gettext("Accepted “%(theme)s”: coded as yours.") : gettext("Rejected “%(theme)s”."), { theme: theme.name });
        marginStatus.textContent = done;
        status.textContent = done;
        const next = marginInner.querySelector(".margin-decide");
        (next || container).focus();
      } catch (error) {
        marginStatus.textContent = error.message;
      }
    }

    async function reloadData() {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = JSON.parse(page.getElementById("coding-data").textContent);
      data.coders = fresh.coders;
      codings = fresh.codings.map((c) => {
        const theme = fresh.themes[c.t];
        if (!themeByCode.has(theme.code)) {
          themes.push(theme);
          themeByCode.set(theme.code, themes.length - 1);
        }
        return { ...c, t: themeByCode.get(theme.code) };
      });
      suggestions = fresh.suggestions || [];
      render();
      if (shownRange) showCodesFor(shownRange.start, shownRange.end);
    }

    // ---- DOM point <-> code point ----
    function pointToCp(node, offset, isEnd) {
      if (node.nodeType === Node.TEXT_NODE) {
        const span = node.parentElement.closest(".seg");
        if (!span || !container.contains(span)) return null;
        const base = Number(span.dataset.s);
        let off = offset;
        const code = node.data.charCodeAt(off - 1);
        if (off > 0 && off < node.data.length && code >= 0xd800 && code <= 0xdbff) off += isEnd ? 1 : -1;
        const u16 = maps.cpToU16[base] + off;
        return maps.u16ToCp[Math.min(u16, text.length)];
      }
      if (node === container) {
        const child = container.children[offset];
        return child ? Number(child.dataset.s) : maps.length;
      }
      const span = node.closest ? node.closest(".seg") : null;
      if (!span || !container.contains(span)) return null;
      const base = Number(span.dataset.s);
      return offset === 0 ? base : base + Array.from(span.textContent).length;
    }

    function snapToGrapheme(u16, forward) {
      if (!segmenter || u16 <= 0 || u16 >= text.length) return u16;
      const from = Math.max(0, u16 - 64);
      const windowText = text.slice(from, Math.min(text.length, u16 + 64));
      let previous = from;
      for (const piece of segmenter.segment(windowText)) {
        const start = from + piece.index;
        if (start === u16) return u16;
        if (start > u16) return forward ? start : previous;
        previous = start;
      }
      return u16;
    }

    function setSelection(startCp, endCp) {
      let a = maps.cpToU16[startCp];
      let b = maps.cpToU16[endCp];
      while (a < b && /\s/.test(text[a])) a++;
      while (b > a && /\s/.test(text[b - 1])) b--;
      a = snapToGrapheme(a, false);
      b = snapToGrapheme(b, true);
      if (a >= b) {
        clearSelection();
        return;
      }
      selection = { start: maps.u16ToCp[a], end: maps.u16ToCp[b], quote: text.slice(a, b) };
      const quote = selection.quote.length > 140 ? `${selection.quote.slice(0, 140)}…` : selection.quote;
      info.textContent = fmt(gettext("Selected: “%(quote)s”"), { quote: quote });
      applyButton.disabled = false;
      if (memoPassage) {
        memoPassage.href = `${data.urls.memo}?source=${data.source}&start=${selection.start}&end=${selection.end}`;
        memoPassage.hidden = false;
      }
      showCodesFor(selection.start, selection.end);
    }

    function clearSelection() {
      selection = null;
      info.textContent = gettext("Select a passage first.");
      applyButton.disabled = true;
      if (memoPassage) memoPassage.hidden = true;
    }

    function readSelection() {
      const sel = window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return false;
      const range = sel.getRangeAt(0);
      if (!container.contains(range.commonAncestorContainer)) return false;
      const start = pointToCp(range.startContainer, range.startOffset, false);
      const end = pointToCp(range.endContainer, range.endOffset, true);
      if (start === null || end === null || end <= start) return false;
      setSelection(start, end);
      return true;
    }

    function selectDomRange(startCp, endCp) {
      // Show a code-point range as the browser's selection (for keyboard selection).
      const spans = container.children;
      const locate = (cp) => {
        let lo = 0;
        let hi = spans.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (Number(spans[mid].dataset.s) <= cp) lo = mid;
          else hi = mid - 1;
        }
        const span = spans[lo];
        const offset = maps.cpToU16[cp] - maps.cpToU16[Number(span.dataset.s)];
        return [span.firstChild, offset];
      };
      const range = document.createRange();
      const [startNode, startOffset] = locate(startCp);
      const [endNode, endOffset] = locate(Math.max(startCp, endCp - 1));
      range.setStart(startNode, startOffset);
      range.setEnd(endNode, Math.min(endNode.length, endOffset + (maps.cpToU16[endCp] - maps.cpToU16[endCp - 1])));
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      startNode.parentElement.scrollIntoView({ block: "nearest" });
    }

    // ---- codes at a position ----
    function showCodesAt(span) {
      const start = Number(span.dataset.s);
      showCodesFor(start, start + Array.from(span.textContent).length);
    }

    function codingsOverlapping(start, end) {
      return codings.map((c, index) => (c.s < end && c.e > start ? index : -1)).filter((index) => index >= 0);
    }

    let shownRange = null; // the passage whose codes the panel lists, so it can be listed again after a change

    function showCodes(ids) {
      codesHereList.replaceChildren();
      ids.forEach((index) => {
        const coding = codings[index];
        const theme = themes[coding.t];
        const item = document.createElement("li");
        const dot = document.createElement("span");
        dot.className = "swatch";
        dot.style.background = theme.colour;
        const name = document.createElement("strong");
        name.textContent = theme.name;
        const meta = document.createElement("span");
        meta.className = "muted";
        const perspective = data.perspectives.find(([value]) => value === coding.p);
        meta.textContent = ` · ${data.coders[coding.c] || gettext("you")} · ${coding.at} · ${perspective ? perspective[1] : ""}`;
        item.append(dot, name, meta);
        const quote = document.createElement("q");
        const q = text.slice(maps.cpToU16[coding.s], maps.cpToU16[coding.e]);
        quote.textContent = q.length > 160 ? `${q.slice(0, 160)}…` : q;
        quote.className = "codes-quote";
        item.append(document.createElement("br"), quote);
        const actions = document.createElement("div");
        actions.className = "code-actions";
        const memo = document.createElement("a");
        memo.href = `${data.urls.memo}?coding=${coding.id}`;
        memo.textContent = gettext("Memo");
        actions.append(memo);
        if (coding.m) {
          const select = document.createElement("select");
          select.setAttribute("aria-label", fmt(gettext("Perspective of %(theme)s"), { theme: theme.name }));
          data.perspectives.forEach(([value, label]) => {
            const option = new Option(label, value, false, value === coding.p);
            select.append(option);
          });
          select.addEventListener("change", () => changePerspective(coding, select.value));
          const remove = document.createElement("button");
          remove.type = "button";
          remove.className = "button danger small";
          remove.textContent = fmt(gettext("Remove %(theme)s"), { theme: theme.name });
          remove.addEventListener("click", () => removeCoding(coding));
          actions.append(select, remove);
        }
        item.append(actions);
        codesHereList.append(item);
      });
      codesHere.hidden = ids.length === 0;
    }

    function showCodesFor(start, end) {
      shownRange = { start, end };
      showCodes(codingsOverlapping(start, end));
    }

    async function post(url, body) {
      const response = await fetch(url, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
        credentials: "same-origin",
      });
      let payload = {};
      try {
        payload = await response.json();
      } catch (error) {
        payload = { message: fmt(gettext("The server answered %(status)s."), { status: response.status }) };
      }
      if (!response.ok) throw new Error(payload.message || fmt(gettext("The server answered %(status)s."), { status: response.status }));
      return payload;
    }

    async function removeCoding(coding) {
      try {
        await post(data.urls.delete.replace("00000000-0000-0000-0000-000000000000", coding.id), new URLSearchParams());
        codings = codings.filter((c) => c !== coding);
        render();
        if (shownRange) showCodesFor(shownRange.start, shownRange.end);
        else codesHere.hidden = true;
        status.textContent = fmt(gettext("Removed %(theme)s."), { theme: themes[coding.t].name });
        const next = codesHere.hidden ? null : codesHereList.querySelector("button");
        (next || container).focus();
      } catch (error) {
        status.textContent = error.message;
      }
    }

    async function changePerspective(coding, value) {
      const body = new URLSearchParams();
      body.append("perspective", value);
      try {
        await post(data.urls.perspective.replace("00000000-0000-0000-0000-000000000000", coding.id), body);
        coding.p = value;
        status.textContent = gettext("Perspective saved.");
      } catch (error) {
        status.textContent = error.message;
      }
    }

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!selection) return;
      const chosen = Array.from(choices.querySelectorAll("input:checked")).map((box) => box.value);
      if (!chosen.length) {
        status.textContent = gettext("Choose at least one theme.");
        return;
      }
      const body = new URLSearchParams();
      body.append("start", selection.start);
      body.append("end", selection.end);
      body.append("quote", selection.quote);
      chosen.forEach((code) => body.append("themes", code));
      body.append("perspective", form.querySelector("input[name=perspective]:checked").value);
      applyButton.disabled = true;
      try {
        const payload = await post(data.urls.create, body);
        payload.codings.forEach((created) => {
          if (codings.some((c) => c.id === created.id)) return;
          let coder = data.coders.indexOf(created.coder);
          if (coder < 0) {
            data.coders.push(created.coder);
            coder = data.coders.length - 1;
          }
          codings.push({ id: created.id, t: themeByCode.get(created.theme), s: created.s, e: created.e, c: coder,
            m: true, p: created.p, at: created.at });
        });
        render();
        window.getSelection().removeAllRanges();
        if ("undo" in payload) {
          // The answer carries the undo panel's labels: undo.js shows them without asking the server again.
          document.dispatchEvent(new CustomEvent("balint:undo-state", { detail: { undo: payload.undo, redo: payload.redo } }));
        }
        status.textContent = fmt(ngettext("Applied %(n)s theme.", "Applied %(n)s themes.", chosen.length), { n: chosen.length });
        choices.querySelectorAll("input:checked").forEach((box) => { box.checked = false; });
        const applied = selection;
        clearSelection();
        showCodesFor(applied.start, applied.end);
        // The Apply button is disabled now; focus goes back to the text, where the next passage is chosen.
        container.focus();
      } catch (error) {
        status.textContent = error.message;
        applyButton.disabled = false;
      }
    });

    container.addEventListener("mouseup", (event) => {
      if (readSelection()) {
        sentenceCursor = null;
        return;
      }
      const span = event.target.closest && event.target.closest(".hl");
      if (span) showCodesAt(span);
    });
    document.addEventListener("selectionchange", () => {
      // Keyboard selection with caret browsing, and shift+click, end here too.
      const sel = window.getSelection();
      if (sel && !sel.isCollapsed && container.contains(sel.anchorNode)) readSelection();
    });

    // ---- keyboard: sentence by sentence ----
    const sentences = data.sentences;
    function sentenceAt(cp) {
      const index = sentences.findIndex(([, end]) => end > cp);
      return index < 0 ? sentences.length - 1 : index;
    }
    container.addEventListener("keydown", (event) => {
      if (!sentences.length) return;
      const key = event.key;
      if (!["]", "[", "}", "{", "Enter"].includes(key)) return;
      event.preventDefault();
      if (key === "Enter") {
        if (selection) {
          const first = Array.from(choices.querySelectorAll(".theme-choice input")).find((box) => box.offsetParent);
          if (first) first.focus();
        }
        return;
      }
      if (!sentenceCursor) {
        const start = selection ? sentenceAt(selection.start) : -1;
        sentenceCursor = [start, start];
      }
      let [first, last] = sentenceCursor;
      if (key === "]") first = last = Math.min(sentences.length - 1, last + 1);
      if (key === "[") first = last = Math.max(0, first - 1);
      if (key === "}") last = Math.min(sentences.length - 1, Math.max(first, last) + 1);
      if (key === "{") last = Math.max(first, last - 1);
      first = Math.max(0, first);
      last = Math.max(first, last);
      sentenceCursor = [first, last];
      const start = sentences[first][0];
      const end = sentences[last][1];
      selectDomRange(start, end);
      setSelection(start, end);
    });

    render();
    // A link to a passage (from a memo) opens the page with that passage selected: #at-<start>-<end>.
    const at = window.location.hash.match(/^#at-(\d+)-(\d+)$/);
    if (at && Number(at[2]) <= maps.length && Number(at[1]) < Number(at[2])) {
      selectPassage(Number(at[1]), Number(at[2]));
    }
  });

  // The codebook page: search the theme tree (a match keeps its parents visible).
  document.addEventListener("DOMContentLoaded", () => {
    const filter = document.getElementById("codebook-filter");
    if (!filter) return;
    const rows = Array.from(document.querySelectorAll(".tree > li[data-depth]"));
    const count = document.getElementById("codebook-filter-count");
    filter.addEventListener("input", () => {
      const needle = filter.value.trim().toLowerCase();
      const shown = new Set();
      rows.forEach((row, index) => {
        if (needle && !row.dataset.name.includes(needle)) return;
        shown.add(row);
        let depth = Number(row.dataset.depth);
        for (let k = index - 1; k >= 0 && depth > 0; k--) {
          if (Number(rows[k].dataset.depth) < depth) {
            shown.add(rows[k]);
            depth = Number(rows[k].dataset.depth);
          }
        }
      });
      rows.forEach((row) => { row.hidden = !shown.has(row); });
      const matches = needle ? rows.filter((row) => row.dataset.name.includes(needle)).length : rows.length;
      count.textContent = needle ? fmt(ngettext("%(n)s theme matches.", "%(n)s themes match.", matches), { n: matches }) : "";
    });
  });
})();
