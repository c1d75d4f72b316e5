// The WebGL renderer inside Leaflet: MapLibre GL JS (npm, collected as a static ES module) drawn as one Leaflet
// layer by @maplibre/maplibre-gl-leaflet, so that Leaflet keeps the controls, events, scale and permalink.

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
