// The composer's area map: Leaflet with the countries drawn by MapLibre (the atlas's one map stack), polygons
// drawn with Leaflet-Geoman, admin areas of the chosen country clicked to pick them, and an area from a file.

import { getJson, postForm } from "../shared/api.js";
import { addCountriesBase } from "../shared/gl.js";

export const PICKED = Object.freeze({ color: "#bd0026", weight: 2, fillColor: "#fd8d3c", fillOpacity: 0.45 });
const UNPICKED = Object.freeze({ color: "#5a6b7b", weight: 0.6, fillOpacity: 0.04 });
const $ = (id) => document.getElementById(id);

function drawingTools(map, drawn, lang, onChange) {
  map.pm.setLang(lang === "en" ? "en" : "ru");
  map.pm.addControls({ position: "topleft", drawMarker: false, drawCircleMarker: false, drawPolyline: false,
    drawText: false, drawCircle: false, cutPolygon: false, rotateMode: false, dragMode: false });
  map.pm.setGlobalOptions({ layerGroup: drawn });
  map.on("pm:create", ({ layer }) => { drawn.addLayer(layer); onChange(); });
  map.on("pm:remove", ({ layer }) => { drawn.removeLayer(layer); onChange(); });
}

// The map in #area-map; onChange() is called whenever the area changes. Returns the map, the picked admin areas
// (code → name), the drawn geometry and the loaders of a country's admin areas and of an area file.
export function createAreaMap(config, onChange) {
  const picked = new Map();
  const map = L.map("area-map", { center: [41.5, 70.5], zoom: 5 });
  addCountriesBase(map, config.vendor, config.tiles.countries, config.tiles.basemap).catch((error) => console.error(error));
  const showPicked = () => $("picked").replaceChildren(...[...picked.entries()].map(([code, name]) =>
    Object.assign(document.createElement("li"), { textContent: `${name} (${code})` })));
  const pickable = (feature, layer) => {
    const code = feature.properties.code;
    layer.bindTooltip(feature.properties.name || code);
    layer.setStyle(UNPICKED);
    layer.on("click", () => {
      if (map.pm.globalDrawModeEnabled()) return;
      if (picked.has(code)) picked.delete(code); else picked.set(code, feature.properties.name);
      layer.setStyle(picked.has(code) ? PICKED : UNPICKED);
      showPicked();
      onChange();
    });
  };
  const areasLayer = L.geoJSON(null, { style: () => PICKED, onEachFeature: pickable }).addTo(map);
  const drawn = L.featureGroup().addTo(map);
  drawingTools(map, drawn, config.lang, onChange);

  async function loadAdminAreas(iso3) {
    const url = `${config.api.adminAreas}?country=${encodeURIComponent(iso3)}&level=1&format=geojson&precision=4`;
    const collection = await getJson(url).catch(() => null);
    if (!collection) return;
    areasLayer.clearLayers();
    picked.clear();
    showPicked();
    areasLayer.addData(collection);
    const bounds = areasLayer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds);
  }

  async function areaFromFile(file) {
    const data = new FormData();
    data.append("file", file);
    const body = await postForm(config.api.areaFile, data);
    L.geoJSON(body, { style: () => PICKED }).eachLayer((layer) => drawn.addLayer(layer));
    map.fitBounds(drawn.getBounds());
    if (!$("area-desc").value) $("area-desc").value = body.properties.name;
    onChange();
  }

  function drawnGeometry() {
    const polygons = [];
    drawn.eachLayer((layer) => {
      const geometry = layer.toGeoJSON().geometry;
      if (geometry.type === "Polygon") polygons.push(geometry.coordinates);
      if (geometry.type === "MultiPolygon") polygons.push(...geometry.coordinates);
    });
    return polygons.length ? { type: "MultiPolygon", coordinates: polygons } : null;
  }

  return Object.freeze({ map, picked, drawnGeometry, loadAdminAreas, areaFromFile });
}
