/* kehoach report: charts (vega-embed, bundled) and the plan pages' record panel. No network. */
(function () {
  "use strict";

  function embedCharts() {
    var el = document.getElementById("chart-specs");
    if (!el) return;
    var specs = JSON.parse(el.textContent);
    Object.keys(specs).forEach(function (id) {
      window.vegaEmbed("#" + id, specs[id], { actions: false, renderer: "svg", mode: "vega-lite" })
        .catch(function (err) { console.error("chart " + id + ": " + err); });
    });
  }

  var records = null;
  function record(id) {
    if (records === null) {
      var el = document.getElementById("records");
      records = el ? JSON.parse(el.textContent) : {};
    }
    return records[id];
  }

  function cell(v) {
    var td = document.createElement("td");
    if (v === null || v === undefined) { td.textContent = "—"; td.style.color = "#999"; }
    else if (typeof v === "object") td.textContent = JSON.stringify(v);
    else td.textContent = String(v);
    return td;
  }

  function show(mark) {
    var panel = document.getElementById("record-panel");
    if (!panel) return;
    document.querySelectorAll("mark.active").forEach(function (m) { m.classList.remove("active"); });
    mark.classList.add("active");
    panel.innerHTML = "";
    // the clicked highlight first, then the highlights it sits inside
    var chain = [];
    for (var m = mark; m; m = m.parentElement ? m.parentElement.closest("mark[data-id]") : null) chain.push(m);
    var seen = {};
    chain.forEach(function (m, i) {
      var id = m.getAttribute("data-id");
      if (seen[id]) return;
      seen[id] = true;
      var rec = record(id);
      var h = document.createElement("h3");
      h.textContent = (i === 0 ? "" : "inside: ") + m.getAttribute("data-kind") + " " + id.split(":").slice(1).join(":");
      panel.appendChild(h);
      if (!rec) { panel.appendChild(document.createTextNode("(no record)")); return; }
      var t = document.createElement("table");
      t.className = "record";
      t.setAttribute("data-record", id);
      Object.keys(rec).forEach(function (k) {
        var tr = document.createElement("tr");
        var th = document.createElement("td");
        th.className = "k";
        th.textContent = k;
        tr.appendChild(th);
        if (k === "other_page" && rec[k]) {
          var td = document.createElement("td");
          var a = document.createElement("a");
          a.href = rec[k];
          a.textContent = "open the other plan";
          td.appendChild(a);
          tr.appendChild(td);
        } else tr.appendChild(cell(rec[k]));
        t.appendChild(tr);
      });
      panel.appendChild(t);
    });
  }

  function wirePlan() {
    document.addEventListener("click", function (e) {
      var m = e.target.closest ? e.target.closest("mark[data-id]") : null;
      if (!m) return;
      var kind = m.getAttribute("data-kind");
      if (document.body.classList.contains("hide-" + kind)) return;
      show(m);
    });
    document.querySelectorAll(".legend input[data-kind]").forEach(function (box) {
      box.addEventListener("change", function () {
        document.body.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
      });
      document.body.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
    });
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    if (target && target.matches("mark[data-id]")) show(target);
  }

  document.addEventListener("DOMContentLoaded", function () {
    embedCharts();
    wirePlan();
  });
})();
