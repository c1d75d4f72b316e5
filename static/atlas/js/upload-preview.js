// The preview of a processed upload: summary, warnings, the first rows and the extent on a small map.

import { vectorTiles } from "./vectortiles.js";

const COUNTRIES = Object.freeze({ fill: true, fillColor: "#fbf8ef", fillOpacity: 1, color: "#888", weight: 0.8 });

// A small Leaflet map in element `id`, made when first shown: the countries from `countriesUrl` and a box.
export function createExtentMap(id, countriesUrl) {
  let map = null;
  let box = null;
  return Object.freeze({
    show([w, s, e, n]) {
      const bounds = [[s, w], [n, e]];
      if (!map) {
        map = L.map(id, { attributionControl: false });
        vectorTiles(countriesUrl, { interactive: false, vectorTileLayerStyles: { countries: COUNTRIES } }).addTo(map);
      }
      box?.remove();
      box = L.rectangle(bounds, { color: "#bd0026", weight: 2 }).addTo(map);
      map.invalidateSize();
      map.fitBounds(bounds);
    },
  });
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
  if (p.bbox) extentMap.show(p.bbox);
}
