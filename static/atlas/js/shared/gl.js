// MapLibre GL JS (npm, collected as a static ES module): the map page draws with it alone (createMap); the small
// maps of the composer and the upload preview draw it as one Leaflet layer by @maplibre/maplibre-gl-leaflet.

import { BASE_SOURCE, baseLabelLayers, baseSource, baseWaterLayers } from "./basestyle.js";

let loading = null;
let bridge = null;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.addEventListener("load", resolve);
    script.addEventListener("error", () => reject(new Error(`${src} did not load`)));
    document.head.append(script);
  });
}

// Loads MapLibre (once); resolves to its module.
export function loadMapLibre(vendor) {
  loading ??= import(vendor.maplibre).then((maplibregl) => {
    window.maplibregl = maplibregl;
    return maplibregl;
  });
  return loading;
}

// Loads MapLibre and then the Leaflet plugin, which reads the global `maplibregl` as it loads.
function loadBridge(vendor) {
  bridge ??= loadMapLibre(vendor).then(async (maplibregl) => {
    await loadScript(vendor.maplibreLeaflet);
    return maplibregl;
  });
  return bridge;
}

// "software" where WebGL runs on the CPU (SwiftShader, llvmpipe, Windows' Basic Render Driver), else "gpu".
export function rendererKind() {
  try {
    const gl = document.createElement("canvas").getContext("webgl2");
    const info = gl?.getExtension("WEBGL_debug_renderer_info");
    const name = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl?.getParameter(gl.RENDERER) ?? "";
    gl?.getExtension("WEBGL_lose_context")?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software|basic render driver/i.test(name) ? "software" : "gpu";
  } catch {
    return "gpu";
  }
}

// A MapLibre map in `container` with `style` and `options`; resolves to it once its style is parsed (waiting for
// "load" would wait for the base map's first tiles). No preserveDrawingBuffer: exports read the canvas in "render".
export async function createMap(container, vendor, style, options) {
  const maplibregl = await loadMapLibre(vendor);
  const map = new maplibregl.Map({ container, style, fadeDuration: 0, attributionControl: false, ...options });
  if (!map.isStyleLoaded()) await new Promise((resolve) => { map.once("style.load", resolve); });
  return { map, maplibregl };
}

// Moves the map so that the popup lies wholly inside it, clear of the top strip where the page's own buttons float
// on a narrow screen (the drawer's button): MapLibre anchors a popup by the point's side, not by the popup's size.
function keepInside(map, popup) {
  const element = popup.getElement();
  if (!element) return;
  const box = element.getBoundingClientRect();
  const view = map.getContainer().getBoundingClientRect();
  const top = view.top + (window.matchMedia("(max-width: 800px)").matches ? 62 : 8);
  const margin = 8;
  const dx = box.left < view.left + margin ? box.left - view.left - margin
    : Math.max(0, box.right - (view.right - margin));
  const dy = box.top < top ? box.top - top : Math.max(0, box.bottom - (view.bottom - margin));
  if (dx || dy) map.panBy([dx, dy], { animate: false });
}

// Opens `html` in the map's one popup at `lngLat` (a new one closes the previous, as Leaflet's openOn did).
let openPopup = null;
export function showPopup(map, lngLat, html, className) {
  openPopup?.remove();
  openPopup = new window.maplibregl.Popup({ maxWidth: "380px", className, focusAfterOpen: false })
    .setLngLat(lngLat).setHTML(html).addTo(map);
  const popup = openPopup;
  requestAnimationFrame(() => keepInside(map, popup));
  return popup;
}

// Whether this browser can draw the map with WebGL 2 (MapLibre 5+ needs it).
export function webglAvailable() {
  try {
    return Boolean(document.createElement("canvas").getContext("webgl2"));
  } catch {
    return false;
  }
}

// Adds the GL layer with `style` to the Leaflet `map`; resolves to the MapLibre map once its style is parsed.
export async function addGlLayer(map, vendor, style) {
  await loadBridge(vendor);
  const layer = L.maplibreGL({ style, attributionControl: false, interactive: false, pane: "tilePane",
    fadeDuration: 0, maxTileCacheSize: 400, canvasContextAttributes: { preserveDrawingBuffer: true } }).addTo(map);
  const glMap = layer.getMaplibreMap();
  // The style is enough to add the atlas's layers: waiting for "load" would wait for the base map's first tiles.
  if (!glMap.isStyleLoaded()) await new Promise((resolve) => { glMap.once("style.load", resolve); });
  return { layer, glMap };
}

// An absolute URL (MapLibre needs them) that keeps its {placeholders} unescaped.
export const absoluteUrl = (url) => (url.startsWith("/") ? `${window.location.origin}${url}` : url);

// The countries of the atlas's boundary tiles (`tilesUrl`, {z}/{x}/{y}.pbf) and the base map's rivers, lakes,
// glaciers and places (`basemapUrl`, names in the page's language; shared/basestyle.js, the map page's style) drawn
// by MapLibre as the base of a small Leaflet `map` (the composer's, the upload preview's). Resolves to the GL layer,
// or to null where the browser has no WebGL 2 (the map then shows only what Leaflet draws).
export async function addCountriesBase(map, vendor, tilesUrl, basemapUrl) {
  if (!webglAvailable()) return null;
  const lang = document.documentElement.lang || "en";
  const base = basemapUrl && vendor.glyphs;
  const style = { version: 8,
    ...(base ? { glyphs: absoluteUrl(vendor.glyphs) } : {}),
    sources: { countries: { type: "vector", tiles: [absoluteUrl(tilesUrl)], maxzoom: 12 },
      ...(base ? { [BASE_SOURCE]: baseSource(absoluteUrl(basemapUrl)) } : {}) },
    layers: [
      { id: "countries", type: "fill", source: "countries", "source-layer": "countries",
        paint: { "fill-color": "#fbf8ef" } },
      ...(base ? baseWaterLayers() : []),
      { id: "country-borders", type: "line", source: "countries", "source-layer": "countries",
        paint: { "line-color": "#888888", "line-width": 0.8 } },
      ...(base ? baseLabelLayers(lang) : []),
    ] };
  const { layer, glMap } = await addGlLayer(map, vendor, style);
  map.getContainer().atlasBase = glMap; // the base's MapLibre map, for what reads the small map (its tests)
  return layer;
}
