// MapLibre style layers of one atlas layer (from the API's layer list): points, lines, polygons and labels, each
// in its slot of the map's order (base, areas, rasters, polygons, boundaries, lines, points, labels).

import { addIcons, iconName, LEVEL_EXPR, levelFill, levelSize, mix, shapeOf, ICON_PX } from "./symbols.js";

export const FONTS = Object.freeze({ regular: ["dejavu-sans"], bold: ["dejavu-sans-bold"],
  italic: ["dejavu-sans-oblique"] });
export const WATER = "#8fbfe0";
export const WATER_LABEL = "#1f5f8f";

const DIM = (n) => ["==", ["get", "dim"], n];

// A label in the page's language where the tiles have it (a Kazakh page falls back to the Russian, Cyrillic
// name), else the layer's label attribute.
export function labelText(lang) {
  const fallbacks = lang === "kk" ? [["get", "label_ru"]] : [];
  return ["coalesce", ["get", `label_${lang}`], ...fallbacks, ["get", "label"]];
}
const DENSE = 5000;  // a point layer with more features is drawn with smaller symbols

// The hue of a reference layer (rivers and lakes in blue, glaciers ice-blue, plates purple, others grey).
export function contextColour(slug) {
  if (slug.includes("river") || slug.includes("lake")) return "#3b82c4";
  if (slug.includes("glacier")) return "#bfe0f2";
  if (slug.includes("plate")) return "#7b4fa8";
  if (slug.includes("region")) return "#8a6d3b";
  return "#525252";
}

// The fill colour by level, as a MapLibre expression, for the hue.
function levelColourExpr(hue) {
  return ["match", LEVEL_EXPR, 4, levelFill(hue, 4), 3, levelFill(hue, 3), 2, levelFill(hue, 2), 1, levelFill(hue, 1),
    levelFill(hue, 0)];
}

function sizeExpr(base) {
  return ["interpolate", ["linear"], ["zoom"], 3, ["*", base * 0.7, ["match", LEVEL_EXPR, 4, levelSize(4), 3,
    levelSize(3), 2, levelSize(2), 1, levelSize(1), levelSize(0)]], 8, ["*", base, ["match", LEVEL_EXPR, 4,
    levelSize(4), 3, levelSize(3), 2, levelSize(2), 1, levelSize(1), levelSize(0)]]];
}

// Clusters (tiles of dense point layers below `cluster_max_zoom`): a row with `count` > 1 stands for that many
// features; lone features keep the layer's symbol.
const CLUSTERED = [">", ["coalesce", ["get", "count"], 1], 1];
const SINGLE = ["all", DIM(0), ["!", CLUSTERED]];

// A circle per cluster sized by its count, coloured by its worst level, with the count written on it.
function clusters(layer, hue) {
  const radius = ["interpolate", ["linear"], ["get", "count"], 2, 9, 50, 13, 500, 18, 5000, 26];
  return [
    { slot: "points", spec: { id: `${layer.slug}::clusters`, type: "circle", filter: CLUSTERED, paint: {
      "circle-color": levelColourExpr(hue), "circle-radius": radius, "circle-opacity": 0.85,
      "circle-stroke-color": "#ffffff", "circle-stroke-width": 1.5 } } },
    { slot: "labels", spec: { id: `${layer.slug}::cluster-counts`, type: "symbol", filter: CLUSTERED, layout: {
      "text-field": ["case", [">=", ["get", "count"], 1000],
        ["concat", ["to-string", ["round", ["/", ["get", "count"], 1000]]], "k"], ["to-string", ["get", "count"]]],
      "text-font": FONTS.bold, "text-size": 11, "text-allow-overlap": true, "text-ignore-placement": true },
    paint: { "text-color": "#111111", "text-halo-color": "#ffffff", "text-halo-width": 1.2 } } },
  ];
}

function hazardPoints(layer, { hue, variant, glMap }) {
  const shape = shapeOf(layer.hazard_type);
  const cluster = layer.cluster_max_zoom ? clusters(layer, hue) : [];
  if (shape === "circle") {
    // Circles are drawn by the GPU with no placement work: the densest catalogues are seismic.
    return [...cluster, { slot: "points", spec: { id: `${layer.slug}::points`, type: "circle", filter: SINGLE, paint: {
      "circle-color": levelColourExpr(hue), "circle-radius": sizeExpr(layer.feature_count > DENSE ? 4.5 : 7.5),
      "circle-stroke-color": variant === 2 ? levelColourExpr(hue) : mix(hue, "#000000", 0.45),
      "circle-stroke-width": variant === 1 ? 1.6 : 0.7, "circle-opacity": variant === 2 ? 0.15 : 0.9,
      "circle-stroke-opacity": 0.95 } } }];
  }
  addIcons(glMap, { shape, hue, variant });
  return [...cluster, { slot: "points", spec: { id: `${layer.slug}::points`, type: "symbol", filter: SINGLE, layout: {
    "icon-image": ["concat", iconName(shape, hue, variant, ""), ["to-string", LEVEL_EXPR]],
    "icon-size": sizeExpr(1.1 * 16 / ICON_PX), "icon-allow-overlap": true, "icon-ignore-placement": true,
    "symbol-sort-key": LEVEL_EXPR }, paint: { "icon-opacity": 0.95 } } }];
}

function contextPoints(layer, lang) {
  // Places: a dot and the name, the biggest first; fewer at low zoom (by population when the layer has it).
  const population = ["coalesce", ["get", "population"], 0];
  const shown = ["any", ["!", ["has", "population"]], [">=", population, ["step", ["zoom"], 2e6, 4, 8e5, 5, 3e5, 6,
    1e5, 7, 2e4, 9, 0]]];
  return [
    { slot: "points", spec: { id: `${layer.slug}::points`, type: "circle", filter: ["all", DIM(0), shown], paint: {
      "circle-color": "#ffffff", "circle-stroke-color": "#333333", "circle-stroke-width": 1.2,
      "circle-radius": ["step", population, 2.2, 3e5, 3, 1e6, 3.8] } } },
    { slot: "labels", spec: { id: `${layer.slug}::labels`, type: "symbol", filter: ["all", DIM(0), shown], layout: {
      "text-field": labelText(lang), "text-font": FONTS.regular,
      "text-size": ["step", population, 11, 3e5, 12, 1e6, 13.5], "text-anchor": "left", "text-offset": [0.5, 0],
      "text-variable-anchor": ["left", "right", "top", "bottom"], "text-radial-offset": 0.5,
      "symbol-sort-key": ["-", 0, population], "text-max-width": 9 },
    paint: { "text-color": "#1d2733", "text-halo-color": "#ffffff", "text-halo-width": 1.4 } } },
  ];
}

function lines(layer, { hue, context, lang }) {
  const colour = context ? contextColour(layer.slug) : hue;
  const water = context && colour === "#3b82c4";
  const specs = [{ slot: "lines", spec: { id: `${layer.slug}::lines`, type: "line", filter: DIM(1),
    layout: { "line-join": "round", "line-cap": "round" }, paint: {
      "line-color": context ? colour : mix(hue, "#000000", 0.8),
      "line-width": ["interpolate", ["linear"], ["zoom"], 3, water ? 0.8 : 1, 8, water ? 2 : 2.4],
      "line-opacity": 0.9, ...(context && !water ? { "line-dasharray": [3, 2] } : {}) } } }];
  if (context) {
    specs.push({ slot: "labels", spec: { id: `${layer.slug}::line-labels`, type: "symbol", filter: DIM(1), minzoom: 5,
      layout: { "symbol-placement": "line", "text-field": labelText(lang), "text-font": FONTS.italic,
        "text-size": 11.5, "text-letter-spacing": 0.05, "symbol-spacing": 300 },
      paint: { "text-color": water ? WATER_LABEL : colour, "text-halo-color": "#ffffff", "text-halo-width": 1.2 } } });
  }
  return specs;
}

function polygons(layer, { hue, context, lang }) {
  const colour = context ? contextColour(layer.slug) : hue;
  const water = context && colour === "#3b82c4";
  const outlineOnly = context && layer.slug.includes("region");
  const specs = [];
  if (!outlineOnly) {
    specs.push({ slot: "polygons", spec: { id: `${layer.slug}::polygons`, type: "fill", filter: DIM(2), paint: {
      "fill-color": water ? WATER : context ? colour : levelColourExpr(hue), "fill-opacity": context ? 0.85 : 0.55 } } });
    specs.push({ slot: "polygons", spec: { id: `${layer.slug}::outline`, type: "line", filter: DIM(2), paint: {
      "line-color": water ? "#5a9bd0" : context ? mix(colour, "#000000", 0.7) : mix(hue, "#000000", 0.7),
      "line-width": 0.8 } } });
  }
  if (context) {
    specs.push({ slot: "labels", spec: { id: `${layer.slug}::labels`, type: "symbol", filter: DIM(2),
      minzoom: outlineOnly ? 4 : 5, layout: { "text-field": labelText(lang), "text-font": FONTS.italic,
        "text-size": outlineOnly ? 12 : 11, "text-max-width": 8, "symbol-placement": "point",
        ...(outlineOnly ? { "text-transform": "uppercase", "text-letter-spacing": 0.2 } : {}) },
      paint: { "text-color": water ? WATER_LABEL : mix(colour, "#000000", 0.8), "text-halo-color": "#ffffff",
        "text-halo-width": 1.2, ...(outlineOnly ? { "text-opacity": 0.8 } : {}) } } });
  }
  return specs;
}

function hazardLabels(layer, lang) {
  return { slot: "labels", spec: { id: `${layer.slug}::labels`, type: "symbol", filter: ["has", "label"], minzoom: 7,
    layout: { "text-field": labelText(lang), "text-font": FONTS.regular, "text-size": 11, "text-anchor": "top",
      "text-offset": [0, 0.9], "text-optional": true, "text-max-width": 9 },
    paint: { "text-color": "#333333", "text-halo-color": "#ffffff", "text-halo-width": 1.2 } } };
}

// [{ slot, spec }] of the layer (its MapLibre source is named by its slug); `hue` is its hazard type's colour,
// `variant` tells layers of one hazard type apart.
export function glLayersFor(layer, { hue, variant, lang, glMap }) {
  if (layer.kind === "raster") {
    return [{ slot: "rasters", spec: { id: `${layer.slug}::raster`, type: "raster", paint: { "raster-opacity": 0.8 } } }];
  }
  const context = layer.hazard_type === "context";
  const types = layer.geometry_types || [];
  const has = (word) => !types.length || types.some((t) => t.includes(word));
  const specs = [];
  if (has("Polygon")) specs.push(...polygons(layer, { hue, context, lang }));
  if (has("LineString")) specs.push(...lines(layer, { hue, context, lang }));
  if (has("Point")) specs.push(...(context ? contextPoints(layer, lang) : hazardPoints(layer, { hue, variant, glMap })));
  if (!context) specs.push(hazardLabels(layer, lang));
  return specs;
}

// The tile URL of a layer: clustered layers take the filters in the query (the server counts what they let through).
export function tileUrl(layer, filters = {}) {
  if (!layer.cluster_max_zoom) return layer.links.tiles;
  const query = new URLSearchParams();
  if (filters.country) query.set("country", filters.country);
  if (filters.transboundary) query.set("transboundary", "1");
  if (layer.time_field && filters.from !== null && filters.from !== undefined) query.set("from", filters.from);
  if (layer.time_field && filters.to !== null && filters.to !== undefined) query.set("to", filters.to);
  const text = query.toString();
  return text ? `${layer.links.tiles}?${text}` : layer.links.tiles;
}

// The MapLibre source of an atlas layer.
export function glSourceFor(layer, filters) {
  if (layer.kind === "raster") {
    return { type: "raster", tiles: [layer.links.tiles], tileSize: 256, maxzoom: 12, attribution: layer.attribution };
  }
  return { type: "vector", tiles: [tileUrl(layer, filters)], maxzoom: 16, attribution: layer.attribution };
}

// Which paint property sets a style layer's opacity.
export function opacityProperty(type) {
  return { fill: "fill-opacity", line: "line-opacity", circle: "circle-opacity", symbol: "icon-opacity",
    raster: "raster-opacity" }[type];
}
