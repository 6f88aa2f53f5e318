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

  /* Recommendation explorer: filter rows in place and sort by column. */
  function explorer() {
    var form = document.querySelector("form.rg-filters");
    var table = document.querySelector("table[data-rg-explorer]");
    if (!form || !table) return;
    form.hidden = false;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var output = form.querySelector(".rg-filter-count");
    var template = output.getAttribute("data-template") || "{shown} / {total}";
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = Array.prototype.every.call(form.querySelectorAll("select[data-facet]"), function (select) {
          if (!select.value) return true;
          var values = (row.getAttribute("data-" + select.getAttribute("data-facet")) || "").split(" ");
          return values.indexOf(select.value) >= 0;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      output.textContent = template.replace("{shown}", shown).replace("{total}", rows.length);
    }
    form.addEventListener("change", apply);
    apply();

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell, index) {
      if (!cell.hasAttribute("data-sort")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "rg-sort";
      button.textContent = cell.textContent;
      cell.textContent = "";
      cell.appendChild(button);
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

  ready(function () {
    languageSwitch();
    focusableAbbreviations();
    explorer();
  });
})();
