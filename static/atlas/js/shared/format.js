// The one formatter of the atlas's pages: numbers, dates, lists and country names written for the page's
// language. Chromium's ICU has no Kazakh formats (it writes 1,234.5 and "2026 M12 1"); Kazakhstan writes numbers
// as Russian does (1 234,5) and dates as 03.01.1911, so Kazakh pages format numbers with "ru" and dates by digits.

export const intlLocales = (lang) => (lang === "kk" ? ["ru"] : [lang]);

// A number with the locale's separators: two decimals below 10, one above (or `digits`).
export function formatNumber(value, lang, { digits } = {}) {
  const most = digits ?? (Math.abs(value) < 10 ? 2 : 1);
  return new Intl.NumberFormat(intlLocales(lang), { maximumFractionDigits: most }).format(value);
}

const ISO = /^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?)?)?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const MONTH_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;  // NASA GLC, USGS
const DAY_FIRST = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/;

function parts(year, month, day, hour, minute, second) {
  const n = (text) => (text === undefined || text === null || text === "" ? undefined : Number(text));
  return { year: n(year), month: n(month), day: n(day), hour: n(hour), minute: n(minute), second: n(second) };
}

// The parts ({year, month?, day?, hour?, minute?, second?}) of a date written as ISO 8601 (or its leading part:
// "1993", "2003-06"), m/d/Y or d.m.Y, with an optional time; null for anything else.
export function parseDate(text) {
  const value = String(text).trim();
  let m = ISO.exec(value);
  if (m) return parts(...m.slice(1));
  m = MONTH_FIRST.exec(value);
  if (m) return parts(m[3], m[1], m[2], m[4], m[5], m[6]);
  m = DAY_FIRST.exec(value);
  return m ? parts(m[3], m[2], m[1], m[4], m[5], m[6]) : null;
}

// The parts ({hour, minute, second?}) of a time of day written "h:mm[:ss]"; null for anything else.
export function parseTime(text) {
  const m = TIME.exec(String(text).trim());
  return m ? parts(undefined, undefined, undefined, m[1], m[2], m[3]) : null;
}

const valid = (v, low, high) => Number.isFinite(v) && v >= low && v <= high;

// True when the parts tell a time of day (midnight alone is how the sources write "no time").
export function hasTime(p) {
  return valid(p.hour, 0, 23) && valid(p.minute ?? 0, 0, 59) && (p.hour > 0 || p.minute > 0 || p.second > 0);
}

function yearText(year) {
  return year > 0 ? String(year) : interpolate(gettext("%s BC"), [String(Math.abs(year))]);
}

// A date (parts as parseDate gives them; month, day and time optional) in the page's language: "3 January 1911"
// or "January 1911" in English, "3 января 1911 г." in Russian, "03.01.1911" in Kazakh; the time after it.
export function formatDate(p, lang) {
  if (!p || !Number.isFinite(p.year)) return "";
  if (!valid(p.month, 1, 12) || p.year < 1) return yearText(p.year);
  const day = valid(p.day, 1, 31) ? p.day : undefined;
  const time = day && hasTime(p);
  const when = new Date(Date.UTC(2000, p.month - 1, day ?? 1, time ? p.hour : 0, time ? p.minute ?? 0 : 0,
    time ? Math.trunc(p.second ?? 0) : 0));
  when.setUTCFullYear(p.year);
  const words = lang === "kk" ? { month: "2-digit", ...(day ? { day: "2-digit" } : {}) }
    : { month: "long", ...(day ? { day: "numeric" } : {}) };
  const clock = time ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    ...(p.second ? { second: "2-digit" } : {}) } : {};
  return new Intl.DateTimeFormat(intlLocales(lang), { year: "numeric", timeZone: "UTC", ...words, ...clock })
    .format(when);
}

// A Date (an instant) in the page's language, by Intl's styles ("long", "short"…), in the browser's time zone.
export function formatInstant(date, lang, { dateStyle = "long", timeStyle = "short" } = {}) {
  return new Intl.DateTimeFormat(intlLocales(lang), { dateStyle, timeStyle }).format(date);
}

// Items as one phrase in the page's language ("Kyrgyzstan, Tajikistan and Uzbekistan"); with commas where the
// browser has no rule for the language (no English "and" on a Kazakh page).
export function formatList(items, lang) {
  const names = [...items];
  if (!Intl.ListFormat.supportedLocalesOf([lang]).length) return names.join(", ");
  return new Intl.ListFormat(lang, { type: "conjunction" }).format(names);
}

// The names of ISO3 codes (`countries`: {ISO3: name in the page's language}) as one phrase.
export function countryList(codes, countries, lang) {
  return formatList((codes || []).map((code) => countries[code] || code), lang);
}
