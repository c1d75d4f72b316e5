// The base map's own content (the atlas's /tiles/basemap/ tiles: rivers, lakes, glaciers, places and water
// labels) as MapLibre style layers: one style for the map page and the small maps (the composer's, the upload
// preview's). Water and ice go under the atlas's layers, names over them, in the page's language.

export const BASE_SOURCE = "basemap";
export const BASE_LAYER_IDS = Object.freeze({ glaciers: "base::glaciers", lakes: "base::lakes",
  rivers: "base::rivers", riverLabels: "base::river-labels", waterLabels: "base::water-labels",
  places: "base::places", placeLabels: "base::place-labels" });
const WATER = "#8fbfe0";
const RIVER = "#6fa8d6";
const ICE = "#f2f6f9";
const WATER_TEXT = "#1f5f8f";
const PLACE_TEXT = "#2f2f2f";
// The colours of the base's water and ice, for the legend of the exported map.
export const BASE_COLOURS = Object.freeze({ water: WATER, river: RIVER, ice: ICE, iceLine: "#c9d9e6" });
const FONTS = Object.freeze({ regular: ["dejavu-sans"], bold: ["dejavu-sans-bold"], italic: ["dejavu-sans-oblique"] });
const KIND = (kind) => ["==", ["get", "kind"], kind];
const SOURCE_LAYER = { source: BASE_SOURCE, "source-layer": "basemap" };

// The name in `lang`: Kazakh pages fall back to Russian, then English, as the atlas's other labels do.
export function baseName(lang) {
  return ["coalesce", ["get", `name_${lang}`], ...(lang === "kk" ? [["get", "name_ru"]] : []), ["get", "name_en"]];
}

// The vector source of the base map's tiles (`url`, {z}/{x}/{y}.pbf, absolute), overzoomed past zoom 12.
export const baseSource = (url) => ({ type: "vector", tiles: [url], maxzoom: 12,
  attribution: "Natural Earth · GeoNames" });

// Glaciers, lakes and rivers: drawn under the atlas's polygons.
export function baseWaterLayers() {
  return [
    { id: BASE_LAYER_IDS.glaciers, type: "fill", ...SOURCE_LAYER, filter: KIND("glacier"),
      paint: { "fill-color": ICE, "fill-outline-color": "#c9d9e6" } },
    { id: BASE_LAYER_IDS.lakes, type: "fill", ...SOURCE_LAYER, filter: KIND("lake"),
      paint: { "fill-color": WATER, "fill-outline-color": RIVER } },
    { id: BASE_LAYER_IDS.rivers, type: "line", ...SOURCE_LAYER, filter: KIND("river"),
      layout: { "line-join": "round", "line-cap": "round" },
      paint: { "line-color": RIVER, "line-width": ["interpolate", ["linear"], ["zoom"], 4, 0.6, 8, 1.4, 12, 2.4] } },
  ];
}

// Names of rivers and lakes, and places (unless `places` is false: the map page writes the places layer's names),
// in `lang`: drawn over the atlas's layers, places ranked by population.
export function baseLabelLayers(lang, { places = true } = {}) {
  const name = baseName(lang);
  const halo = { "text-halo-color": "#ffffff", "text-halo-width": 1.2 };
  const waters = [
    { id: BASE_LAYER_IDS.riverLabels, type: "symbol", ...SOURCE_LAYER, filter: KIND("river"), minzoom: 6,
      layout: { "symbol-placement": "line", "text-field": name, "text-font": FONTS.italic, "text-size": 11,
        "symbol-spacing": 400 },
      paint: { "text-color": WATER_TEXT, ...halo } },
    { id: BASE_LAYER_IDS.waterLabels, type: "symbol", ...SOURCE_LAYER, filter: KIND("water_label"),
      layout: { "text-field": name, "text-font": FONTS.italic, "text-size": 11.5, "text-max-width": 8 },
      paint: { "text-color": WATER_TEXT, ...halo } },
  ];
  if (!places) return waters;
  return [...waters,
    { id: BASE_LAYER_IDS.places, type: "circle", ...SOURCE_LAYER, filter: KIND("place"), minzoom: 5,
      paint: { "circle-radius": ["interpolate", ["linear"], ["zoom"], 5, 1.6, 10, 3], "circle-color": PLACE_TEXT,
        "circle-stroke-color": "#ffffff", "circle-stroke-width": 0.8 } },
    { id: BASE_LAYER_IDS.placeLabels, type: "symbol", ...SOURCE_LAYER, filter: KIND("place"),
      layout: { "text-field": name, "text-font": FONTS.regular, "text-max-width": 8,
        "text-size": ["interpolate", ["linear"], ["get", "rank"], 1000, 10.5, 100000, 12, 1000000, 14],
        "text-variable-anchor": ["top", "bottom", "left", "right"], "text-radial-offset": 0.5,
        "symbol-sort-key": ["-", ["get", "rank"]] },
      paint: { "text-color": PLACE_TEXT, ...halo } },
  ];
}
