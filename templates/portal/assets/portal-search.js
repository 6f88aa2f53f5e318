// The portal's search page, on Pagefind's JavaScript API (Pagefind picks the index by <html lang>).
// Not Pagefind's default interface: that one loads every filter file on the first query, and
// filter files grow with the library. Here a query loads Pagefind's code, the index's metadata
// and the chunks its words need (no worker script); a filter's file only when a reader picks it.
// The query and filters live in the URL (?q=R4&year=2024), so a search can be shared.
(function () {
  var script = document.currentScript;
  var root = new URL(script.dataset.root, location.href).pathname;
  var bundle = new URL(script.dataset.bundle, location.href).href;
  var form = document.getElementById("search-form");
  var input = form.querySelector("input[name=q]");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 10;
  var pagefind = null, results = [], shown = 0, generation = 0, timer = null;

  function engine() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (pf) {
        return pf.options({ noWorker: true, excerptLength: 30 }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) filters[select.dataset.filter] = select.value;  // keys: the index holds keys
    });
    return filters;
  }

  function keepInUrl() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    selects.forEach(function (select) { if (select.value) params.set(select.name, select.value); });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function run() {
    var term = input.value.trim(), filters = chosenFilters(), mine = ++generation;
    keepInUrl();
    if (!term && !Object.keys(filters).length) {
      list.textContent = ""; status.textContent = ""; more.hidden = true;
      return Promise.resolve();
    }
    status.textContent = script.dataset.searching;
    return engine().then(function (pf) {
      return pf.search(term || null, { filters: filters });
    }).then(function (search) {
      if (mine !== generation || !search) return;  // a newer query took over
      results = search.results; shown = 0; list.textContent = "";
      status.textContent = results.length === 0 ? script.dataset.none : results.length === 1 ? script.dataset.one
                         : script.dataset.results.replace("{count}", results.length);
      return showMore(mine);
    });
  }

  function showMore(mine) {
    var batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (found) {
      if (mine !== generation) return;
      found.forEach(function (data) { list.appendChild(resultItem(data)); });
      more.hidden = shown >= results.length;
    });
  }

  function resultItem(data) {
    var best = bestSubResult(data);
    var li = document.createElement("li"), h = document.createElement("h3"), a = document.createElement("a");
    li.className = "card";
    // A result is a record page; its `target` meta is the item's place in its evaluation's site.
    var target = data.meta.target || "";
    var anchor = best && best.url.indexOf("#") >= 0 && target.indexOf("#") < 0 ? best.url.split("#")[1] : "";
    a.href = root + target + (anchor ? "#" + anchor : "");
    a.textContent = data.meta.title + (anchor ? " · " + anchor : "");
    h.appendChild(a); li.appendChild(h);
    if (data.meta.evaluation) li.appendChild(paragraph("source", document.createTextNode(data.meta.evaluation)));
    li.appendChild(paragraph("excerpt", excerpt((best || data).excerpt)));
    return li;
  }

  // Grouped records (an evaluation's conclusions) have a heading per item: the one with most matches.
  function bestSubResult(data) {
    var best = null, most = 0;
    (data.sub_results || []).forEach(function (sub) {
      var marks = (sub.excerpt.match(/<mark>/g) || []).length;
      if (sub.url.indexOf("#") >= 0 && marks > most) { best = sub; most = marks; }
    });
    return best;
  }

  function paragraph(className, child) {
    var p = document.createElement("p");
    p.className = className; p.appendChild(child);
    return p;
  }

  // Pagefind's excerpt is HTML with <mark> around the matches: keep the text and the marks only.
  function excerpt(html) {
    var template = document.createElement("template"), out = document.createDocumentFragment();
    template.innerHTML = html;
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); run(); });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 250); });
  selects.forEach(function (select) { select.addEventListener("change", run); });
  more.addEventListener("click", function () { showMore(generation); });
  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  selects.forEach(function (select) {
    var wanted = params.get(select.name);
    if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
  });
  run();
})();
