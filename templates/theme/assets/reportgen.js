/* reportgen: keep the anchor when switching language, and show acronym
   expansions to keyboard users too (abbr elements become focusable). */
(function () {
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (link) {
      link.addEventListener("click", function () {
        if (location.hash && link.href.indexOf("#") < 0) link.href = link.href + location.hash;
      });
    });
    document.querySelectorAll(".md-typeset abbr[title]").forEach(function (abbr) {
      abbr.setAttribute("tabindex", "0");
    });
  });
})();
