// The follow-up dashboard as of an earlier date (?as_of=YYYY-MM-DD), from the same data the page was
// built from: each key action's dated updates. An action's state on a date is the status of its last
// update up to that date (else "not started" when its later updates set one, else its own status);
// it is overdue when it was due before that date and not completed or dropped. Actions whose response
// came later are left out.
(function () {
  var form = document.getElementById("as-of"), data = document.getElementById("follow-up-data");
  if (!form || !data) return;
  var d = JSON.parse(data.textContent), input = form.querySelector("input");
  var CLOSED = ["completed", "no longer applicable"];
  form.hidden = false;

  function stateOn(action, day) {
    var status = null, later = false, latest = null;
    action.h.forEach(function (u) {
      if (u[0] <= day) { latest = u; if (u[1]) status = u[1]; } else if (u[1]) { later = true; }
    });
    if (!status) status = later ? "not started" : action.s;
    return { status: status, latest: latest, overdue: action.d < day && CLOSED.indexOf(status) < 0 };
  }

  function cell(row, content, href) {
    var td = document.createElement("td");
    if (href) { var a = document.createElement("a"); a.href = d.root + href; a.textContent = content; td.appendChild(a); }
    else td.textContent = content;
    row.appendChild(td);
    return td;
  }

  function show(day) {
    var counts = {}, rows = [];
    d.actions.forEach(function (action) {
      if (action.rd && action.rd > day) return;
      var state = stateOn(action, day);
      [action.e, ""].forEach(function (e) {
        counts[e] = counts[e] || { overdue: 0 };
        counts[e][state.status] = (counts[e][state.status] || 0) + 1;
        if (state.overdue) counts[e].overdue += 1;
      });
      if (state.overdue) rows.push([action, state]);
    });
    rows.sort(function (x, y) { return x[0].d < y[0].d ? -1 : x[0].d > y[0].d ? 1 : 0; });
    var body = document.getElementById("overdue-rows");
    body.textContent = "";
    rows.forEach(function (pair) {
      var action = pair[0], state = pair[1], tr = document.createElement("tr");
      tr.className = "overdue";
      cell(tr, action.e, action.eu); cell(tr, action.r, action.ru);
      var what = cell(tr, " " + action.t), strong = document.createElement("strong");
      strong.textContent = action.a; what.insertBefore(strong, what.firstChild);
      cell(tr, action.u); cell(tr, action.d); cell(tr, d.statuses[state.status] || state.status);
      cell(tr, state.latest ? state.latest[0] + ": " + state.latest[2] : d.no_update);
      body.appendChild(tr);
    });
    document.getElementById("overdue-table").hidden = !rows.length;
    document.getElementById("no-overdue").hidden = !!rows.length;
    document.getElementById("overdue-count").textContent = rows.length;
    Array.prototype.forEach.call(document.querySelectorAll("td[data-k]"), function (td) {
      td.textContent = (counts[td.dataset.e] || {})[td.dataset.k] || 0;
    });
    Array.prototype.forEach.call(document.querySelectorAll(".as-of-text, #as-of-intro"), function (el) {
      el.textContent = el.dataset.template.replace("{date}", day);
    });
    var note = document.getElementById("as-of-note");
    note.hidden = day === d.as_of;
    note.textContent = note.dataset.template.replace("{date}", day);
  }

  var asked = new URLSearchParams(location.search).get("as_of");
  if (asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) && asked <= d.as_of) { input.value = asked; show(asked); }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.value)) return;
    history.replaceState(null, "", location.pathname + "?as_of=" + input.value);
    show(input.value);
  });
})();
