/* lapor's maps, on Leaflet (npm "leaflet", served as a static file, loaded only when a map
 * is shown: the filing page stays light on a cheap phone until the citizen asks for a map).
 *
 * <div class="report-map" …> from the {% report_map %} tag becomes:
 *  - with data-url: a map of reports; on every move it asks data-url for the box it shows
 *    (kotak=south,west,north,east) and draws pins, or counted cells the server clustered;
 *  - with the class report-map-picker: the filing form's location picker, which fills the
 *    lintang/bujur fields (they stay for browsers without JavaScript).
 * Text comes from data-text-* attributes (the page's language); nothing is inline (CSP). */
(function () {
  "use strict";

  var leafletLoading = null;

  function loadLeaflet(element) {
    if (window.L) return Promise.resolve(window.L);
    if (leafletLoading) return leafletLoading;
    leafletLoading = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = element.dataset.leafletCss;
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = element.dataset.leafletJs;
      script.onload = function () { resolve(window.L); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return leafletLoading;
  }

  function box(element) {
    var parts = element.dataset.box.split(",").map(Number);
    return [[parts[0], parts[1]], [parts[2], parts[3]]];
  }

  function newMap(L, element) {
    element.classList.add("report-map-shown");
    var map = L.map(element, { scrollWheelZoom: false });
    map.fitBounds(box(element));
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, {
        maxZoom: 19, attribution: element.dataset.attribution
      }).addTo(map);
    }
    return map;
  }

  function status(element, text) {
    var line = element.nextElementSibling;
    if (!line || !line.classList.contains("report-map-status")) {
      line = document.createElement("p");
      line.className = "report-map-status small";
      line.setAttribute("role", "status");
      element.parentNode.insertBefore(line, element.nextSibling);
    }
    line.textContent = text || "";
  }

  /* --- A map of reports ------------------------------------------------------------------ */

  function popup(pin) {
    var link = document.createElement("a");
    link.href = pin.url;
    link.textContent = pin.code + " · " + pin.title;  // text, never HTML
    return link;
  }

  function showReports(L, element) {
    var map = newMap(L, element);
    var layer = L.layerGroup().addTo(map);
    var asked = 0;
    function refresh() {
      var b = map.getBounds();
      var url = element.dataset.url + (element.dataset.url.indexOf("?") < 0 ? "?" : "&") +
        "kotak=" + [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]
          .map(function (n) { return n.toFixed(6); }).join(",");
      var mine = ++asked;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          if (mine !== asked) return;  // a later move asked again
          layer.clearLayers();
          (data.pins || []).forEach(function (pin) {
            L.circleMarker([pin.lat, pin.lng], { radius: 7, className: "pin state-" + pin.state })
              .bindPopup(popup(pin)).addTo(layer);
          });
          (data.cells || []).forEach(function (cell) {
            var radius = Math.min(30, 8 + Math.sqrt(cell.count));
            L.circleMarker([cell.lat, cell.lng], { radius: radius, className: "cell" })
              .bindTooltip(element.dataset.textCount.replace("%s", cell.count))
              .on("click", function () { map.setView([cell.lat, cell.lng], map.getZoom() + 2); })
              .addTo(layer);
          });
          element.dataset.shown = (data.pins || []).length + (data.cells || []).length;
          status(element, element.dataset.shown === "0" ? element.dataset.textEmpty : "");
        })
        .catch(function () { status(element, element.dataset.textError); });
    }
    map.on("moveend", refresh);
    refresh();
  }

  /* --- The filing form's location picker ------------------------------------------------ */

  function picker(element) {
    var lat = document.getElementById("id_lat");
    var long = document.getElementById("id_long");
    if (!lat || !long) return;
    var map = null, marker = null;

    function place(L, latitude, longitude, zoom) {
      lat.value = latitude.toFixed(6);
      long.value = longitude.toFixed(6);
      [lat, long].forEach(function (input) {
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
      if (!map) return;
      if (marker) marker.setLatLng([latitude, longitude]);
      else marker = L.marker([latitude, longitude]).addTo(map);
      if (zoom) map.setView([latitude, longitude], zoom);
    }

    function open() {
      return loadLeaflet(element).then(function (L) {
        if (map) return L;
        map = newMap(L, element);
        L.Icon.Default.imagePath = element.dataset.leafletCss.replace(/leaflet\.css$/, "images/");
        if (lat.value && long.value && !isNaN(lat.value) && !isNaN(long.value)) {
          place(L, Number(lat.value), Number(long.value), 16);
        }
        map.on("click", function (event) { place(L, event.latlng.lat, event.latlng.lng); });
        return L;
      });
    }

    var buttons = document.createElement("div");
    buttons.className = "d-flex flex-wrap gap-2 mb-2";
    var pick = document.createElement("button");
    pick.type = "button";
    pick.className = "btn btn-outline-secondary btn-sm";
    pick.textContent = element.dataset.textPick;
    pick.addEventListener("click", function () { open(); pick.hidden = true; });
    buttons.appendChild(pick);
    if (navigator.geolocation) {
      var locate = document.createElement("button");
      locate.type = "button";
      locate.className = "btn btn-outline-secondary btn-sm";
      locate.textContent = element.dataset.textLocate;
      locate.addEventListener("click", function () {
        status(element, element.dataset.textLocating);
        navigator.geolocation.getCurrentPosition(function (position) {
          open().then(function (L) {
            pick.hidden = true;
            place(L, position.coords.latitude, position.coords.longitude, 17);
            status(element, element.dataset.textLocated);
          });
        }, function () { status(element, element.dataset.textFailed); },
        { enableHighAccuracy: true, timeout: 15000 });
      });
      buttons.appendChild(locate);
    }
    element.parentNode.insertBefore(buttons, element);
  }

  document.querySelectorAll(".report-map").forEach(function (element) {
    if (element.classList.contains("report-map-picker")) picker(element);
    else if (element.dataset.url) loadLeaflet(element).then(function (L) {
      showReports(L, element);
    });
  });
})();
