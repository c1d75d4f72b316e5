// The public page of an alert: its area on a small MapLibre map (npm, a collected static ES module; no CDN), over
// the atlas's own country boundaries. The page's config (a JSON script, allowed by the CSP) holds the area.

import { readConfig } from "../shared/config.js";
import { webglAvailable } from "../shared/gl.js";

const SEVERITY_COLOURS = { Extreme: "#b2182b", Severe: "#ef6c00", Moderate: "#f2c200", Minor: "#2b83ba" };
const config = readConfig("alert-page-config", ["tiles.countries", "vendor.maplibre"]);

function style(colour) {
  return {
    version: 8,
    sources: {
      countries: { type: "vector", tiles: [config.tiles.countries], maxzoom: 12, attribution: "Natural Earth" },
      area: { type: "geojson", data: structuredClone(config.area) || { type: "FeatureCollection", features: [] } },
    },
    layers: [
      { id: "background", type: "background", paint: { "background-color": "#dde8f0" } },
      { id: "countries", type: "fill", source: "countries", "source-layer": "countries",
        paint: { "fill-color": "#f7f4ec", "fill-outline-color": "#8a96a3" } },
      { id: "area-fill", type: "fill", source: "area", paint: { "fill-color": colour, "fill-opacity": 0.35 } },
      { id: "area-line", type: "line", source: "area", paint: { "line-color": colour, "line-width": 2 } },
    ],
  };
}

async function drawMap() {
  const element = document.getElementById("alert-map");
  if (!webglAvailable()) {
    element.hidden = true;
    document.getElementById("alert-map-fallback").hidden = false;
    return;
  }
  const maplibregl = await import(config.vendor.maplibre);
  const map = new maplibregl.Map({ container: element, style: style(SEVERITY_COLOURS[config.severity] || "#6b7785"),
    center: [70, 41], zoom: 4, attributionControl: { compact: true }, fadeDuration: 0,
    canvasContextAttributes: { preserveDrawingBuffer: true } });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }));
  if (config.area && config.area.bbox) {
    const [west, south, east, north] = config.area.bbox;
    map.fitBounds([[west, south], [east, north]], { padding: 30, maxZoom: 10, animate: false });
  }
  window.alertMap = map;
  await new Promise((resolve) => { map.once("idle", resolve); });
}

drawMap().catch((error) => { console.error(error); }).finally(() => { document.body.dataset.ready = "true"; });
