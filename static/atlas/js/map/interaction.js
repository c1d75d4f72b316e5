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
export function bindMapClicks(map, glMap, overlays, { urls, countries, lang, adminFill, onArea, pickers = [] }) {
  const glPoint = (latlng) => glMap.project([latlng.lng, latlng.lat]);
  map.on("click", (e) => {
    const point = glPoint(e.latlng);
    const hit = overlays.featureAt(point, L.Browser.mobile ? 12 : 5);
    if (hit) {
      featurePopup(map, hit.layer, hit.id, e.latlng, { featureUrl: urls.feature, countries, lang,
        passportCountry: urls.passportCountry });
      return;
    }
    if (pickers.some((pick) => pick(point, e.latlng))) return;
    const area = areaAt(glMap, point, adminFill);
    if (area) onArea(area.properties);
  });

  let pending = null;
  map.on("mousemove", (e) => {
    pending = e.latlng;
    requestAnimationFrame(() => {
      if (!pending) return;
      const point = glPoint(pending);
      pending = null;
      const hit = overlays.featureAt(point);
      const area = hit ? null : areaAt(glMap, point, adminFill);
      map.getContainer().style.cursor = hit || area ? "pointer" : "";
      glMap.setFilter(HOVER, ["==", ["id"], area ? area.id : -1]);
    });
  });
  map.on("mouseout", () => glMap.setFilter(HOVER, ["==", ["id"], -1]));
}
