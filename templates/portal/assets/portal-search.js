// The Pagefind search UI, in the page's language (Pagefind picks the index by <html lang>).
// The query comes from ?q= (the search box of the home page).
(function () {
  var script = document.currentScript;
  var base = new URL(script.dataset.root, location.href).pathname;
  var ui = new PagefindUI({
    element: "#search", bundlePath: script.dataset.bundle, showSubResults: false,
    showImages: false, resetStyles: false, pageSize: 10,
    // A result is a record page; its `target` meta is the item's place in its evaluation's site.
    processResult: function (result) {
      if (result.meta && result.meta.target) {
        result.url = base + result.meta.target;
        delete result.meta.target;
      }
      return result;
    }
  });
  var query = new URLSearchParams(location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
