/* reportgen: small progressive enhancements. Every page works without this file. */
(function () {
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  /* Keep the anchor when switching language (links carry only the page). */
  function languageSwitch() {
    document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (link) {
      link.addEventListener("click", function () {
        if (location.hash && link.href.indexOf("#") < 0) link.href = link.href + location.hash;
      });
    });
  }

  /* Acronyms show their expansion on hover and on keyboard focus. The tooltip is filled
     with textContent (never HTML), so an expansion can never become markup. */
  function focusableAbbreviations() {
    var tip = document.createElement("span");
    tip.className = "rg-tooltip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    document.body.appendChild(tip);
    function show(abbr) {
      tip.textContent = abbr.getAttribute("data-expansion");
      var box = abbr.getBoundingClientRect();
      tip.style.left = (window.scrollX + box.left) + "px";
      tip.style.top = (window.scrollY + box.bottom + 6) + "px";
      tip.hidden = false;
      tip.classList.add("rg-tooltip--active");
    }
    function hide() { tip.hidden = true; tip.classList.remove("rg-tooltip--active"); }
    document.querySelectorAll(".md-typeset abbr[title]").forEach(function (abbr) {
      abbr.setAttribute("tabindex", "0");
      abbr.setAttribute("data-expansion", abbr.getAttribute("title"));
      ["mouseenter", "focus"].forEach(function (e) { abbr.addEventListener(e, function () { show(abbr); }); });
      ["mouseleave", "blur"].forEach(function (e) { abbr.addEventListener(e, hide); });
    });
  }

  /* Filter forms (the recommendation explorer, the comments log): each select filters the rows
     of its table by a data- attribute. The choice is kept in the address (?priority=high), so a
     filtered view can be sent to someone, and restored from it on load. */
  function filters() {
    document.querySelectorAll("form.rg-filters").forEach(function (form) {
      var id = form.getAttribute("data-table");
      var table = id ? document.getElementById(id) : document.querySelector("table[data-rg-explorer]");
      if (!table || !table.tBodies.length) return;
      var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
      /* The form is in the page from the start (nothing moves when this runs), inert until now. */
      selects.forEach(function (select) { select.disabled = false; });
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      var output = form.querySelector(".rg-filter-count");
      var template = (output && output.getAttribute("data-template")) || "{shown} / {total}";
      var params = new URLSearchParams(location.search);
      selects.forEach(function (select) {
        var wanted = params.get(select.getAttribute("data-facet"));
        if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
      });
      function apply() {
        var shown = 0;
        rows.forEach(function (row) {
          var visible = selects.every(function (select) {
            if (!select.value) return true;
            var values = (row.getAttribute("data-" + select.getAttribute("data-facet")) || "").split(" ");
            return values.indexOf(select.value) >= 0;
          });
          row.hidden = !visible;
          if (visible) shown += 1;
        });
        var empty = output && output.getAttribute("data-empty");
        if (output) output.textContent = shown === 0 && empty ? empty
          : template.replace("{shown}", shown).replace("{total}", rows.length);
        table.classList.toggle("rg-filtered-empty", shown === 0);
      }
      function remember() {
        var query = new URLSearchParams(location.search);
        selects.forEach(function (select) {
          var facet = select.getAttribute("data-facet");
          if (select.value) query.set(facet, select.value); else query.delete(facet);
        });
        var search = query.toString();
        history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
      }
      form.addEventListener("change", function () { apply(); remember(); });
      apply();
    });
  }

  /* The explorer's columns sort on a click of their heading. */
  function sortable() {
    var table = document.querySelector("table[data-rg-explorer]");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell, index) {
      if (!cell.hasAttribute("data-sort")) return;
      var button = cell.querySelector("button.rg-sort");
      if (button) button.disabled = false;
      else {  /* a project's own copy of the table template, without the buttons */
        button = document.createElement("button");
        button.type = "button";
        button.className = "rg-sort";
        button.textContent = cell.textContent;
        cell.textContent = "";
        cell.appendChild(button);
      }
      button.addEventListener("click", function () {
        var ascending = cell.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
        cell.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var key = function (row) {
          var c = row.cells[index];
          return c.hasAttribute("data-value") ? Number(c.getAttribute("data-value")) : c.textContent.trim().toLowerCase();
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var order = typeof x === "number" ? x - y : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
      });
    });
  }

  /* Search results open the page with the searched words highlighted: Material adds ?h= with
     the terms its index matched, which is empty when the accent-folding pipeline changed them. */
  function searchHighlightLinks() {
    var list = document.querySelector(".md-search-result__list");
    var input = document.querySelector("input.md-search__input");
    if (!list || !input) return;
    new MutationObserver(function () {
      var words = input.value.trim().split(/\s+/).filter(Boolean).join(" ");
      if (!words) return;
      list.querySelectorAll("a.md-search-result__link").forEach(function (link) {
        var url = new URL(link.href, location.href);
        if (url.searchParams.get("h")) return;
        url.searchParams.set("h", words);
        link.href = url.toString();
      });
    }).observe(list, { childList: true, subtree: true });
  }

  /* Wide tables say so: the bar before a scroll region (render/regions.py) is shown while the table is
     wider than its box; its top scrollbar moves with the table, and "expand" gives the table the
     window's width (and back). The bar's room is in the page from the start: nothing moves.
     A region is measured when it is laid out and whenever its width changes (a ResizeObserver): on the
     one-page edition, whose chapters are laid out only near the window (reportgen.css), a table far
     down is measured when the reader comes near it, not at load (measuring it would lay out its
     chapter). Regions laid out together are all measured first and changed after: one layout. */
  function wideTables() {
    var boxes = [];
    document.querySelectorAll(".md-typeset .rg-scroll-bar").forEach(function (bar) {
      var region = bar.nextElementSibling;
      var button = bar.querySelector(".rg-expand");
      var top = bar.querySelector(".rg-scroll-top");
      if (!region || !button || !top) return;
      var box = { bar: bar, region: region, top: top };
      boxes.push(box);
      var expandText = button.textContent;
      button.addEventListener("click", function () {
        var open = !bar.classList.contains("rg-expanded");
        bar.classList.toggle("rg-expanded", open);
        region.classList.toggle("rg-expanded", open);
        button.setAttribute("aria-expanded", String(open));
        button.textContent = open ? (button.getAttribute("data-shrink") || expandText) : expandText;
        place([box]);
      });
      top.addEventListener("scroll", function () {
        if (Math.abs(region.scrollLeft - top.scrollLeft) > 1) region.scrollLeft = top.scrollLeft;
      });
      region.addEventListener("scroll", function () {
        if (Math.abs(region.scrollLeft - top.scrollLeft) > 1) top.scrollLeft = region.scrollLeft;
      });
    });
    function place(list) {
      list.forEach(function (b) {
        [b.region, b.bar].forEach(function (el) { if (el.style.width) el.style.marginLeft = el.style.width = ""; });
      });
      var gap = 16, fit = document.documentElement.clientWidth - 2 * gap;
      var lefts = list.map(function (b) {
        return b.bar.classList.contains("rg-expanded") ? b.region.getBoundingClientRect().left : null;
      });
      list.forEach(function (b, i) {
        if (lefts[i] === null) return;
        [b.region, b.bar].forEach(function (el) {
          el.style.marginLeft = (gap - lefts[i]) + "px";
          el.style.width = fit + "px";
        });
      });
      var widths = list.map(function (b) { return [b.region.scrollWidth, b.region.clientWidth]; });
      list.forEach(function (b, i) {
        var wide = widths[i][0] > widths[i][1] + 1;
        b.bar.classList.toggle("rg-wide", wide || b.bar.classList.contains("rg-expanded"));
        b.region.classList.toggle("rg-scroll--wide", wide);
        b.bar.classList.toggle("rg-overflow", wide);
        b.top.firstElementChild.style.width = widths[i][0] + "px";
        b.top.hidden = !wide;
      });
    }
    if (!boxes.length) return;
    var observer = new ResizeObserver(function (entries) {
      /* A region not laid out (in a chapter away from the window, in a closed <details>) has no width. */
      place(boxes.filter(function (b) {
        return entries.some(function (entry) { return entry.target === b.region && entry.contentRect.width > 0; });
      }));
    });
    boxes.forEach(function (b) { observer.observe(b.region); });
    /* An expanded region has the window's width, set here: the window's resize changes it. */
    window.addEventListener("resize", function () {
      place(boxes.filter(function (b) { return b.bar.classList.contains("rg-expanded"); }));
    });
  }

  /* The 404 page's "search the report" button opens Material's search (its toggle's label). */
  function searchButtons() {
    document.querySelectorAll("[data-rg-open-search]").forEach(function (button) {
      button.addEventListener("click", function () {
        var toggle = document.querySelector('label.md-header__button[for="__search"]');
        if (toggle) toggle.click();
        var input = document.querySelector("input.md-search__input");
        if (input) input.focus();
      });
    });
  }

  ready(function () {
    searchButtons();
    wideTables();
    languageSwitch();
    focusableAbbreviations();
    filters();
    sortable();
    searchHighlightLinks();
  });
})();
