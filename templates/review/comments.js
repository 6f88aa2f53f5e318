/* reportgen — the review edition's comment panel (never shipped in the public edition).
   A reader selects words in the report and comments on them. Comments are kept in this
   browser's localStorage (nothing is sent anywhere) and saved as one JSON file by
   "Download my comments"; `reportgen comments import ROUND FILE.json` reads that file.
   Every text a reader typed reaches the page through textContent, never as HTML. */
(function () {
  "use strict";
  var configElement = document.getElementById("rg-comment-config");
  if (!configElement) return;
  var config = JSON.parse(configElement.textContent);
  var T = config.texts;
  var storageKey = "reportgen-comments:" + config.evaluation + ":" + (config.round || "");
  var memory = null; // used when localStorage is refused (private mode, some file:// setups)
  var lastPlace = null; // the last selection (or focused item) inside the report
  var editing = null; // the comment being edited, or a new one
  var MAX_QUOTE = 2000, MAX_TEXT = 20000;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  // --- storage --------------------------------------------------------------------
  function load() {
    try {
      var raw = window.localStorage.getItem(storageKey);
      var data = raw ? JSON.parse(raw) : {};
      return { reviewer: data.reviewer || { name: "", organisation: "" }, comments: data.comments || [] };
    } catch (e) {
      return memory || { reviewer: { name: "", organisation: "" }, comments: [] };
    }
  }
  function save(state) {
    try { window.localStorage.setItem(storageKey, JSON.stringify(state)); } catch (e) { memory = state; }
  }
  function newId() {
    var bytes = new Uint8Array(8);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // --- where a selection is: the item (an element with class rg-item) and its paragraph -------
  function article() { return document.querySelector(".md-content article"); }
  function level(heading) { return Number(heading.tagName.charAt(1)); }
  function blockOf(node, root) {
    var el = node.nodeType === 1 ? node : node.parentElement;
    while (el && el.parentElement !== root) el = el.parentElement;
    return el; // the article's child holding the node
  }
  // The innermost item heading whose scope (until the next heading of the same or a higher
  // level) holds `block`.
  function placeOf(node) {
    var root = article();
    if (!root || !node || !root.contains(node)) return null;
    var block = blockOf(node, root);
    if (!block) return null;
    var stack = [];
    var children = root.children;
    for (var i = 0; i < children.length; i++) {
      var child = children[i];
      if (/^H[1-6]$/.test(child.tagName)) {
        while (stack.length && level(stack[stack.length - 1]) >= level(child)) stack.pop();
        stack.push(child);
      }
      if (child === block) break;
    }
    var item = null;
    for (var j = stack.length - 1; j >= 0; j--) {
      if (stack[j].classList.contains("rg-item") && stack[j].id) { item = stack[j]; break; }
    }
    return { target: item ? item.id : null, paragraph: paragraphOf(block, item), heading: item };
  }
  // The report's own paragraph number (#para-N), else the 1-based paragraph of the item's text.
  function paragraphOf(block, item) {
    var number = block.querySelector && block.querySelector(".rg-para-number[id^='para-']");
    if (number) return Number(number.id.slice(5));
    if (!item || block.tagName !== "P" || block.className) return null;
    var count = 0;
    for (var el = item.nextElementSibling; el; el = el.nextElementSibling) {
      if (el.tagName === "P" && !el.className) count++;
      if (el === block) return count;
    }
    return null;
  }
  function selectionPlace() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    var quote = selection.toString().replace(/\s+/g, " ").trim();
    if (!quote) return null;
    var place = placeOf(selection.getRangeAt(0).startContainer);
    if (!place) return null;
    place.quote = quote.slice(0, MAX_QUOTE);
    return place;
  }
  // Without a selection: the item the reader is on (focused, else the last item heading above the top of the screen).
  function readingPlace() {
    var root = article();
    if (!root) return null;
    if (document.activeElement && root.contains(document.activeElement)) {
      var focused = placeOf(document.activeElement);
      if (focused && focused.target) return focused;
    }
    var items = root.querySelectorAll(".rg-item[id]"), current = null;
    for (var i = 0; i < items.length; i++) {
      if (items[i].getBoundingClientRect().top < window.innerHeight / 3) current = items[i];
    }
    return current ? { target: current.id, paragraph: null, heading: current, quote: "" } : null;
  }

  // --- the panel --------------------------------------------------------------------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) {
      if (key === "class") node.className = attrs[key]; else node.setAttribute(key, attrs[key]);
    }
    if (text != null) node.textContent = text;
    return node;
  }
  var toggle = el("button", { type: "button", class: "rg-cp-toggle", "aria-expanded": "false", "aria-controls": "rg-cp" });
  var floating = el("button", { type: "button", class: "rg-cp-float", hidden: "" }, T.comment_button);
  var panel = el("aside", { id: "rg-cp", class: "rg-cp", "aria-labelledby": "rg-cp-title", hidden: "" });
  var status = el("p", { class: "rg-cp-status", role: "status" });

  function build() {
    var header = el("div", { class: "rg-cp-head" });
    header.appendChild(el("h2", { id: "rg-cp-title", tabindex: "-1" }, T.title));
    var close = el("button", { type: "button", class: "rg-cp-close", "aria-label": T.close }, "×");
    close.addEventListener("click", function () { show(false); });
    header.appendChild(close);
    panel.appendChild(header);
    panel.appendChild(el("p", { class: "rg-cp-intro" }, T.intro));
    var who = el("div", { class: "rg-cp-who" });
    who.appendChild(field("rg-cp-name", T.reviewer, "input", "name"));
    who.appendChild(field("rg-cp-org", T.organisation, "input", "organisation"));
    panel.appendChild(who);
    var start = el("button", { type: "button", class: "rg-cp-primary rg-cp-start" }, T.comment_selection);
    start.addEventListener("click", function () { startComment(selectionPlace() || lastPlace || readingPlace()); });
    panel.appendChild(start);
    panel.appendChild(el("form", { class: "rg-cp-form", hidden: "" }));
    panel.appendChild(status);
    panel.appendChild(el("ol", { class: "rg-cp-list" }));
    var download = el("button", { type: "button", class: "rg-cp-download" }, T.download);
    download.addEventListener("click", downloadFile);
    panel.appendChild(download);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) show(false);
    });
  }
  function field(id, label, tag, key) {
    var wrap = el("p", { class: "rg-cp-field" });
    wrap.appendChild(el("label", { for: id }, label));
    var input = el(tag, { id: id, autocomplete: key === "name" ? "name" : "organization" });
    input.value = load().reviewer[key] || "";
    input.addEventListener("change", function () {
      var state = load();
      state.reviewer[key] = input.value.trim();
      save(state);
    });
    wrap.appendChild(input);
    return wrap;
  }
  function show(open) {
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    document.documentElement.classList.toggle("rg-cp-open", open);
    if (open) { render(); panel.querySelector("#rg-cp-title").focus(); } else { toggle.focus(); }
  }
  function label(place) {
    if (!place || !place.target) return T.on_page;
    return format(T.on_item, { item: place.target + (place.paragraph ? " ¶" + place.paragraph : "") });
  }

  function startComment(place) {
    floating.hidden = true;
    if (!place || !place.target && !place.quote) { say(T.need_target); if (panel.hidden) show(true); return; }
    editing = { id: newId(), target: place.target, paragraph: place.paragraph, quote: place.quote || "",
                text: "", page: location.pathname, language: config.language, created: new Date().toISOString() };
    if (panel.hidden) show(true);
    form();
  }
  function form() {
    var f = panel.querySelector(".rg-cp-form");
    f.textContent = "";
    f.hidden = false;
    f.appendChild(el("p", { class: "rg-cp-on" }, label(editing)));
    if (editing.quote) {
      f.appendChild(el("p", { class: "rg-cp-label" }, T.quote));
      f.appendChild(el("blockquote", { class: "rg-cp-quote" }, editing.quote));
    }
    f.appendChild(el("label", { for: "rg-cp-text" }, T.text));
    var area = el("textarea", { id: "rg-cp-text", rows: "5", maxlength: String(MAX_TEXT) });
    area.value = editing.text;
    f.appendChild(area);
    var row = el("p", { class: "rg-cp-actions" });
    var ok = el("button", { type: "submit", class: "rg-cp-primary" }, T.save);
    var cancel = el("button", { type: "button" }, T.cancel);
    cancel.addEventListener("click", function () {
      editing = null;
      f.hidden = true;
      panel.querySelector(".rg-cp-start").focus();
    });
    row.appendChild(ok);
    row.appendChild(cancel);
    f.appendChild(row);
    f.onsubmit = function (event) {
      event.preventDefault();
      var text = area.value.trim();
      if (!text) { say(T.need_text); area.focus(); return; }
      var state = load();
      editing.text = text;
      editing.updated = new Date().toISOString();
      var index = state.comments.findIndex(function (c) { return c.id === editing.id; });
      if (index >= 0) state.comments[index] = editing; else state.comments.push(editing);
      save(state);
      var id = editing.id;
      editing = null;
      f.hidden = true;
      render();
      say(T.saved);
      // Focus follows the saved comment (the form it was in is gone).
      var saved = panel.querySelector('.rg-cp-item[data-id="' + id + '"] a');
      if (saved) saved.focus();
    };
    area.focus();
  }
  function say(text) { status.textContent = text; }

  function render() {
    var state = load();
    var list = panel.querySelector(".rg-cp-list");
    list.textContent = "";
    toggle.textContent = T.open + (state.comments.length ? " (" + state.comments.length + ")" : "");
    if (!state.comments.length) { list.appendChild(el("li", { class: "rg-cp-empty" }, T.empty)); return; }
    state.comments.forEach(function (comment) {
      var li = el("li", { class: "rg-cp-item", "data-id": comment.id });
      var link = el("a", { href: comment.page + (comment.target ? "#" + encodeURIComponent(comment.target) : "") }, label(comment));
      li.appendChild(link);
      if (comment.quote) li.appendChild(el("blockquote", { class: "rg-cp-quote" }, comment.quote));
      li.appendChild(el("p", { class: "rg-cp-text" }, comment.text));
      var row = el("p", { class: "rg-cp-actions" });
      var edit = el("button", { type: "button", "aria-label": T.edit + " — " + label(comment) }, T.edit);
      edit.addEventListener("click", function () { editing = Object.assign({}, comment); form(); });
      var del = el("button", { type: "button", "aria-label": T.delete + " — " + label(comment) }, T.delete);
      del.addEventListener("click", function () {
        if (!window.confirm(T.delete_confirm)) return;
        var s = load();
        s.comments = s.comments.filter(function (c) { return c.id !== comment.id; });
        save(s);
        render();
      });
      row.appendChild(edit);
      row.appendChild(del);
      li.appendChild(row);
      list.appendChild(li);
    });
  }

  function downloadFile() {
    var state = load();
    var data = { format: "reportgen-comments/1", evaluation: config.evaluation, round: config.round,
                 "for": config["for"] || null,
                 edition: "review", reviewer: state.reviewer, exported: new Date().toISOString(),
                 comments: state.comments };
    var blob = new Blob([JSON.stringify(data, null, 1)], { type: "application/json" });
    var who = (state.reviewer.organisation || state.reviewer.name || "reviewer").replace(/[^\w.-]+/g, "-").slice(0, 40);
    var a = el("a", { href: URL.createObjectURL(blob),
                      download: ("comments-" + config.evaluation + "-" + (config.round || "draft") + "-" + who)
                                  .replace(/[^\w.-]+/g, "-") + ".json" });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  // --- the floating "Comment" button beside a selection ----------------------------------
  function onSelection() {
    var place = selectionPlace();
    if (!place) { floating.hidden = true; return; }
    lastPlace = place;
    var rect = window.getSelection().getRangeAt(0).getBoundingClientRect();
    floating.hidden = false;
    if (window.innerWidth > 600) {
      floating.style.top = Math.max(0, rect.bottom + window.scrollY + 6) + "px";
      floating.style.left = Math.max(8, Math.min(rect.left + window.scrollX, window.innerWidth - 140)) + "px";
    }
  }
  var timer = null;
  document.addEventListener("selectionchange", function () { clearTimeout(timer); timer = setTimeout(onSelection, 150); });
  document.addEventListener("focusin", function (event) {
    var place = placeOf(event.target);
    if (place && place.target) lastPlace = { target: place.target, paragraph: place.paragraph, quote: "" };
  });
  floating.addEventListener("mousedown", function (event) { event.preventDefault(); }); // keep the selection
  floating.addEventListener("click", function () { startComment(selectionPlace() || lastPlace); });
  toggle.addEventListener("click", function () { show(panel.hidden); });

  build();
  document.body.appendChild(panel);
  document.body.appendChild(floating);
  document.body.appendChild(toggle);
  render();
})();
