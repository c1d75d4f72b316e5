// The base map, drawn by MapLibre from the atlas's own tiles and static files: the world (Natural Earth 1:50m,
// beyond the atlas's boundaries), the countries (member states stressed), the administrative areas, the rivers,
// lakes and glaciers of the base map's tiles (shared/basestyle.js) and the labels of countries, areas, rivers and
// lakes in the page's language. Slot layers (empty) mark where the atlas's layers go.

import { getJson } from "../shared/api.js";
import { BASE_SOURCE, baseLabelLayers, baseSource, baseWaterLayers } from "../shared/basestyle.js";
import { absoluteUrl as absolute } from "../shared/gl.js";
import { FONTS, WATER } from "./layerstyle.js";

export const SLOTS = Object.freeze(["rasters", "polygons", "boundaries", "lines", "points", "labels"]);
export const ADMIN_FILL = "base::admin-areas";
const LAND = "#f3f0e6";
const MEMBER = "#fbf8ef";
const ANTARCTICA = "010";

const slot = (name) => ({ id: `slot::${name}`, type: "background", layout: { visibility: "none" } });

// The style at start-up: `config` is the page's config (tile URLs, glyphs, language, members).
export function baseStyle(config) {
  const name = ["coalesce", ["get", `name_${config.lang}`], ...(config.lang === "kk" ? [["get", "name_ru"]] : []),
    ["get", "name_en"]];
  const members = config.members.map((m) => m.iso3);
  const member = ["in", ["get", "iso3"], ["literal", members]];
  const vector = (url) => ({ type: "vector", tiles: [absolute(url)], maxzoom: 12 });
  return {
    version: 8,
    glyphs: absolute(config.vendor.glyphs),
    sources: {
      world: { type: "geojson", data: { type: "FeatureCollection", features: [] }, attribution: "Natural Earth" },
      "world-labels": { type: "geojson", data: { type: "FeatureCollection", features: [] } },
      countries: { ...vector(config.tiles.countries), attribution: "Natural Earth" },
      "admin-areas": { ...vector(config.tiles.adminAreas), attribution: "geokz · geoBoundaries · Who's On First" },
      "country-labels": vector(config.tiles.countryLabels),
      "admin-area-labels": vector(config.tiles.adminAreaLabels),
      [BASE_SOURCE]: baseSource(absolute(config.tiles.basemap)),
    },
    layers: [
      { id: "base::water", type: "background", paint: { "background-color": WATER } },
      { id: "base::world", type: "fill", source: "world", paint: { "fill-color": LAND } },
      { id: "base::world-borders", type: "line", source: "world", paint: { "line-color": "#b9b5aa", "line-width": 0.6 } },
      { id: "base::countries", type: "fill", source: "countries", "source-layer": "countries",
        filter: member, paint: { "fill-color": MEMBER } },
      { id: ADMIN_FILL, type: "fill", source: "admin-areas", "source-layer": "admin_areas",
        paint: { "fill-color": "#000000", "fill-opacity": 0 } },
      ...baseWaterLayers(),
      slot("rasters"), slot("polygons"),
      { id: "base::district-lines", type: "line", source: "admin-areas", "source-layer": "admin_areas",
        filter: ["==", ["get", "level"], 2], paint: { "line-color": "#9a9a9a", "line-width": 0.5,
          "line-dasharray": [2, 3] } },
      { id: "base::admin-lines", type: "line", source: "admin-areas", "source-layer": "admin_areas",
        filter: ["==", ["get", "level"], 1], paint: { "line-color": "#8a8a8a", "line-width": 0.9 } },
      { id: "base::admin-hover", type: "line", source: "admin-areas", "source-layer": "admin_areas",
        filter: ["==", ["id"], -1], paint: { "line-color": "#f5a700", "line-width": 2.5 } },
      // The atlas's boundaries stop at 44–90° E, 33–57° N: the neighbours' borders come from the world layer.
      { id: "base::country-borders", type: "line", source: "countries", "source-layer": "countries", filter: member,
        paint: { "line-color": "#4a4a4a", "line-width": 1.6 } },
      slot("boundaries"), slot("lines"), slot("points"),
      { id: "base::admin-labels", type: "symbol", source: "admin-area-labels", "source-layer": "admin_area_labels",
        filter: ["any", ["==", ["get", "level"], 1], [">=", ["zoom"], 7]],
        layout: { "text-field": name, "text-font": FONTS.regular, "text-size": ["match", ["get", "level"], 1, 11.5, 10],
          "text-max-width": 8, "text-padding": 4 },
        paint: { "text-color": "#6b6b6b", "text-halo-color": "#ffffff", "text-halo-width": 1.2 } },
      // Places are named by the places layer's labels (overlays.js), rivers and lakes by the base map's.
      ...baseLabelLayers(config.lang, { places: false }),
      slot("labels"),
      { id: "base::world-labels", type: "symbol", source: "world-labels", maxzoom: 7,
        layout: { "text-field": ["get", "name"], "text-font": FONTS.regular, "text-size": 11, "text-max-width": 7 },
        paint: { "text-color": "#77736a", "text-halo-color": LAND, "text-halo-width": 1.2 } },
      { id: "base::country-labels", type: "symbol", source: "country-labels", "source-layer": "country_labels",
        layout: { "text-field": name, "text-font": FONTS.bold, "text-transform": "uppercase",
          "text-size": ["interpolate", ["linear"], ["zoom"], 3, ["case", member, 12, 10], 7, ["case", member, 17, 13]],
          "text-letter-spacing": 0.08, "text-max-width": 8, "symbol-sort-key": ["case", member, 0, 1] },
        paint: { "text-color": ["case", member, "#2d2d2d", "#6f6b62"], "text-halo-color": "#ffffff",
          "text-halo-width": 1.6 } },
    ],
  };
}

function ringCentroid(ring) {
  let area = 0;
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    area += cross;
    x += (ring[j][0] + ring[i][0]) * cross;
    y += (ring[j][1] + ring[i][1]) * cross;
  }
  return { area: Math.abs(area / 2), point: area ? [x / (3 * area), y / (3 * area)] : ring[0] };
}

// Rings that cross the antimeridian (Russia's, Fiji's) continue east of 180° instead of jumping back to -180°,
// which MapLibre would draw as a band across the world.
function unwrap(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const xs = ring.map((c) => c[0]);
      if (Math.max(...xs) - Math.min(...xs) > 180) ring.forEach((c) => { if (c[0] < 0) c[0] += 360; });
    }
  }
}

// Where a world country's name goes: the centroid of its largest polygon.
function labelPoint(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((p) => ringCentroid(p[0])).sort((a, b) => b.area - a.area)[0]?.point;
}

// Loads the world's countries (TopoJSON from the npm package world-atlas) into the base map, with names in
// the page's language for the countries the atlas's own tiles do not have.
export async function loadWorld(glMap, config, knownIso3) {
  const [topology, codes, names] = await Promise.all([getJson(config.vendor.world), getJson(config.vendor.countryCodes),
    getJson(config.vendor.countryNames)]);
  const byNumeric = new Map(codes.map(([alpha2, alpha3, numeric]) => [numeric, { alpha2, alpha3 }]));
  const world = topojson.feature(topology, topology.objects.countries);
  world.features = world.features.filter((f) => f.geometry && f.id !== ANTARCTICA);
  const labels = [];
  for (const feature of world.features) {
    unwrap(feature.geometry);
    const code = byNumeric.get(feature.id);
    if (!code || knownIso3.has(code.alpha3) || !feature.geometry) continue;
    const name = [].concat(names.countries[code.alpha2] ?? feature.properties.name)[0];
    const point = labelPoint(feature.geometry);
    if (point) labels.push({ type: "Feature", properties: { name }, geometry: { type: "Point", coordinates: point } });
  }
  glMap.getSource("world").setData(world);
  glMap.getSource("world-labels").setData({ type: "FeatureCollection", features: labels });
}
