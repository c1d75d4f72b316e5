// The map's "Alerts" group: the active CAP alerts the user may read, from /tiles/alerts/ (per user, texts in the
// page's language), drawn by severity; Test and Exercise messages hatched, with a dashed outline and a label; a
// popup with headline, instruction, severity, urgency, expiry in the page's locale and the link to the CAP XML.

import { showPopup } from "../shared/gl.js";
import { FONTS } from "./layerstyle.js";
import { entryCanvas } from "./legend.js";
import { intlLocales } from "../shared/format.js";

export const SOURCE = "alerts";
const LABELS = "alert_labels";  // one point per alert, in the same tiles
export const SEVERITY_COLOURS = Object.freeze({ Extreme: "#b2182b", Severe: "#ef6c00", Moderate: "#f2c200",
  Minor: "#2b83ba", Unknown: "#8a8a8a" });
const SEVERITY_NAMES = Object.freeze({ Extreme: gettext("Extreme"), Severe: gettext("Severe"),
  Moderate: gettext("Moderate"), Minor: gettext("Minor"), Unknown: gettext("Unknown severity") });
const URGENCY_NAMES = Object.freeze({ Immediate: gettext("Immediate"), Expected: gettext("Expected"),
  Future: gettext("Future"), Past: gettext("Past"), Unknown: gettext("Unknown urgency") });
const CERTAINTY_NAMES = Object.freeze({ Observed: gettext("Observed"), Likely: gettext("Likely"),
  Possible: gettext("Possible"), Unlikely: gettext("Unlikely"), Unknown: gettext("Unknown certainty") });
// The marks of messages that are not real warnings.
const PRACTICE = Object.freeze({ Test: gettext("TEST"), Exercise: gettext("EXERCISE") });
const IS_PRACTICE = ["in", ["get", "status"], ["literal", Object.keys(PRACTICE)]];
const HATCH = "alerts-hatch";
const IDS = Object.freeze({ fill: "alerts::fill", hatch: "alerts::hatch", outline: "alerts::outline",
  dashed: "alerts::outline-practice", label: "alerts::label" });

const severityColour = ["match", ["get", "severity"], ...Object.entries(SEVERITY_COLOURS).flat(),
  SEVERITY_COLOURS.Unknown];

function escape(text) {
  const div = document.createElement("div");
  div.textContent = text ?? "";
  return div.innerHTML;
}

// A 12-pixel tile of dark diagonal stripes, the fill pattern of Test and Exercise messages.
function hatchImage() {
  const size = 12;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  const ctx = canvas.getContext("2d");
  ctx.strokeStyle = "rgba(40, 40, 40, 0.55)";
  ctx.lineWidth = 2;
  for (const offset of [-size, 0, size]) {
    ctx.beginPath();
    ctx.moveTo(offset, size);
    ctx.lineTo(offset + size, 0);
    ctx.stroke();
  }
  return ctx.getImageData(0, 0, size, size);
}

function styleLayers() {
  const practiceLabel = ["match", ["get", "status"], ...Object.entries(PRACTICE).flat(), ""];
  return [
    { slot: "polygons", spec: { id: IDS.fill, type: "fill", paint: { "fill-color": severityColour,
      "fill-opacity": ["case", IS_PRACTICE, 0.16, 0.3] } } },
    { slot: "polygons", spec: { id: IDS.hatch, type: "fill", filter: IS_PRACTICE, paint: { "fill-pattern": HATCH } } },
    { slot: "lines", spec: { id: IDS.outline, type: "line", filter: ["!", IS_PRACTICE], paint: {
      "line-color": severityColour, "line-width": 2.5 } } },
    { slot: "lines", spec: { id: IDS.dashed, type: "line", filter: IS_PRACTICE, paint: {
      "line-color": severityColour, "line-width": 2.5, "line-dasharray": [2, 1.5] } } },
    { slot: "labels", sourceLayer: LABELS, spec: { id: IDS.label, type: "symbol", filter: IS_PRACTICE, layout: {
      "text-field": practiceLabel, "text-font": FONTS.bold, "text-size": 13, "text-letter-spacing": 0.1,
      "symbol-placement": "point", "text-allow-overlap": false }, paint: {
      "text-color": "#222222", "text-halo-color": "#ffffff", "text-halo-width": 1.6 } } },
  ];
}

// The popup of the alerts under a click (their tile features' properties), in the page's language.
export function alertPopupHtml(alerts, lang) {
  const when = new Intl.DateTimeFormat(intlLocales(lang), { dateStyle: "long", timeStyle: "short" });
  const blocks = alerts.map((p) => {
    const practice = PRACTICE[p.status] ? `<span class="alert-practice">${escape(PRACTICE[p.status])}</span> ` : "";
    const rows = [[gettext("Severity"), SEVERITY_NAMES[p.severity] ?? p.severity],
      [gettext("Urgency"), URGENCY_NAMES[p.urgency] ?? p.urgency],
      [gettext("Certainty"), CERTAINTY_NAMES[p.certainty] ?? p.certainty],
      [gettext("Expires"), p.expires ? when.format(new Date(p.expires)) : gettext("not set")]];
    return `<section class="alert-popup" style="--severity: ${SEVERITY_COLOURS[p.severity] ?? SEVERITY_COLOURS.Unknown}">
      <strong>${practice}${escape(p.headline || p.event)}</strong>
      ${p.instruction ? `<p>${escape(p.instruction)}</p>` : ""}
      <table>${rows.map(([k, v]) => `<tr><th>${escape(k)}</th><td>${escape(v)}</td></tr>`).join("")}</table>
      <a href="${escape(p.cap)}" target="_blank" rel="noopener">${escape(gettext("CAP message (XML)"))}</a></section>`;
  });
  return `<div class="popup">${blocks.join("")}</div>`;
}

// Legend entries: one per severity, and the mark of Test and Exercise messages.
export function alertLegendEntries() {
  const swatch = (colour, dashed) => (ctx, x, y, size) => {
    ctx.fillStyle = `${colour}55`;
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.setLineDash(dashed ? [3, 2] : []);
    ctx.fillRect(x - size / 2 + 1, y - size / 2 + 2, size - 2, size - 4);
    ctx.strokeRect(x - size / 2 + 1, y - size / 2 + 2, size - 2, size - 4);
  };
  return [...Object.entries(SEVERITY_COLOURS).map(([code, colour]) => ({ label: SEVERITY_NAMES[code], severity: code,
    draw: swatch(colour, false) })),
  { label: `${PRACTICE.Test} / ${PRACTICE.Exercise}`, draw: swatch("#555555", true) }];
}

// The "Alerts" section of the layer panel: a switch (the store's `alerts`) and the legend.
export function alertsSection(store) {
  const section = document.createElement("section");
  section.className = "alerts-group";
  section.style.setProperty("--hazard", SEVERITY_COLOURS.Extreme);
  const title = document.createElement("h2");
  title.textContent = gettext("Alerts");
  const row = document.createElement("div");
  row.className = "layer";
  row.dataset.slug = SOURCE;
  const toggle = document.createElement("input");
  Object.assign(toggle, { type: "checkbox", id: "layer-alerts", checked: store.get().alerts });
  toggle.addEventListener("change", () => store.set({ alerts: toggle.checked }));
  const label = document.createElement("label");
  label.htmlFor = toggle.id;
  label.textContent = gettext("Active alerts");
  const head = document.createElement("div");
  head.className = "layer-head";
  head.append(toggle, label);
  const legend = document.createElement("div");
  legend.className = "legend";
  legend.setAttribute("aria-label", gettext("Legend"));
  for (const entry of alertLegendEntries()) {
    const item = document.createElement("span");
    item.append(entryCanvas(entry), entry.label);
    legend.append(item);
  }
  row.append(head, legend);
  section.append(title, row);
  store.subscribe((state) => { toggle.checked = state.alerts; row.classList.toggle("on", state.alerts); });
  row.classList.toggle("on", store.get().alerts);
  return section;
}

// Adds the alerts' source and style layers to the MapLibre map, shown while the store's `alerts` is on. Returns
// { pick(point, lngLat): opens the popup of the alerts at `point` and says whether there were any, drawn() }.
// `light` (software WebGL) leaves out the hatch of Test and Exercise messages (a fill pattern is one more WebGL
// program to link on the first frame): they keep their dashed outline and their label.
export function addAlerts(glMap, store, { tilesUrl, lang, light = false }) {
  const absolute = tilesUrl.startsWith("/") ? `${window.location.origin}${tilesUrl}` : tilesUrl;
  glMap.addSource(SOURCE, { type: "vector", tiles: [absolute], maxzoom: 14 });
  if (!light && !glMap.hasImage(HATCH)) glMap.addImage(HATCH, hatchImage());
  const ids = Object.values(IDS).filter((id) => !light || id !== IDS.hatch);
  for (const { slot, spec, sourceLayer } of styleLayers().filter((layer) => ids.includes(layer.spec.id))) {
    glMap.addLayer({ ...spec, source: SOURCE, "source-layer": sourceLayer ?? SOURCE }, `slot::${slot}`);
  }
  const show = (on) => {
    for (const id of ids) glMap.setLayoutProperty(id, "visibility", on ? "visible" : "none");
  };
  show(store.get().alerts);
  store.subscribe((state, previous) => { if (state.alerts !== previous.alerts) show(state.alerts); });

  return Object.freeze({
    pick(point, lngLat) {
      if (!store.get().alerts) return false;
      const hits = glMap.queryRenderedFeatures([point.x, point.y], { layers: [IDS.fill] });
      const unique = [...new Map(hits.map((f) => [f.id, f.properties])).values()]
        .sort((a, b) => (b.severity_rank ?? 0) - (a.severity_rank ?? 0));
      if (!unique.length) return false;
      showPopup(glMap, lngLat, alertPopupHtml(unique, lang), "feature-popup alert");
      return true;
    },
    // How many distinct alerts the loaded tiles hold (for tests).
    drawn: () => new Set(glMap.querySourceFeatures(SOURCE, { sourceLayer: SOURCE }).map((f) => f.id)).size,
  });
}
