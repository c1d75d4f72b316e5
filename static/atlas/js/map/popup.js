// Feature popups: the feature's own GeoJSON from the API, with translated field labels, values formatted for the
// page's language (numbers, dates, yes/no), country names instead of ISO codes and the reach told in words.

import { getJson } from "../shared/api.js";
import { fillUrl } from "../shared/config.js";
import { showPopup } from "../shared/gl.js";
import { LEVEL_NAMES } from "../shared/levels.js";

const LABELS = Object.freeze({
  mag_mlh: gettext("Magnitude (MLH)"), mag: gettext("Magnitude"), magnitude: gettext("Magnitude"),
  magnitude_type: gettext("Magnitude type"), eq_primary: gettext("Magnitude"),
  year: gettext("Year"), month: gettext("Month"), day: gettext("Day"), hour: gettext("Hour"),
  minute: gettext("Minute"), second: gettext("Second"), depth: gettext("Depth, km"),
  depth_km: gettext("Depth, km"), focal_depth_km: gettext("Depth, km"), focal_depth: gettext("Depth, km"),
  name: gettext("Name"), name_ru: gettext("Name (Russian)"), name_en: gettext("Name (English)"),
  date: gettext("Date"), deaths: gettext("Deaths"), total_deaths: gettext("Total deaths"),
  Lives_total: gettext("Lives lost"), fatality_count: gettext("Fatalities"), injuries: gettext("Injured"),
  Injured_total: gettext("Injured"), Displaced_total: gettext("Displaced"), capacity_mw: gettext("Capacity, MW"),
  event_type: gettext("Event type"), location_name: gettext("Location"), location_description: gettext("Location"),
  Lake_name: gettext("Lake"), Lake_type: gettext("Lake type"), Glacier_name: gettext("Glacier"),
  River_Basin: gettext("River basin"), Country: gettext("Country"), country: gettext("Country"),
  population: gettext("Population"), pop_max: gettext("Population"), slip_type: gettext("Slip type"),
  fz_name: gettext("Fault zone"), primary_fuel: gettext("Fuel"), commissioning_year: gettext("Commissioned"),
  landslide_category: gettext("Category"), landslide_trigger: gettext("Trigger"), event_date_iso: gettext("Date"),
  time_utc: gettext("Time (UTC)"), Impact_type: gettext("Impact type"), Year_exact: gettext("Year"),
  Mechanism: gettext("Mechanism"), Driver_GLOF: gettext("Cause of the outburst"), Remarks: gettext("Remarks"),
  Elev_lake: gettext("Lake elevation, m"), Elev_impact: gettext("Elevation of the impact, m"),
  area_km2: gettext("Area, km²"), Area: gettext("Area"), Volume: gettext("Volume"), dam_name: gettext("Dam"),
  owner: gettext("Owner"), status: gettext("Status"), source: gettext("Source"), intensity: gettext("Intensity"),
});
// Shown in their own rows (reach, level) or not at all (identifiers, references, coordinates).
const SKIP = new Set(["hazard_level", "countries", "transboundary", "influence_countries", "downstream_countries",
  "downstream_path", "border_distance_km", "id", "fid", "G_ID", "GF_ID", "GL_ID", "LakeDB_ID", "Ref_scientific_full",
  "Ref_other", "Region_RGI", "Region_HiMAP", "Year_approx", "Lat_lake", "Lon_lake", "Lat_impact", "Lon_impact",
  "lat", "lon", "latitude", "longitude", "Transboundary", "geonameid", "wikidataid"]);
const MAX_ROWS = 14;
// Locales for Intl: Chromium's ICU has no Kazakh formats (it writes 1,234.5 and "2026 M12 1"); Kazakhstan writes
// numbers as Russian does (1 234,5), so Kazakh pages format numbers with "ru" and dates as 03.01.1911.
export const intlLocales = (lang) => (lang === "kk" ? ["ru"] : [lang]);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/;

function escape(text) {
  const div = document.createElement("div");
  div.textContent = text === null || text === undefined ? "—" : String(text);
  return div.innerHTML;
}

// The label of an attribute: the layer's own label in the page's language (Layer.attribute_labels, set at upload
// or in the admin) first, then the atlas's translation of common names, otherwise the name made readable.
export function fieldLabel(key, layer, lang) {
  const own = layer?.attribute_labels?.[key];
  const label = own && (own[lang] || own.ru || own.en || own.kk);
  if (label) return label;
  if (LABELS[key]) return LABELS[key];
  const words = key.replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// A value written for the page's language: numbers with the locale's separators (years without), ISO dates
// in words, yes/no, lists joined.
export function formatValue(key, value, lang) {
  if (typeof value === "boolean") return value ? gettext("yes") : gettext("no");
  if (typeof value === "number") {
    if (/year|^yr/i.test(key) || key === "day" || key === "month") return String(Math.trunc(value));
    const digits = Math.abs(value) < 10 ? 2 : 1;
    return new Intl.NumberFormat(intlLocales(lang), { maximumFractionDigits: digits }).format(value);
  }
  if (Array.isArray(value)) return value.map((v) => formatValue(key, v, lang)).join(", ");
  if (typeof value === "string") {
    const date = ISO_DATE.exec(value);
    if (date && Number(date[1]) > 0) {
      const [, y, m, d, hh, mm] = date;
      const when = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d), Number(hh ?? 0), Number(mm ?? 0)));
      const options = { year: "numeric", timeZone: "UTC",
        ...(lang === "kk" ? { month: "2-digit", day: "2-digit" } : { month: "long", day: "numeric" }),
        ...(hh && (hh !== "00" || mm !== "00") ? { hour: "2-digit", minute: "2-digit" } : {}) };
      return new Intl.DateTimeFormat(intlLocales(lang), options).format(when);
    }
  }
  return value;
}

// Country names (in the page's language) of ISO3 codes, as one phrase ("Kyrgyzstan, Tajikistan and Uzbekistan").
export function countryList(codes, countries, lang) {
  const names = (codes || []).map((code) => countries[code] || code);
  if (!Intl.ListFormat.supportedLocalesOf([lang]).length) return names.join(", ");  // no "and" in another language
  return new Intl.ListFormat(lang, { type: "conjunction" }).format(names);
}

// The reach of a feature in words: where it is, which countries its influence zone and the rivers below it reach.
export function reachText(props, countries, lang) {
  const lines = [];
  const own = countryList(props.countries, countries, lang);
  if (own) lines.push(`${gettext("Located in")}: ${own}`);
  const others = (props.influence_countries || []).filter((c) => !(props.countries || []).includes(c));
  if (others.length) lines.push(`${gettext("Its influence zone reaches")}: ${countryList(others, countries, lang)}`);
  if (props.downstream_countries?.length) {
    lines.push(`${gettext("Downstream along the rivers")}: ${countryList(props.downstream_countries, countries, lang)}`);
  }
  if (props.downstream_path?.length) {
    const path = Array.isArray(props.downstream_path) ? props.downstream_path.join(" → ") : props.downstream_path;
    lines.push(`${gettext("Downstream path")}: ${path}`);
  }
  if (typeof props.border_distance_km === "number") {
    const km = new Intl.NumberFormat(intlLocales(lang), { maximumFractionDigits: 1 }).format(props.border_distance_km);
    lines.push(interpolate(gettext("%s km from the nearest state border"), [km]));
  }
  if (props.transboundary) lines.push(gettext("Crosses a state border"));
  return lines;
}

// The popup's HTML for a feature (GeoJSON properties) of `layer`.
export function popupHtml(layer, props, { countries, lang, url, passportUrl }) {
  const rows = Object.entries(props).filter(([k, v]) => !SKIP.has(k) && v !== null && v !== "" && v !== "Unknown")
    .slice(0, MAX_ROWS)
    .map(([k, v]) => `<tr><th>${escape(fieldLabel(k, layer, lang))}</th><td>${escape(formatValue(k, v, lang))}</td></tr>`).join("");
  const level = props.hazard_level ? LEVEL_NAMES[props.hazard_level] : gettext("no data");
  const reach = reachText(props, countries, lang).map((line) => `<li>${escape(line)}</li>`).join("");
  const passport = passportUrl ? ` · <a href="${escape(passportUrl)}">${escape(gettext("Country passport"))}</a>` : "";
  return `<div class="popup"><strong>${escape(layer.title)}</strong>
    <table>${rows}<tr><th>${escape(gettext("Hazard level"))}</th><td>${escape(level)}</td></tr></table>
    ${reach ? `<h3>${escape(gettext("Reach"))}</h3><ul class="reach">${reach}</ul>` : ""}
    <a href="${escape(url)}" target="_blank" rel="noopener">GeoJSON</a>${passport}</div>`;
}

// Opens a popup on the MapLibre `map` at `lngLat` with feature `id` of `layer`, fetched from `featureUrl` ({slug}, {id}).
export async function featurePopup(map, layer, id, lngLat, { featureUrl, countries, lang, passportCountry }) {
  const url = fillUrl(featureUrl, { slug: layer.slug, id });
  const feature = await getJson(url).catch(() => null);
  if (!feature) return;
  const props = feature.properties;
  const member = (props.countries || [])[0];
  const passportUrl = member && passportCountry ? fillUrl(passportCountry, { iso3: member }) : null;
  showPopup(map, lngLat, popupHtml(layer, props, { countries, lang, url, passportUrl }), "feature-popup");
}
