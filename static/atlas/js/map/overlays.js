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
    glMap.addSource(layer.slug, glSourceFor(layer, store.get().filters));
    const entries = [];
    for (const { slot, spec } of glLayersFor(layer, { ...styleOf(layer), lang, glMap })) {
      if (light && layer.hazard_type !== "context" && spec.id === `${layer.slug}::labels`) continue;
      const full = { ...spec, source: layer.slug, ...(layer.kind === "vector" ? { "source-layer": layer.slug } : {}) };
      glMap.addLayer(full, `slot::${slot}`);
      const property = opacityProperty(spec.type);
      entries.push({ id: spec.id, type: spec.type, filter: spec.filter, property,
        opacity: spec.paint?.[property] ?? 1, labels: slot === "labels" });
    }
    active.set(layer.slug, entries);
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
