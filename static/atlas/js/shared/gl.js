// The WebGL renderer inside Leaflet: MapLibre GL JS (npm, collected as a static ES module) drawn as one Leaflet
// layer by @maplibre/maplibre-gl-leaflet, so that Leaflet keeps the controls, events, scale and permalink.

import { BASE_SOURCE, baseLabelLayers, baseSource, baseWaterLayers } from "./basestyle.js";

let loading = null;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.addEventListener("load", resolve);
    script.addEventListener("error", () => reject(new Error(`${src} did not load`)));
    document.head.append(script);
  });
}

// Loads MapLibre (once) and then the Leaflet plugin, which reads the global `maplibregl` as it loads.
export function loadMapLibre(vendor) {
  loading ??= (async () => {
    const maplibregl = await import(vendor.maplibre);
    window.maplibregl = maplibregl;
    await loadScript(vendor.maplibreLeaflet);
    return maplibregl;
  })();
  return loading;
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
  await loadMapLibre(vendor);
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
