// Feature popups: the feature's own GeoJSON from the API, one row per fact: its name and date once (the split
// date fields and the sources' date strings combined), the layer's own attribute labels, coded values in words,
// country names instead of ISO codes, references and identifiers left out, and the reach (the border included) told
// in words. Numbers and dates go through the one formatter (shared/format.js).

import { getJson } from "../shared/api.js";
import { fillUrl } from "../shared/config.js";
import { countryList, formatDate, formatNumber, hasTime, parseDate, parseTime } from "../shared/format.js";
import { showPopup } from "../shared/gl.js";
import { LEVEL_NAMES } from "../shared/levels.js";
import { LABELS, VALUE_WORDS } from "./popupwords.js";

// Shown in their own rows (reach, level) or not at all (identifiers, references, coordinates, record keeping).
const SKIP = new Set(["hazard_level", "countries", "influence_countries", "downstream_countries",
  "downstream_path", "border_distance_km", "id", "fid", "G_ID", "GF_ID", "GL_ID", "LakeDB_ID", "Ref_scientific_full",
  "Ref_other", "Region_RGI", "Region_HiMAP", "Year_approx", "Lat_lake", "Lon_lake", "Lat_impact", "Lon_impact",
  "lat", "lon", "latitude", "longitude", "geonameid", "wikidataid", "code", "source_ids", "point_basis",
  "GLIMS_ID", "Image_ID", "event_id", "event_import_id", "created_date", "submitted_date", "last_edited_date",
  "source_link", "country_code", "iso_a2", "adm0_a3", "featurecla", "scalerank", "min_zoom"]);
// Whether the feature crosses a border is the reach's fact, whatever an attribute calls it.
const BORDER = /^(is_?)?(trans_?boundary|cross(es|ing)?_?(a_?)?(state_?)?border)$/i;
// The country it lies in is the reach's fact too ("Located in").
const COUNTRY = /^(country|country_name|country_long|adm0name|admin)$/i;
// The parts of a date split over several fields, and the fields that write a date or a time as text.
const PARTS = Object.freeze({ year: ["year", "Year_exact", "yr"], month: ["month", "mo", "Month"],
  day: ["day", "dy", "Day"], hour: ["hour", "hr"], minute: ["minute", "mn"], second: ["second", "sec"] });
const DATE_TEXTS = ["time_utc", "event_date_iso", "event_date", "date", "Date"];
const TIME_TEXTS = ["time", "event_time"];
const WHEN = new Set([...Object.values(PARTS).flat(), ...DATE_TEXTS, ...TIME_TEXTS, "date_precision"]);
// Identifiers (AF01, IR132A, GL069623E35505N) and lists of references (S83;S84, A105; G1).
const IDENTIFIER = /^[A-Z]{1,3}[-\w]*\d[-\w]*$/;
const REFERENCES = /^[A-Z]{1,2}\d+(\s*[;,]\s*[A-Z]{1,2}\d+)*$/;
const INLINE_REFERENCES = /\s*\((?:[A-Z]{1,2}\d+)(?:\s*[;,]\s*[A-Z]{1,2}\d+)*\)/g;
const ISO3_LIST = /^[A-Z]{3}(\s*[;,]\s*[A-Z]{3})*$/;
const TRIPLE = /^\((-?[\d.]+),\s*(-?[\d.]+),\s*(-?[\d.]+)\)$/;  // GEM: (preferred, minimum, maximum)
const NUMERIC = /^-?\d+(\.\d+)?$/;
const NO_DATA = new Set(["", "Unknown", "unknown", "Na", "N/A", "-", "—"]);
const MAX_ROWS = 14;

function escape(text) {
  const div = document.createElement("div");
  div.textContent = text === null || text === undefined ? "—" : String(text);
  return div.innerHTML;
}

const ownLabel = (key, layer, lang) => {
  const own = layer?.attribute_labels?.[key];
  return own && (own[lang] || own.ru || own.en || own.kk);
};

// The label of an attribute: the layer's own label in the page's language (Layer.attribute_labels: the
// catalogue's, set at upload or in the admin) first, then the atlas's translation of common names (for uploads
// without labels), otherwise the name made readable.
export function fieldLabel(key, layer, lang) {
  const label = ownLabel(key, layer, lang) || LABELS[key];
  if (label) return label;
  const words = key.replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// The date (and time) of a feature from whichever fields its source writes it in; null when it has none.
export function featureDate(props) {
  const text = DATE_TEXTS.map((k) => props[k]).find((v) => v !== null && v !== undefined && parseDate(v));
  let when = text !== undefined ? parseDate(text) : null;
  if (!when) {
    const pick = (names) => names.map((k) => props[k]).find((v) => v !== null && v !== undefined && v !== "");
    when = Object.fromEntries(Object.entries(PARTS).map(([part, names]) => [part, Number(pick(names))]));
    if (!Number.isFinite(when.year) || pick(PARTS.year) === undefined) return null;
  }
  if (!hasTime(when)) {
    const time = TIME_TEXTS.map((k) => props[k]).find((v) => v && parseTime(v));
    if (time) Object.assign(when, parseTime(time));
  }
  return when;
}

const dropped = (key, value) => value === null || value === undefined || NO_DATA.has(String(value).trim())
  || SKIP.has(key) || BORDER.test(key) || WHEN.has(key) || /^name(_[a-z]{2})?$/.test(key)
  || (typeof value === "string" && (REFERENCES.test(value.trim()) || IDENTIFIER.test(value.trim())));

// A value written for the page's language: numbers with the locale's separators (years without), dates by the
// formatter, yes/no, coded values in words, ISO3 codes as country names, lists joined.
export function formatValue(key, value, lang, countries = {}) {
  if (typeof value === "boolean") return value ? gettext("yes") : gettext("no");
  if (typeof value === "number") {
    return /year|^yr/i.test(key) ? String(Math.trunc(value)) : formatNumber(value, lang);
  }
  if (Array.isArray(value)) return value.map((v) => formatValue(key, v, lang, countries)).join(", ");
  if (typeof value !== "string") return value;
  const text = value.trim();
  if (VALUE_WORDS[text]) return VALUE_WORDS[text];
  if (NUMERIC.test(text)) return formatValue(key, Number(text), lang, countries);
  if (ISO3_LIST.test(text) && text.split(/\s*[;,]\s*/).every((c) => countries[c])) {
    return countryList(text.split(/\s*[;,]\s*/), countries, lang);
  }
  const triple = TRIPLE.exec(text);
  if (triple) {
    const [best, low, high] = triple.slice(1).map((n) => formatNumber(Number(n), lang));
    return low === high ? best : `${best} (${low}–${high})`;
  }
  const date = /^\d{4}-\d{2}-\d{2}/.test(text) ? parseDate(text) : null;
  if (date) return formatDate(date, lang);
  if (/^[a-z]+(_[a-z]+)+$/.test(text) || (/river/i.test(key) && /^[a-z]+$/.test(text))) {  // amu_darya: Amu Darya
    return text.split("_").map((w) => w[0].toUpperCase() + w.slice(1)).join(" ");
  }
  return prose(text, countries);
}

// Free text as people read it: the references it cites inline ("(A25)", "(S83; S84)") left out, the ISO3 codes
// it names ("TJK/AFG border") written as the countries' names.
function prose(text, countries) {
  return text.replace(INLINE_REFERENCES, "").replace(/\b[A-Z]{3}\b/g, (code) => countries[code] || code).trim();
}

// "Date and time", "Date", or for a year alone (a dam's, a lake's) the layer's label of its year field or "Year".
function whenLabel(when, props, layer, lang) {
  if (hasTime(when)) return gettext("Date and time");
  if (Number.isFinite(when.month) && when.month > 0) return gettext("Date");
  const key = PARTS.year.find((k) => props[k] !== undefined && props[k] !== null);
  return (key && ownLabel(key, layer, lang)) || gettext("Year");
}

// True for a year alone that another year attribute also gives (the API's `year`, read from the layer's year
// attribute, beside GPPD's commissioning_year): that attribute's own row says it, with its own label.
function yearTwice(when, props) {
  if (Number.isFinite(when.month) && when.month > 0) return false;
  return Object.entries(props).some(([k, v]) => /year/i.test(k) && !PARTS.year.includes(k) && Number(v) === when.year);
}

// The feature's name in the page's language (name_ru, name_kk, name_en, name), or null.
function featureName(props, lang) {
  const names = [`name_${lang}`, "name_ru", "name_en", "name_kk", "name"].map((k) => props[k]);
  const name = names.find((v) => typeof v === "string" && v.trim() && !IDENTIFIER.test(v.trim()));
  return name ? name.trim() : null;
}

// The attribute rows of a feature: [label, text], one per fact. A layer with attribute labels shows the attributes
// it labels; one without (an upload) shows every attribute but the skipped ones.
export function attributeRows(layer, props, { countries = {}, lang }) {
  const labelled = Object.keys(layer?.attribute_labels || {}).length > 0;
  const rows = [];
  const name = featureName(props, lang);
  if (name) rows.push([gettext("Name"), name]);
  const when = featureDate(props);
  if (when && !yearTwice(when, props)) rows.push([whenLabel(when, props, layer, lang), formatDate(when, lang)]);
  for (const [key, value] of Object.entries(props)) {
    if (dropped(key, value) || (labelled && !ownLabel(key, layer, lang))) continue;
    if (COUNTRY.test(key) && (props.countries || []).length) continue;  // the reach says where it lies
    if (/^downstream/i.test(key) && props.downstream_countries?.length) continue;  // and where the rivers take it
    if (/_(ru|en|kk)$/.test(key) && !key.endsWith(`_${lang}`)) continue;  // notes_en on an English page only
    if (typeof props[`${key}_name`] === "string") continue;  // river: amu_darya beside river_name: Amu Darya
    rows.push([fieldLabel(key, layer, lang), formatValue(key, value, lang, countries)]);
  }
  return rows.slice(0, MAX_ROWS);
}

// Whether the feature crosses a state border, said once: the geometry itself (crosses_border), or else its reach
// (transboundary: the influence zone or the way downstream enters another country), or neither.
function borderText(props) {
  if (props.crosses_border === true) return gettext("Crosses a state border");
  if (props.transboundary === true) return gettext("Transboundary: its reach crosses a state border");
  if (props.transboundary === false) return gettext("Does not cross a state border");
  return null;
}

// The reach of a feature in words: where it is, which countries its influence zone and the rivers below it reach,
// and whether it crosses a state border (said here only).
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
    const km = formatNumber(props.border_distance_km, lang, { digits: 1 });
    lines.push(interpolate(gettext("%s km from the nearest state border"), [km]));
  }
  lines.push(borderText(props));
  return lines.filter(Boolean);
}

// The popup's HTML for a feature (GeoJSON properties) of `layer`.
export function popupHtml(layer, props, { countries, lang, url, passportUrl }) {
  const rows = attributeRows(layer, props, { countries, lang })
    .map(([label, text]) => `<tr><th>${escape(label)}</th><td>${escape(text)}</td></tr>`).join("");
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
