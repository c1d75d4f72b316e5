// Feature popups: the feature's own GeoJSON from the API, attributes with translated labels where known.

import { fillUrl } from "./config.js";
import { LEVEL_NAMES } from "./style.js";

const LABELS = Object.freeze({
  mag_mlh: gettext("Magnitude (MLH)"), mag: gettext("Magnitude"), magnitude: gettext("Magnitude"),
  year: gettext("Year"), depth_km: gettext("Depth, km"), focal_depth_km: gettext("Depth, km"),
  name: gettext("Name"), name_ru: gettext("Name (Russian)"), name_en: gettext("Name (English)"),
  deaths: gettext("Deaths"), total_deaths: gettext("Total deaths"), Lives_total: gettext("Lives lost"),
  fatality_count: gettext("Fatalities"), capacity_mw: gettext("Capacity, MW"), event_type: gettext("Event type"),
  location_name: gettext("Location"), Lake_name: gettext("Lake"), River_Basin: gettext("River basin"),
  Country: gettext("Country"), population: gettext("Population"), pop_max: gettext("Population"),
  slip_type: gettext("Slip type"), fz_name: gettext("Fault zone"), primary_fuel: gettext("Fuel"),
  commissioning_year: gettext("Commissioned"), landslide_category: gettext("Category"),
  event_date_iso: gettext("Date"), time_utc: gettext("Time (UTC)"), Impact_type: gettext("Impact type"),
});
const SKIP = new Set(["hazard_level", "countries", "transboundary"]);

function escape(text) {
  const div = document.createElement("div");
  div.textContent = text === null || text === undefined ? "—" : String(text);
  return div.innerHTML;
}

// Opens a popup on `map` at `latlng` with feature `id` of `layer`, fetched from `featureUrl` ({slug}, {id}).
export async function featurePopup(map, layer, id, latlng, featureUrl) {
  const url = fillUrl(featureUrl, { slug: layer.slug, id });
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) return;
  const feature = await response.json();
  const props = feature.properties;
  const rows = Object.entries(props).filter(([k, v]) => !SKIP.has(k) && v !== null && v !== "")
    .slice(0, 18).map(([k, v]) => `<tr><th>${escape(LABELS[k] || k)}</th><td>${escape(v)}</td></tr>`).join("");
  const level = props.hazard_level ? LEVEL_NAMES[props.hazard_level] : gettext("no data");
  const html = `<div class="popup"><strong>${escape(layer.title)}</strong>
    <table>${rows}
      <tr><th>${gettext("Hazard level")}</th><td>${escape(level)}</td></tr>
      <tr><th>${gettext("Countries")}</th><td>${escape((props.countries || []).join(", "))}${props.transboundary ? " · " + gettext("transboundary") : ""}</td></tr>
    </table><a href="${escape(url)}" target="_blank" rel="noopener">GeoJSON</a></div>`;
  L.popup({ maxWidth: 360 }).setLatLng(latlng).setContent(html).openOn(map);
}
