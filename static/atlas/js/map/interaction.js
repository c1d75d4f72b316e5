// Clicks and hovering on the WebGL map: a feature of an active layer takes the click first (its popup), the
// administrative area under the point otherwise (its passport panel), whatever layers are on.

import { featurePopup } from "./popup.js";

const HOVER = "base::admin-hover";

// The most detailed administrative area drawn at `point` (districts before regions), or null.
function areaAt(glMap, point, adminFill) {
  const areas = glMap.queryRenderedFeatures([point.x, point.y], { layers: [adminFill] });
  return areas.sort((a, b) => (b.properties.level ?? 0) - (a.properties.level ?? 0))[0] ?? null;
}

// `onArea(properties)` opens an area's panel; `urls.feature` is the template of a feature's GeoJSON URL;
// `pickers` are asked in turn after the features (`pick(point, latlng)` true when it took the click: alerts).
// A finger is wider than a mouse pointer: a click picks within 12 pixels on a touch screen, 5 otherwise.
const COARSE = window.matchMedia("(pointer: coarse)").matches;

export function bindMapClicks(map, overlays, { urls, countries, lang, adminFill, onArea, pickers = [] }) {
  map.on("click", (e) => {
    const { point, lngLat } = e;
    const hit = overlays.featureAt(point, COARSE ? 12 : 5);
    if (hit) {
      featurePopup(map, hit.layer, hit.id, lngLat, { featureUrl: urls.feature, countries, lang,
        passportCountry: urls.passportCountry });
      return;
    }
    if (pickers.some((pick) => pick(point, lngLat))) return;
    const area = areaAt(map, point, adminFill);
    if (area) onArea(area.properties);
  });

  // The hovered area's outline: the filter changes (and the map repaints) only when the area under the mouse does.
  let pending = null;
  let hovered = -1;
  const hover = (id) => {
    if (id !== hovered) map.setFilter(HOVER, ["==", ["id"], id]);
    hovered = id;
  };
  map.on("mousemove", (e) => {
    if (pending === null) {
      requestAnimationFrame(() => {
        const point = pending;
        pending = null;
        if (map.isMoving()) return;
        const hit = overlays.featureAt(point);
        const area = hit ? null : areaAt(map, point, adminFill);
        map.getCanvas().style.cursor = hit || area ? "pointer" : "";
        hover(area ? area.id : -1);
      });
    }
    pending = e.point;
  });
  map.on("mouseout", () => hover(-1));
}
