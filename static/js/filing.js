/* The filing form's suggestions: as the citizen writes what and where, ask the server for
 * similar reports still being handled nearby (/lapor/serupa/, an HTML fragment the server
 * escaped) and show them above the consent, each with "Dukung laporan ini". Once shown,
 * the form says so (lanjut=1), and the server does not stop the report to show them again.
 * Without JavaScript the server shows them as a step before the report is sent. */
(function () {
  "use strict";

  var form = document.querySelector("form.complaint-form");
  var box = document.getElementById("saran-serupa");
  if (!form || !box) return;
  var field = function (name) { return form.querySelector("[name=" + name + "]"); };
  var timer = null, asked = "";

  function query() {
    var title = (field("title").value || "").trim();
    var lat = field("lat").value, long = field("long").value;
    var district = field("district").value;
    if (title.length < 5 || !((lat && long) || district)) return "";
    var params = new URLSearchParams({
      judul: title, kategori: field("category").value || "", kecamatan: district || "",
      lat: lat || "", long: long || ""
    });
    return box.dataset.url + "?" + params.toString();
  }

  function seen() {
    if (field("lanjut")) return;
    var flag = document.createElement("input");
    flag.type = "hidden";
    flag.name = "lanjut";
    flag.value = "1";
    form.appendChild(flag);
  }

  function ask() {
    var url = query();
    if (!url || url === asked) return;
    asked = url;
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (url !== asked) return;
        box.innerHTML = html;  // rendered and escaped by the server's template
        if (html.trim()) seen();
      })
      .catch(function () { /* the server shows them as a step instead */ });
  }

  ["title", "category", "district", "lat", "long"].forEach(function (name) {
    var input = field(name);
    if (!input) return;
    ["input", "change"].forEach(function (kind) {
      input.addEventListener(kind, function () {
        clearTimeout(timer);
        timer = setTimeout(ask, 600);
      });
    });
  });
})();
