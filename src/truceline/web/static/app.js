/* Truceline map: incidents coloured by verdict, zones, contact line, date slider, filters.
   Uses Leaflet served locally from xstatic-leaflet; no network beyond this server. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var map = L.map(el, { preferCanvas: true }).setView([48.5, 35.0], 6);
  var tiles = el.dataset.tileUrl;
  if (tiles) { L.tileLayer(tiles, { maxZoom: 18 }).addTo(map); }

  function style(f) {
    return { color: "#1d4ed8", weight: 1.5, fillOpacity: 0.08 };
  }

  // Agreement page: zones only.
  if (el.dataset.zones) {
    fetch(el.dataset.zones).then(function (r) { return r.json(); }).then(function (fc) {
      var layer = L.geoJSON(fc, { style: style,
        onEachFeature: function (f, l) { l.bindTooltip(f.properties.id); } }).addTo(map);
      if (fc.features.length) { map.fitBounds(layer.getBounds()); }
    });
    return;
  }

  var colours = JSON.parse(el.dataset.colours || "{}");
  var days = JSON.parse(el.dataset.days || "[]");
  var form = document.getElementById("filters");
  var count = document.getElementById("count");
  var list = document.getElementById("incident-list");
  var label = document.getElementById("day-label");
  var points = L.layerGroup().addTo(map);
  var zones = L.geoJSON(null, { style: style }).addTo(map);
  var line = L.geoJSON(null, { style: { color: "#111827", weight: 2, dashArray: "4 3" } }).addTo(map);
  var fitted = false;
  var seq = 0;

  function shiftDay(day, n) {
    var d = new Date(day + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  function params() {
    var q = new URLSearchParams();
    ["agreement", "verdict", "party", "event_type", "target_type"].forEach(function (k) {
      var v = form.elements[k].value;
      if (v) { q.set(k, v); }
    });
    var day = days[Number(form.elements.day.value)];
    var win = form.elements.window.value;
    if (day && win) {
      q.set("since", shiftDay(day, 1 - Number(win)));
      q.set("until", shiftDay(day, 1));
    }
    if (label) { label.textContent = win && day ? day : "all dates"; }
    return { q: q, day: day };
  }

  function load() {
    var p = params();
    var mine = ++seq;
    var q = new URLSearchParams(p.q);
    if (fitted) {
      var b = map.getBounds();
      q.set("bbox", [Math.max(b.getWest(), -180), Math.max(b.getSouth(), -90),
        Math.min(b.getEast(), 180), Math.min(b.getNorth(), 90)].map(function (x) {
        return x.toFixed(4); }).join(","));
    }
    fetch("/api/map?" + q.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (fc) {
        if (mine !== seq) { return; }
        points.clearLayers();
        list.innerHTML = "";
        var shown = 0;
        fc.features.forEach(function (f) {
          var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
          var pr = f.properties;
          if (pr.cluster) {
            L.circleMarker(ll, { radius: 8 + Math.min(20, Math.sqrt(pr.count)), color: "#374151",
              fillColor: "#9ca3af", fillOpacity: 0.7 }).bindTooltip(pr.count + " incidents")
              .addTo(points);
            shown += pr.count;
            return;
          }
          shown += 1;
          var c = colours[pr.verdict] || colours.none;
          L.circleMarker(ll, { radius: 7, color: "#111", weight: 1, fillColor: c, fillOpacity: 0.9 })
            .bindPopup('<a href="/incidents/' + encodeURIComponent(pr.id) + '">' +
              pr.event_type + "</a><br>" + (pr.start || "").slice(0, 10) + " · " + pr.verdict)
            .addTo(points);
          if (list.children.length < 200) {
            var li = document.createElement("li");
            li.className = "incident verdict-" + pr.verdict;
            var a = document.createElement("a");
            a.href = "/incidents/" + encodeURIComponent(pr.id);
            a.textContent = (pr.start || "").slice(0, 10) + " " + pr.event_type + " (" + pr.verdict + ")";
            li.appendChild(a);
            list.appendChild(li);
          }
        });
        count.textContent = shown + " incident" + (shown === 1 ? "" : "s") +
          (fc.clustered ? " (clustered)" : "");
        count.dataset.count = String(shown);
        if (!fitted && fc.features.length) {
          var pts = fc.features.map(function (f) {
            return [f.geometry.coordinates[1], f.geometry.coordinates[0]]; });
          map.fitBounds(L.latLngBounds(pts).pad(0.2), { maxZoom: 9 });
        }
        fitted = true;
      });
    line.clearLayers();
    fetch("/api/contact-line" + (p.day ? "?date=" + p.day : ""))
      .then(function (r) { return r.json(); })
      .then(function (fc) { if (fc.features.length) { line.addData(fc); } });
    zones.clearLayers();
    var ag = form.elements.agreement.value;
    if (ag) {
      fetch("/api/agreements/" + encodeURIComponent(ag) + "/zones")
        .then(function (r) { return r.json(); })
        .then(function (fc) { zones.addData(fc); });
    }
  }

  form.addEventListener("change", load);
  form.elements.day.addEventListener("input", function () { params(); });
  map.on("moveend", function () { if (fitted) { load(); } });
  load();
})();
