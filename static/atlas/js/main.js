// The atlas map page's entry module: reads the page's config, keeps the page's state (active layers and filters)
// in one store and wires the map, the layer panel, the filters, the search and the permalink to it.

import { addBaseLayers } from "./basemap.js";
import { readConfig } from "./config.js";
import { addControls } from "./controls.js";
import { bindFilterForm } from "./filters.js";
import { createOverlays } from "./overlays.js";
import { buildPanel } from "./panel.js";
import { showPassport } from "./passport.js";
import { permalinkUrl, readPermalink, withoutLanguage } from "./permalink.js";
import { setupSearch } from "./search.js";
import { createStore } from "./store.js";

const URLS = ["api.layers", "api.hazardTypes", "api.search", "api.feature", "api.passportArea", "pages.passportArea",
  "tiles.countries", "tiles.adminAreas"];
const DEFAULT_LAYERS = Object.freeze(["context-rivers", "context-lakes", "seismic-earthquakes-usgs", "flood-glof-events"]);

async function getJson(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

// The layer list (raster layers with their legends) and the hazard types, from the API.
async function loadCatalogue(config) {
  const [layerList, hazardTypes] = await Promise.all([getJson(`${config.api.layers}?limit=500`),
    getJson(config.api.hazardTypes)]);
  const layers = await Promise.all(layerList.results.map(async (layer) => (layer.kind === "raster"
    ? { ...layer, legend: (await getJson(layer.links.tilejson)).legend } : layer)));
  return { layers, hazardTypes };
}

function fitBbox(map, [w, s, e, n], options) {
  map.fitBounds([[s, w], [n, e]], options);
}

async function main() {
  const config = readConfig("atlas-config", URLS);
  const permalink = readPermalink(window.location.search);
  const store = createStore({ layers: Object.freeze(permalink.layers ?? DEFAULT_LAYERS), filters: permalink.filters });
  const { view } = permalink;
  const map = L.map("map", { zoomControl: true, minZoom: 2, maxZoom: 16, preferCanvas: true })
    .setView([view.lat ?? 43.0, view.lon ?? 66.0], view.zoom ?? 4);
  const sidePanel = document.getElementById("side-panel");
  addBaseLayers(map, config, (area) => showPassport(area, sidePanel,
    { api: config.api.passportArea, page: config.pages.passportArea }));

  const savePermalink = () => {
    const url = permalinkUrl(window.location.pathname, map, store.get(), config.lang);
    window.history.replaceState(null, "", url);
    document.getElementById("language-next").value = withoutLanguage(url);
    return url;
  };
  addControls(map, savePermalink);
  document.getElementById("language").addEventListener("change", (e) => e.target.form.submit());

  const catalogue = loadCatalogue(config);
  setupSearch(document.getElementById("search-input"), document.getElementById("search-results"), config.api.search,
    async (result) => {
      fitBbox(map, result.bbox, { maxZoom: result.type === "place" ? 11 : 12 });
      const { layers } = await catalogue;
      const active = store.get().layers;
      if (result.type === "layer" && layers.some((l) => l.slug === result.id) && !active.includes(result.id)) {
        store.set({ layers: Object.freeze([...active, result.id]) });
      }
    });

  const { layers, hazardTypes } = await catalogue;
  const known = new Set(layers.map((layer) => layer.slug));
  store.set({ layers: Object.freeze(store.get().layers.filter((slug) => known.has(slug))) });
  const hazardColours = Object.fromEntries(hazardTypes.map((h) => [h.code, h.colour]));
  const overlays = createOverlays(map, store, { layers, hazardColours, urls: { feature: config.api.feature } });
  buildPanel(document.getElementById("layer-panel"), store, { layers, hazardTypes, actions: {
    opacity: overlays.setOpacity,
    zoom: (layer) => fitBbox(map, layer.bbox),
  } });
  bindFilterForm(store, { members: config.members, lang: config.lang });
  store.subscribe(savePermalink);
  map.on("moveend", savePermalink);
  savePermalink();
  // For tests and benchmarks: the map, the Leaflet layers by slug, the state and what is drawn.
  window.atlas = Object.freeze({ map, active: overlays.active, store, drawn: overlays.drawn, ready: true });
  document.body.dataset.ready = "true";
}

main();
