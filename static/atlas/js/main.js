// The atlas map: base map from the atlas's own tiles, hazard layers by type, filters, search, permalink.

import { addControls } from "./controls.js";
import { buildPanel, setChecked } from "./panel.js";
import { featurePopup } from "./popup.js";
import { readState, writeState } from "./state.js";
import { setupSearch } from "./search.js";
import { showPassport } from "./passport.js";
import { filters, HIGHLIGHT, passes, styleFor } from "./style.js";

// VectorGrid 1.3 with Leaflet 1.9: Leaflet dropped fakeStop, which VectorGrid still calls on clicks; and
// Leaflet takes a clicked circle for a marker and asks its getLatLng(), which tile points cannot answer.
L.DomEvent.fakeStop = L.DomEvent.fakeStop || ((e) => { e._stopped = true; });
const createSymbolizer = L.VectorGrid.prototype._createLayer;
L.VectorGrid.prototype._createLayer = function createLayer(feat, pxPerExtent) {
  const symbolizer = createSymbolizer.call(this, feat, pxPerExtent);
  if (feat.type === 1) symbolizer.getLatLng = null;
  symbolizer.atlasId = feat.id;  // the MVT feature id, for popups and highlighting
  return symbolizer;
};

const config = JSON.parse(document.getElementById("atlas-config").textContent);
const DEFAULT_LAYERS = ["context-rivers", "context-lakes", "seismic-earthquakes-usgs", "flood-glof-events"];
const BASE_LAYERS = new Set(["context-rivers", "context-lakes"]);
const state = readState();
const map = L.map("map", { zoomControl: true, minZoom: 2, maxZoom: 16, preferCanvas: true })
  .setView([state.lat ?? 43.0, state.lon ?? 66.0], state.zoom ?? 4);
const active = new Map(); // slug -> Leaflet layer
let layers = [];

if (config.basemap.url) {
  L.tileLayer(config.basemap.url, { attribution: config.basemap.attribution, maxZoom: 18 }).addTo(map);
}
const memberSet = new Set(config.members.map((m) => m.iso3));
L.vectorGrid.protobuf(config.tiles.countries, {
  rendererFactory: L.canvas.tile, maxNativeZoom: 16, interactive: false, attribution: "Natural Earth",
  vectorTileLayerStyles: { countries: (p) => ({ fill: true, fillColor: memberSet.has(p.iso3) ? "#fbf8ef" : "#eeeeea",
    fillOpacity: 1, color: memberSet.has(p.iso3) ? "#444" : "#999", weight: memberSet.has(p.iso3) ? 1.6 : 0.8 }) },
}).addTo(map);
const adminAreas = L.vectorGrid.protobuf(config.tiles.adminAreas, {
  rendererFactory: L.canvas.tile, maxNativeZoom: 16, interactive: true, getFeatureId: (f) => f.id,
  attribution: "geokz · geoBoundaries · Who's On First",
  vectorTileLayerStyles: { admin_areas: (p) => ({ fill: true, fillOpacity: 0, color: "#7a7a7a",
    weight: p.level === 1 ? 0.9 : 0.4, dashArray: p.level === 1 ? null : "2 3" }) },
}).addTo(map);
adminAreas.on("click", (e) => showPassport(e.layer.properties, document.getElementById("side-panel")));

function makeLayer(layer, hazardColour) {
  if (layer.kind === "raster") {
    return L.tileLayer(layer.links.tiles, { maxNativeZoom: 12, maxZoom: 16, opacity: 0.85, attribution: layer.attribution });
  }
  const grid = L.vectorGrid.protobuf(layer.links.tiles, {
    rendererFactory: L.canvas.tile, maxNativeZoom: 16, maxZoom: 16, interactive: true, getFeatureId: (f) => f.id,
    vectorTileLayerStyles: { [layer.slug]: styleFor(layer, hazardColour) }, attribution: layer.attribution,
  });
  grid.on("click", (e) => featurePopup(layer, e.layer.atlasId, e.latlng, map));
  grid.on("mouseover", (e) => grid.setFeatureStyle(e.layer.atlasId, HIGHLIGHT));
  grid.on("mouseout", (e) => grid.resetFeatureStyle(e.layer.atlasId));
  return grid;
}

function toggle(layer, on) {
  if (on && !active.has(layer.slug)) {
    const leafletLayer = makeLayer(layer, hazardColours[layer.hazard_type] || "#555").addTo(map);
    if (BASE_LAYERS.has(layer.slug)) leafletLayer.bringToBack?.();
    active.set(layer.slug, leafletLayer);
  } else if (!on && active.has(layer.slug)) {
    map.removeLayer(active.get(layer.slug));
    active.delete(layer.slug);
  }
  save();
}

function redrawAll() {
  for (const [slug, leafletLayer] of active) if (layers.find((l) => l.slug === slug)?.kind === "vector") leafletLayer.redraw();
  save();
}

function save() {
  return writeState(map, [...active.keys()], filters, config.lang);
}

let hazardColours = {};

async function start() {
  const [layerList, hazardTypes] = await Promise.all([
    fetch(`${config.api.layers}?limit=500`, { credentials: "same-origin" }).then((r) => r.json()),
    fetch(config.api.hazardTypes, { credentials: "same-origin" }).then((r) => r.json()),
  ]);
  layers = layerList.results;
  await Promise.all(layers.filter((l) => l.kind === "raster").map(async (l) => {
    l.legend = (await fetch(l.links.tilejson).then((r) => r.json())).legend;
  }));
  hazardColours = Object.fromEntries(hazardTypes.map((h) => [h.code, h.colour]));
  buildPanel(document.getElementById("layer-panel"), layers, hazardTypes, {
    toggle,
    opacity: (layer, value) => active.get(layer.slug)?.setOpacity(value),
    zoom: (layer) => { const [w, s, e, n] = layer.bbox; map.fitBounds([[s, w], [n, e]]); },
  });
  setupFilters();
  const wanted = state.layers ?? DEFAULT_LAYERS;
  for (const layer of layers) {
    if (wanted.includes(layer.slug)) { setChecked(layer.slug, true); toggle(layer, true); }
  }
  map.on("moveend", save);
  window.atlas.ready = true;
  document.body.dataset.ready = "true";
}

function setupFilters() {
  const country = document.getElementById("filter-country");
  const nameKey = `name_${config.lang}`;
  for (const member of config.members) {
    country.append(new Option(member[nameKey] || member.name_en, member.iso3));
  }
  const tb = document.getElementById("filter-transboundary");
  const from = document.getElementById("filter-from");
  const to = document.getElementById("filter-to");
  Object.assign(filters, { country: state.country, transboundary: state.transboundary, from: state.from, to: state.to });
  country.value = filters.country;
  tb.checked = filters.transboundary;
  from.value = filters.from ?? "";
  to.value = filters.to ?? "";
  const year = (input) => (input.value === "" ? null : Number(input.value));
  country.addEventListener("change", () => { filters.country = country.value; redrawAll(); });
  tb.addEventListener("change", () => { filters.transboundary = tb.checked; redrawAll(); });
  for (const input of [from, to]) {
    input.addEventListener("change", () => { filters.from = year(from); filters.to = year(to); redrawAll(); });
  }
}

document.getElementById("language").addEventListener("change", (e) => e.target.form.submit());
setupSearch(document.getElementById("search-input"), document.getElementById("search-results"), config.api.search,
  (result) => {
    const [w, s, e, n] = result.bbox;
    if (result.type === "layer") {
      const layer = layers.find((l) => l.slug === result.id);
      if (layer) { setChecked(layer.slug, true); toggle(layer, true); }
    }
    map.fitBounds([[s, w], [n, e]], { maxZoom: result.type === "place" ? 11 : 12 });
  });
addControls(map, save);

// For tests and benchmarks: what is drawn, counted from the features the tiles hold and the filters pass.
window.atlas = {
  map, active, filters, ready: false,
  drawn(slug) {
    const grid = active.get(slug);
    const layer = layers.find((l) => l.slug === slug);
    if (!grid || !layer) return 0;
    const ids = new Set();
    for (const tile of Object.values(grid._vectorTiles || {})) {
      for (const [id, entry] of Object.entries(tile._features || {})) {
        if (passes(entry.feature.properties, layer)) ids.add(id);
      }
    }
    return ids.size;
  },
};
start();
