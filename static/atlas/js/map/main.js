// The atlas map page's entry module: reads the page's config, keeps the page's state (active layers and filters)
// in one store and wires the map, the layer panel, the filters, the search and the permalink to it.

import { addAlerts, alertsSection } from "./alerts.js";
import { ADMIN_FILL, baseStyle, loadWorld } from "./basemap.js";
import { getJson } from "../shared/api.js";
import { readConfig } from "../shared/config.js";
import { addControls, controlTexts } from "./controls.js";
import { bindFilterForm } from "./filters.js";
import { absoluteUrl, createMap, rendererKind, webglAvailable } from "../shared/gl.js";
import { bindMapClicks } from "./interaction.js";
import { addEarly, createOverlays } from "./overlays.js";
import { buildPanel } from "./panel.js";
import { showPassport } from "../passport/summary.js";
import { glZoom, permalinkUrl, readPermalink, withoutLanguage } from "./permalink.js";
import { setupSearch } from "./search.js";
import { createStore } from "../shared/store.js";

const URLS = ["api.layers", "api.hazardTypes", "api.search", "api.feature", "api.passportArea", "pages.passportArea",
  "tiles.countries", "tiles.adminAreas", "tiles.alerts", "tiles.countryLabels", "tiles.adminAreaLabels", "vendor.maplibre",
  "vendor.glyphs", "vendor.world", "vendor.countryCodes", "vendor.countryNames"];
const DEFAULT_LAYERS = Object.freeze(["context-rivers", "context-lakes", "seismic-earthquakes-usgs", "flood-glof-events"]);
// Where the atlas has data (its boundaries reach 44–90° E, 33–57° N), with room around it to read the neighbours
// (MapLibre keeps the whole view inside: wide enough for a desktop screen at the smallest zoom).
const MAX_BOUNDS = Object.freeze([[-40, -5], [175, 80]]);

// The layer list (raster layers with their legends) and the hazard types, from the API.
async function loadCatalogue(config) {
  const [layerList, hazardTypes] = await Promise.all([getJson(`${config.api.layers}?limit=500`),
    getJson(config.api.hazardTypes)]);
  const layers = await Promise.all(layerList.results.map(async (layer) => (layer.kind === "raster"
    ? { ...layer, legend: (await getJson(layer.links.tilejson)).legend } : layer)));
  return { layers, hazardTypes };
}

// The slugs of the catalogue's vector layers, kept in the browser for the next visit's early tiles.
const VECTOR_LAYERS_KEY = "atlas.vectorLayers";

function rememberedVectorLayers() {
  try {
    const slugs = JSON.parse(window.localStorage.getItem(VECTOR_LAYERS_KEY) || "[]");
    return Array.isArray(slugs) ? slugs.filter((slug) => typeof slug === "string") : [];
  } catch {
    return [];  // storage switched off or an unreadable value
  }
}

function rememberVectorLayers(layers) {
  try {
    window.localStorage.setItem(VECTOR_LAYERS_KEY,
      JSON.stringify(layers.filter((layer) => layer.kind === "vector").map((layer) => layer.slug)));
  } catch {
    // storage switched off or full: the next visit waits for the catalogue, as this one did for unknown slugs
  }
}

// Fits the view to a bbox; `maxZoom` in the permalink's zoom.
function fitBbox(map, [w, s, e, n], { maxZoom } = {}) {
  map.fitBounds([[w, s], [e, n]], { padding: 20, animate: false, ...(maxZoom ? { maxZoom: glZoom(maxZoom) } : {}) });
}

// Below 800 px the panel is a drawer over the map, opened and closed by its button.
function bindDrawer(map) {
  const app = document.querySelector(".app");
  const toggle = document.getElementById("drawer-toggle");
  const label = toggle.textContent;
  toggle.addEventListener("click", () => {
    const open = !app.classList.contains("drawer-open");
    app.classList.toggle("drawer-open", open);
    toggle.setAttribute("aria-expanded", String(open));
    // Open, the button is a round "×" in the strip of map beside the drawer: its words would run off a phone.
    toggle.textContent = open ? "✕" : label;
    toggle.title = open ? gettext("Show the map") : "";
    if (open) toggle.setAttribute("aria-label", gettext("Show the map"));
    else toggle.removeAttribute("aria-label");
  });
  map.on("click", () => {
    if (app.classList.contains("drawer-open")) toggle.click();
  });
}

function showNoWebgl() {
  const note = document.createElement("p");
  note.className = "map-error";
  note.textContent = gettext("This browser cannot draw the map: WebGL 2 is switched off or not supported.");
  document.getElementById("map").append(note);
}

async function main() {
  const config = readConfig("atlas-config", URLS);
  const permalink = readPermalink(window.location.search);
  const store = createStore({ layers: Object.freeze(permalink.layers ?? DEFAULT_LAYERS), filters: permalink.filters,
    alerts: permalink.alerts });
  const { view } = permalink;
  const renderer = rendererKind();
  // ?renderer=gpu draws the full map on software WebGL too (tests of labels); ?renderer=software the light one.
  const forced = new URLSearchParams(window.location.search).get("renderer");
  const light = (forced === "software" || forced === "gpu" ? forced : renderer) === "software";
  document.body.dataset.renderer = light ? "software" : "gpu";
  let map = null;  // the MapLibre map, once its style is parsed
  const sidePanel = document.getElementById("side-panel");

  const savePermalink = () => {
    const url = permalinkUrl(window.location.pathname, map, store.get(), config.lang);
    window.history.replaceState(null, "", url);
    document.getElementById("language-next").value = withoutLanguage(url);
    return url;
  };
  document.getElementById("language").addEventListener("change", (e) => e.target.form.submit());

  const catalogue = loadCatalogue(config);
  setupSearch(document.getElementById("search-input"), document.getElementById("search-results"), config.api.search,
    async (result) => {
      if (map) fitBbox(map, result.bbox, { maxZoom: result.type === "place" ? 11 : 12 });
      const { layers } = await catalogue;
      const active = store.get().layers;
      // A layer, or the layer of a named feature, is switched on with it.
      const slug = result.type === "layer" ? result.id : result.type === "feature" ? result.layer : null;
      if (slug && layers.some((l) => l.slug === slug) && !active.includes(slug)) {
        store.set({ layers: Object.freeze([...active, slug]) });
      }
    });
  if (!webglAvailable()) { showNoWebgl(); return; }

  const created = await createMap("map", config.vendor, baseStyle(config), {
    center: [view.lon ?? 66.0, view.lat ?? 43.0], zoom: glZoom(view.zoom ?? 4), minZoom: glZoom(3),
    maxZoom: glZoom(16), maxBounds: MAX_BOUNDS, maxTileCacheSize: 200, refreshExpiredTiles: false,
    dragRotate: false, pitchWithRotate: false, touchPitch: false, locale: controlTexts(),
    // On a CPU renderer every pixel costs: one canvas pixel per CSS pixel, no fading labels.
    ...(light ? { pixelRatio: 1, fadeDuration: 0 } : {}) });
  map = created.map;
  const { maplibregl } = created;
  // The active layers' tiles are fetched and drawn while the catalogue is still on its way: a layer's vector tiles
  // are at /tiles/<slug>/{z}/{x}/{y}.pbf, beside the boundary tiles (web/tiles/urls.py).
  // Not under filters: the provisional layers would show for a moment what the filters leave out.
  const { filters } = store.get();
  const filtered = filters.country || filters.transboundary || filters.from !== null || filters.to !== null;
  // Only layers known to have vector tiles: the default ones and those the catalogue listed on an earlier visit
  // (a raster layer's or an unknown slug's .pbf would answer 404).
  const vectorSlugs = new Set([...DEFAULT_LAYERS, ...rememberedVectorLayers()]);
  const tilesOf = (slug) => absoluteUrl(config.tiles.countries.replace("/countries/", `/${slug}/`));
  if (!filtered) addEarly(map, store.get().layers.filter((slug) => vectorSlugs.has(slug)), tilesOf);
  // For benchmarks until the page is ready: what the provisional layers hold.
  window.atlas = Object.freeze({ map, glMap: map, renderer: document.body.dataset.renderer, ready: false,
    drawn: (slug) => (map.getSource(slug) ? map.querySourceFeatures(slug, { sourceLayer: slug }).length : 0) });
  const { layers, hazardTypes } = await catalogue;
  map.touchZoomRotate.disableRotation();
  bindDrawer(map);
  rememberVectorLayers(layers);
  const known = new Set(layers.map((layer) => layer.slug));
  store.set({ layers: Object.freeze(store.get().layers.filter((slug) => known.has(slug))) });
  const hazardColours = Object.fromEntries(hazardTypes.map((h) => [h.code, h.colour]));
  const overlays = createOverlays(map, store, { layers, hazardColours, lang: config.lang, light });
  const alerts = addAlerts(map, store, { tilesUrl: config.tiles.alerts, lang: config.lang, light });
  // The base map's dashed lines (the districts' boundaries) are drawn solid on the light path, as the layers' are.
  if (light) {
    for (const layer of map.getStyle().layers) {
      if (layer.id.startsWith("base::") && layer.paint?.["line-dasharray"]) {
        map.setPaintProperty(layer.id, "line-dasharray", null);
      }
    }
  }
  bindMapClicks(map, overlays, {
    urls: { feature: config.api.feature, passportCountry: config.pages.passportCountry },
    countries: config.countries, lang: config.lang, adminFill: ADMIN_FILL, pickers: [alerts.pick],
    onArea: (area) => showPassport(area, sidePanel, { api: config.api.passportArea, page: config.pages.passportArea }),
  });
  const controls = addControls(map, maplibregl, { getPermalink: savePermalink, store, overlays, config });
  buildPanel(document.getElementById("layer-panel"), store, { layers, hazardTypes, overlays, actions: {
    opacity: overlays.setOpacity,
    zoom: (layer) => fitBbox(map, layer.bbox),
  } });
  document.getElementById("layer-panel").prepend(alertsSection(store));
  bindFilterForm(store, { members: config.members, lang: config.lang });
  store.subscribe(savePermalink);
  map.on("moveend", savePermalink);
  savePermalink();
  // The world's countries (a large GeoJSON parsed on the page) wait until the first tiles are drawn.
  map.once("idle", () => loadWorld(map, config, new Set(Object.keys(config.countries))));
  // For tests and benchmarks: the MapLibre map (as `map` and, for older callers, `glMap`), the state, what is drawn.
  window.atlas = Object.freeze({ map, glMap: map, renderer: document.body.dataset.renderer, active: overlays.active,
    store, drawn: overlays.drawn, compose: controls.compose, alerts, ready: true });
  document.body.dataset.ready = "true";
}

main();
