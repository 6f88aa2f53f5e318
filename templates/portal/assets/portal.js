// Facet filters of a portal list: each <select> keeps the cards whose data-f-FACET holds the value.
// The state lives in the URL hash (#priority=high&year=2024) so a filtered list can be linked.
(function () {
  var form = document.getElementById("filters");
  var items = Array.prototype.slice.call(document.querySelectorAll("#items > .card"));
  if (!form) return;
  form.hidden = false;
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
  var count = form.querySelector(".count");

  function apply() {
    var shown = 0;
    items.forEach(function (item) {
      var visible = selects.every(function (select) {
        if (!select.value) return true;
        var tokens = (item.getAttribute("data-f-" + select.dataset.facet) || "").split(" ");
        return tokens.indexOf(select.value) >= 0;
      });
      item.hidden = !visible;
      if (visible) shown += 1;
    });
    count.textContent = count.dataset.template.replace("{shown}", shown).replace("{total}", items.length);
    var state = selects.filter(function (s) { return s.value; })
      .map(function (s) { return s.dataset.facet + "=" + encodeURIComponent(s.value); }).join("&");
    history.replaceState(null, "", state ? "#" + state : location.pathname + location.search);
  }

  location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
    var parts = pair.split("=");
    var select = form.querySelector('select[data-facet="' + parts[0] + '"]');
    if (select && parts[1]) select.value = decodeURIComponent(parts[1]);
  });
  selects.forEach(function (select) { select.addEventListener("change", apply); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  apply();
})();
