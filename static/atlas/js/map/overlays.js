// The atlas's layers on the WebGL map: keeps MapLibre's sources and style layers in step with the store's
// active layers (`layers`, a list of slugs), applies the store's filters as MapLibre filters (no refetch), and
// answers what is drawn and which feature lies under a point.

import { glLayersFor, glSourceFor, opacityProperty, tileUrl } from "./layerstyle.js";
import { symbolStyle } from "./symbols.js";

const PLACES = "context-places-natural-earth";  // also drawn by the base map, as its city names

// The MapLibre filter expressions of the store's filters for a layer (reference layers are never filtered).
export function filterParts(layer, filters) {
  if (layer.hazard_type === "context") return [];
  const parts = [];
  if (filters.country) parts.push(["in", filters.country, ["coalesce", ["get", "countries"], ""]]);
  if (filters.transboundary) parts.push(["==", ["get", "transboundary"], true]);
  if (layer.time_field && (filters.from !== null || filters.to !== null)) {
    parts.push(["has", "year"]);
    if (filters.from !== null) parts.push([">=", ["get", "year"], filters.from]);
    if (filters.to !== null) parts.push(["<=", ["get", "year"], filters.to]);
  }
  // Clusters carry no attributes to filter on: the server applied the filters when it counted them.
  if (layer.cluster_max_zoom && parts.length) {
    return [["any", [">", ["coalesce", ["get", "count"], 1], 1], ["all", ...parts]]];
  }
  return parts;
}

// Provisional style layers of a hazard layer drawn before the catalogue answers: its features in a neutral grey,
// by geometry type, so the first tiles are fetched and drawn while the page still waits for the layer list.
const EARLY = Object.freeze([
  { id: "::early-fill", type: "fill", slot: "polygons", filter: ["==", ["geometry-type"], "Polygon"],
    paint: { "fill-color": "#6b6b6b", "fill-opacity": 0.35 } },
  { id: "::early-line", type: "line", slot: "lines", filter: ["!=", ["geometry-type"], "Point"],
    paint: { "line-color": "#555555", "line-width": 1.2 } },
  { id: "::early-points", type: "circle", slot: "points", filter: ["==", ["geometry-type"], "Point"],
    paint: { "circle-color": "#555555", "circle-radius": 3.5, "circle-stroke-color": "#ffffff",
      "circle-stroke-width": 0.8 } },
]);
const EARLY_IDS = EARLY.map((e) => e.id);

// Adds the vector sources of `slugs` (their tile URL from `tilesFor(slug)`) with provisional style layers, before
// the catalogue is known; createOverlays keeps each source whose layer turns out to be a vector layer with the
// same tiles and replaces the provisional layers by the layer's own style in one go.
export function addEarly(glMap, slugs, tilesFor) {
  for (const slug of slugs) {
    if (glMap.getSource(slug)) continue;
    glMap.addSource(slug, { type: "vector", tiles: [tilesFor(slug)], maxzoom: 16 });
    for (const { id, type, slot, filter, paint } of EARLY) {
      glMap.addLayer({ id: slug + id, type, source: slug, "source-layer": slug, filter, paint }, `slot::${slot}`);
    }
  }
}

function removeEarly(glMap, slug, { keepSource = false } = {}) {
  for (const id of EARLY_IDS) if (glMap.getLayer(slug + id)) glMap.removeLayer(slug + id);
  if (!keepSource && glMap.getSource(slug)) glMap.removeSource(slug);
}

// A paint object without its line-dasharray.
export function withoutDashes(paint) {
  if (!paint || !("line-dasharray" in paint)) return paint;
  return Object.fromEntries(Object.entries(paint).filter(([key]) => key !== "line-dasharray"));
}

// `layers` is the API's layer list, `hazardColours` maps a hazard type's code to its colour; `light` (software
// WebGL) leaves out the hazard layers' name labels, which MapLibre would place again on every frame of a move.
export function createOverlays(glMap, store, { layers, hazardColours, lang, light = false }) {
  const bySlug = new Map(layers.map((layer) => [layer.slug, layer]));
  const active = new Map();  // slug → [{ id, type, filter, opacity }] of its style layers, in step with the store
  const styleOf = (layer) => symbolStyle(layer, hazardColours);

  function applyFilter(slug) {
    const layer = bySlug.get(slug);
    const parts = filterParts(layer, store.get().filters);
    for (const entry of active.get(slug)) {
      glMap.setFilter(entry.id, ["all", ...(entry.filter ? [entry.filter] : []), ...parts]);
    }
  }

  function add(layer) {
    const source = glSourceFor(layer, store.get().filters);
    // A source added before the catalogue answered (see addEarly) is kept when its tiles are the same: its loaded
    // tiles are drawn at once by the layer's real style layers, added before the provisional ones go.
    const early = glMap.getSource(layer.slug);
    if (early && !(layer.kind === "vector" && early.serialize().tiles?.[0] === source.tiles[0])) removeEarly(glMap, layer.slug);
    if (!glMap.getSource(layer.slug)) glMap.addSource(layer.slug, source);
    const entries = [];
    for (const { slot, spec } of glLayersFor(layer, { ...styleOf(layer), lang, glMap })) {
      if (light && layer.hazard_type !== "context" && spec.id === `${layer.slug}::labels`) continue;
      // Dashed lines are drawn solid on the light path: a dashed line is one more WebGL program to link.
      const paint = light ? withoutDashes(spec.paint) : spec.paint;
      const full = { ...spec, ...(paint ? { paint } : {}), source: layer.slug, ...(layer.kind === "vector" ? { "source-layer": layer.slug } : {}) };
      glMap.addLayer(full, `slot::${slot}`);
      const property = opacityProperty(spec.type);
      entries.push({ id: spec.id, type: spec.type, filter: spec.filter, property,
        opacity: spec.paint?.[property] ?? 1, labels: slot === "labels" });
    }
    active.set(layer.slug, entries);
    removeEarly(glMap, layer.slug, { keepSource: true });
    applyFilter(layer.slug);  // the source's attribution shows in MapLibre's attribution control while it is drawn
  }

  function remove(slug) {
    for (const entry of active.get(slug)) glMap.removeLayer(entry.id);
    glMap.removeSource(slug);
    active.delete(slug);
  }

  function show(slugs) {
    for (const slug of [...active.keys()]) if (!slugs.includes(slug)) remove(slug);
    for (const slug of slugs) if (!active.has(slug) && bySlug.has(slug)) add(bySlug.get(slug));
  }

  if (bySlug.has(PLACES)) addBasePlaces(glMap, bySlug.get(PLACES), lang);
  const basePlacesVisibility = () => {
    for (const id of ["base-places::points", "base-places::labels"]) {
      if (glMap.getLayer(id)) glMap.setLayoutProperty(id, "visibility", active.has(PLACES) ? "none" : "visible");
    }
  };

  store.subscribe((state, previous) => {
    if (state.layers !== previous.layers) { show(state.layers); basePlacesVisibility(); }
    if (state.filters !== previous.filters) {
      for (const slug of [...active.keys()]) {
        const layer = bySlug.get(slug);
        // A clustered layer's tiles depend on the filters (its counts): a new source with the filtered tiles.
        if (layer.cluster_max_zoom && tileUrl(layer, state.filters) !== tileUrl(layer, previous.filters)) {
          remove(slug);
          add(layer);
        } else applyFilter(slug);
      }
    }
  });
  show(store.get().layers);
  // Provisional layers of slugs the catalogue does not know (or are not active any more) go.
  for (const id of EARLY_IDS) {
    for (const layer of glMap.getStyle().layers.filter((l) => l.id.endsWith(id))) {
      removeEarly(glMap, layer.source);
    }
  }
  basePlacesVisibility();

  const pickable = () => [...active.values()].flat().filter((e) => !e.labels && e.type !== "raster").map((e) => e.id);

  return Object.freeze({
    active,
    setOpacity(slug, value) {
      for (const entry of active.get(slug) || []) {
        if (entry.property) glMap.setPaintProperty(entry.id, entry.property, typeof entry.opacity === "number"
          ? entry.opacity * value : value);
      }
    },
    // The topmost drawn feature of an active layer within a few pixels of `point` (GL canvas pixels), or null.
    featureAt(point, radius = 5) {
      const box = [[point.x - radius, point.y - radius], [point.x + radius, point.y + radius]];
      const [hit] = glMap.queryRenderedFeatures(box, { layers: pickable() });
      return hit ? { layer: bySlug.get(hit.source), id: hit.id, properties: hit.properties } : null;
    },
    // How many features of the layer its loaded tiles hold and the filters let through (0 when off); a cluster
    // counts for the features it stands for (its id is its first feature's, so each is counted once).
    drawn(slug) {
      const layer = bySlug.get(slug);
      if (!active.has(slug) || layer.kind !== "vector") return 0;
      const filter = ["all", ...filterParts(layer, store.get().filters)];
      const counts = new Map();
      for (const f of glMap.querySourceFeatures(slug, { sourceLayer: slug, filter })) {
        counts.set(f.id, f.properties.count || 1);
      }
      let total = 0;
      counts.forEach((count) => { total += count; });
      return total;
    },
    layers: bySlug,
    styleOf,
  });
}

// The city names of the base map, drawn from the places layer's tiles whether or not the layer is switched on.
function addBasePlaces(glMap, layer, lang) {
  glMap.addSource("base-places", glSourceFor(layer));
  for (const { slot, spec } of glLayersFor(layer, { hue: "#333333", variant: 0, lang, glMap })) {
    const id = spec.id.replace(layer.slug, "base-places");
    glMap.addLayer({ ...spec, id, source: "base-places", "source-layer": layer.slug }, `slot::${slot}`);
  }
}
