// The atlas's layers on the map: keeps the Leaflet layers in step with the store's active layers (`layers`, a list
// of slugs), redraws vector layers when the store's filters change, and counts what is drawn.

import { passes } from "./filters.js";
import { featurePopup } from "./popup.js";
import { HIGHLIGHT, styleFor } from "./style.js";
import { countFeatures, vectorTiles } from "./vectortiles.js";

const UNDERLAYS = new Set(["context-rivers", "context-lakes"]);  // drawn under the others

// `layers` is the API's layer list, `hazardColours` maps a hazard type's code to its colour, `urls.feature` is
// the template of one feature's GeoJSON URL ({slug}, {id}).
export function createOverlays(map, store, { layers, hazardColours, urls }) {
  const bySlug = new Map(layers.map((layer) => [layer.slug, layer]));
  const active = new Map();  // slug → Leaflet layer, in step with store.get().layers
  const getFilters = () => store.get().filters;

  function makeLayer(layer) {
    if (layer.kind === "raster") {
      return L.tileLayer(layer.links.tiles, { maxNativeZoom: 12, maxZoom: 16, opacity: 0.85, attribution: layer.attribution });
    }
    const grid = vectorTiles(layer.links.tiles, {
      maxZoom: 16, interactive: true, getFeatureId: (f) => f.id, attribution: layer.attribution,
      vectorTileLayerStyles: { [layer.slug]: styleFor(layer, hazardColours[layer.hazard_type] || "#555", getFilters) },
    });
    grid.on("click", (e) => featurePopup(map, layer, e.layer.featureId, e.latlng, urls.feature));
    grid.on("mouseover", (e) => grid.setFeatureStyle(e.layer.featureId, HIGHLIGHT));
    grid.on("mouseout", (e) => grid.resetFeatureStyle(e.layer.featureId));
    return grid;
  }

  function show(slugs) {
    for (const [slug, leafletLayer] of active) {
      if (!slugs.includes(slug)) {
        map.removeLayer(leafletLayer);
        active.delete(slug);
      }
    }
    for (const slug of slugs) {
      if (active.has(slug) || !bySlug.has(slug)) continue;
      const leafletLayer = makeLayer(bySlug.get(slug)).addTo(map);
      if (UNDERLAYS.has(slug)) leafletLayer.bringToBack?.();
      active.set(slug, leafletLayer);
    }
  }

  function redrawVectors() {
    for (const [slug, leafletLayer] of active) if (bySlug.get(slug).kind === "vector") leafletLayer.redraw();
  }

  store.subscribe((state, previous) => {
    if (state.layers !== previous.layers) show(state.layers);
    if (state.filters !== previous.filters) redrawVectors();
  });
  show(store.get().layers);

  return Object.freeze({
    active,
    setOpacity: (slug, value) => active.get(slug)?.setOpacity(value),
    // How many features of the layer its loaded tiles hold and the filters let through (0 when it is off).
    drawn(slug) {
      const grid = active.get(slug);
      const layer = bySlug.get(slug);
      if (!grid || !layer || layer.kind !== "vector") return 0;
      return countFeatures(grid, (props) => passes(props, layer, getFilters()));
    },
  });
}
