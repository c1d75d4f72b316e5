// The permalink: view, layers, filters and language live in the page's query string.

export function readState() {
  const q = new URLSearchParams(window.location.search);
  const number = (name) => (q.has(name) && q.get(name) !== "" && !Number.isNaN(Number(q.get(name))) ? Number(q.get(name)) : null);
  return {
    zoom: number("z"), lat: number("lat"), lon: number("lon"),
    layers: q.has("layers") ? q.get("layers").split(",").filter(Boolean) : null,
    country: q.get("country") || "", transboundary: q.get("tb") === "1", from: number("from"), to: number("to"),
  };
}

export function writeState(map, activeSlugs, filters, lang) {
  const c = map.getCenter();
  const q = new URLSearchParams();
  q.set("z", map.getZoom());
  q.set("lat", c.lat.toFixed(4));
  q.set("lon", c.lng.toFixed(4));
  q.set("layers", activeSlugs.join(","));
  if (filters.country) q.set("country", filters.country);
  if (filters.transboundary) q.set("tb", "1");
  if (filters.from !== null) q.set("from", filters.from);
  if (filters.to !== null) q.set("to", filters.to);
  q.set("lang", lang);
  const url = `${window.location.pathname}?${q.toString()}`;
  window.history.replaceState(null, "", url);
  const next = document.getElementById("language-next");
  if (next) next.value = url.replace(/([?&])lang=[^&]*/, "$1").replace(/[?&]$/, "");
  return url;
}
