// What lies under the hazard layers: an optional tiled base map, the countries (member states stressed) and the
// administrative areas, from the atlas's own vector tiles.

import { vectorTiles } from "./vectortiles.js";

// Adds the base layers to `map`; clicking an administrative area calls onAreaClick(its tile properties).
export function addBaseLayers(map, config, onAreaClick) {
  if (config.basemap.url) {
    L.tileLayer(config.basemap.url, { attribution: config.basemap.attribution, maxZoom: 18 }).addTo(map);
  }
  const members = new Set(config.members.map((m) => m.iso3));
  vectorTiles(config.tiles.countries, {
    interactive: false, attribution: "Natural Earth",
    vectorTileLayerStyles: { countries: (p) => ({ fill: true, fillColor: members.has(p.iso3) ? "#fbf8ef" : "#eeeeea",
      fillOpacity: 1, color: members.has(p.iso3) ? "#444" : "#999", weight: members.has(p.iso3) ? 1.6 : 0.8 }) },
  }).addTo(map);
  const adminAreas = vectorTiles(config.tiles.adminAreas, {
    interactive: true, getFeatureId: (f) => f.id, attribution: "geokz · geoBoundaries · Who's On First",
    vectorTileLayerStyles: { admin_areas: (p) => ({ fill: true, fillOpacity: 0, color: "#7a7a7a",
      weight: p.level === 1 ? 0.9 : 0.4, dashArray: p.level === 1 ? null : "2 3" }) },
  }).addTo(map);
  adminAreas.on("click", (e) => onAreaClick(e.layer.properties));
}
