// The permalink: the view, the active layers, the filters and the language live in the page's query string.

import { NO_FILTERS } from "./filters.js";

// The permalink's zoom is the 256-pixel web-map zoom of Leaflet and OpenStreetMap links (old links keep their
// view); MapLibre's tiles are 512 pixels, so its zoom is one less.
export const glZoom = (zoom) => zoom - 1;

// The view, layers and filters that a query string ("?z=7&lat=42.5&…") asks for; null where it says nothing.
export function readPermalink(search) {
  const q = new URLSearchParams(search);
  const number = (name) => (q.get(name) && !Number.isNaN(Number(q.get(name))) ? Number(q.get(name)) : null);
  return {
    view: { zoom: number("z"), lat: number("lat"), lon: number("lon") },
    layers: q.has("layers") ? q.get("layers").split(",").filter(Boolean) : null,
    alerts: q.get("alerts") !== "0",  // the Alerts group is on unless the link says alerts=0
    filters: { ...NO_FILTERS, country: q.get("country") || "", transboundary: q.get("tb") === "1",
      from: number("from"), to: number("to") },
  };
}

// The path and query string of the current view (a MapLibre map), the store's state and the language.
export function permalinkUrl(pathname, map, state, lang) {
  const centre = map.getCenter();
  const { filters } = state;
  const q = new URLSearchParams();
  q.set("z", Math.round((map.getZoom() + 1) * 100) / 100);
  q.set("lat", centre.lat.toFixed(4));
  q.set("lon", centre.lng.toFixed(4));
  q.set("layers", state.layers.join(","));
  if (state.alerts === false) q.set("alerts", "0");
  if (filters.country) q.set("country", filters.country);
  if (filters.transboundary) q.set("tb", "1");
  if (filters.from !== null) q.set("from", filters.from);
  if (filters.to !== null) q.set("to", filters.to);
  q.set("lang", lang);
  return `${pathname}?${q.toString()}`;
}

// The permalink without its language: where the language switch returns to.
export function withoutLanguage(url) {
  return url.replace(/([?&])lang=[^&]*/, "$1").replace(/[?&]$/, "");
}
