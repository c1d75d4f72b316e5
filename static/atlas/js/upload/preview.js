// The preview of a processed upload: summary, warnings, the first rows and the extent on a small map.

import { addCountriesBase } from "../shared/gl.js";

const FEATURES = Object.freeze({ color: "#bd0026", weight: 1.5, fillColor: "#fd8d3c", fillOpacity: 0.5 });

// A small Leaflet map in element `id`, made when first shown: the countries from `countriesUrl` and the base map's
// rivers, lakes and places from `basemapUrl` (drawn by MapLibre, loaded from `vendor`), the extent as a dashed box, and the first features of the new version (`features`,
// GeoJSON, when the upload is a vector).
export function createExtentMap(id, countriesUrl, vendor, basemapUrl) {
  let map = null;
  let drawn = null;
  return Object.freeze({
    show([w, s, e, n], features) {
      const bounds = [[s, w], [n, e]];
      if (!map) {
        map = L.map(id, { attributionControl: false });
        addCountriesBase(map, vendor, countriesUrl, basemapUrl).catch((error) => console.error(error));
      }
      drawn?.remove();
      drawn = L.layerGroup([L.rectangle(bounds, { color: "#5a6b7b", weight: 1, dashArray: "4 4", fill: false })]);
      if (features) {
        drawn.addLayer(L.geoJSON(features, { style: () => FEATURES,
          pointToLayer: (_feature, latlng) => L.circleMarker(latlng, { ...FEATURES, radius: 4 }) }));
      }
      drawn.addTo(map);
      map.invalidateSize();
      map.fitBounds(bounds, { maxZoom: 12 });
    },
  });
}

// The map's permalink showing `slug` on its extent (with the base map and the map's own layers).
export function mapLinkFor(mapUrl, slug, bbox) {
  const q = new URLSearchParams({ layers: slug });
  if (bbox) {
    const [w, s, e, n] = bbox;
    const span = Math.max(e - w, (n - s) * 1.4, 0.01);
    q.set("z", String(Math.max(3, Math.min(12, Math.floor(Math.log2(360 / span)) + 1))));
    q.set("lat", ((s + n) / 2).toFixed(4));
    q.set("lon", ((w + e) / 2).toFixed(4));
  }
  return `${mapUrl}?${q.toString()}`;
}

// Fills the preview section with what the upload's job found.
export function renderPreview(upload, extentMap) {
  const $ = (id) => document.getElementById(id);
  const p = upload.preview;
  const d = upload.detected;
  $("summary").textContent = `${upload.layer} · v${upload.version} · ${p.feature_count} ${gettext("features")} · `
    + `${d.format} · ${gettext("encoding")} ${d.encoding || "—"} · ${gettext("coordinate system")} ${d.crs || "—"}`
    + (p.repaired ? ` · ${gettext("geometries repaired")}: ${p.repaired}` : "")
    + (p.dropped ? ` · ${gettext("empty geometries dropped")}: ${p.dropped}` : "");
  $("warnings").replaceChildren(...upload.warnings.map((w) => Object.assign(document.createElement("li"), { textContent: w })));
  const rows = p.rows || [];
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].slice(0, 12);
  const table = $("rows");
  table.replaceChildren();
  const head = table.insertRow();
  keys.forEach((k) => { const th = document.createElement("th"); th.textContent = k; head.append(th); });
  rows.forEach((r) => { const tr = table.insertRow(); keys.forEach((k) => { tr.insertCell().textContent = r[k] ?? ""; }); });
  if (p.bbox) extentMap.show(p.bbox, p.features);
}
