// The alert composer's entry module: a duty officer fills the alert in each CAP language, sets the area on the
// map (drawn, admin areas clicked, objects of the atlas, or a file), saves the draft and sees its reach from the
// atlas, then sends. Every call is the REST API's (api/v1/alerts/…), the same a national system makes.

import { postJson } from "../shared/api.js";
import { fillUrl, readConfig } from "../shared/config.js";
import { createAreaMap } from "./compose-area.js";
import { createObjectPicker } from "./compose-objects.js";
import { showReach, showSent } from "./compose-reach.js";
import { fillOptions, fillWording, languagePanels, textsOf } from "./compose-texts.js";

const URLS = ["api.alerts", "api.alert", "api.reach", "api.send", "api.areaFile", "api.adminAreas", "api.search",
  "pages.dashboard", "tiles.countries", "vendor.maplibre", "vendor.maplibreLeaflet"];
const $ = (id) => document.getElementById(id);

function isoTime(value) {
  return value ? new Date(value).toISOString().replace(/\.\d{3}Z$/, "Z") : null;
}

// The alert as the API takes it, from the form and the area on the map.
function draft(config, area, objects) {
  const common = { category: [$("category").value], urgency: $("urgency").value, severity: $("severity").value,
    certainty: $("certainty").value, onset: isoTime($("onset").value), expires: isoTime($("expires").value) };
  const infos = config.languages.map((language) => ({ language, ...common, ...textsOf(language) }));
  const desc = $("area-desc").value.trim();
  const areas = [];
  const geometry = area.drawnGeometry();
  if (geometry) areas.push({ area_desc: desc, geometry });
  if (area.picked.size) areas.push({ area_desc: desc, admin_areas: [...area.picked.keys()] });
  return { country: $("country").value, hazard: $("hazard").value, status: $("status").value, infos,
    areas: [...areas, ...objects.areasFor(desc)] };
}

function validate(body) {
  if (!body.areas.length) return gettext("Set the area: draw it, pick admin areas or objects, or load a file.");
  if (!$("area-desc").value.trim()) return gettext("Describe the area.");
  if (!$("expires").value) return gettext("Say when the alert expires.");
  const empty = body.infos.find((info) => !info.event || !info.headline);
  return empty ? interpolate(gettext("Write the event and the headline in %s."), [empty.language.toUpperCase()]) : "";
}

function showError(text) {
  $("compose-error").hidden = !text;
  $("compose-error").textContent = text || "";
}

function changed() {
  $("send").disabled = true;
}

// Saves the draft (created, then patched) and shows its reach; the send button is enabled once shown.
async function checkReach(config, state, body) {
  const problem = validate(body);
  if (problem) { showError(problem); return; }
  $("check-reach").disabled = true;
  try {
    const alert = state.draftId
      ? await postJson(fillUrl(config.api.alert, { id: state.draftId }), { infos: body.infos, areas: body.areas }, "PATCH")
      : await postJson(config.api.alerts, body);
    state.draftId = alert.id;
    showReach(await postJson(fillUrl(config.api.reach, { id: alert.id })), config);
    $("send").disabled = false;
  } catch (error) {
    showError(error.message);
  } finally {
    $("check-reach").disabled = false;
  }
}

async function send(config, state) {
  if (!state.draftId || !window.confirm(gettext("Send the alert now? A sent alert is never edited, only updated or cancelled."))) return;
  showError("");
  $("send").disabled = true;
  try {
    showSent(await postJson(fillUrl(config.api.send, { id: state.draftId })), config.pages.dashboard);
    state.draftId = null;
  } catch (error) {
    showError(error.message);
    $("send").disabled = false;
  }
}

function fillForm(config) {
  fillOptions($("country"), config.countries, (c) => c.iso3, (c) => c.name);
  fillOptions($("hazard"), config.hazards, (h) => h.code, (h) => h.name);
  fillOptions($("status"), config.statuses);
  for (const name of ["urgency", "severity", "certainty"]) fillOptions($(name), config[name]);
  fillOptions($("category"), config.categories);
  languagePanels(config.languages);
  fillWording(config);
  const inSixHours = new Date(Date.now() + 6 * 3600e3 - new Date().getTimezoneOffset() * 60e3);
  $("expires").value = inSixHours.toISOString().slice(0, 16);
}

function main() {
  const config = readConfig("compose-config", URLS);
  const state = { draftId: null };
  fillForm(config);
  const area = createAreaMap(config, changed);
  const objects = createObjectPicker(config.api.search, area.map, changed);
  $("fill-wording").addEventListener("click", () => fillWording(config));
  $("hazard").addEventListener("change", () => fillWording(config));
  $("country").addEventListener("change", () => area.loadAdminAreas($("country").value));
  $("area-file").addEventListener("change", (e) => {
    if (e.target.files[0]) area.areaFromFile(e.target.files[0]).catch((error) => showError(error.message));
  });
  $("compose").addEventListener("input", changed);
  $("check-reach").addEventListener("click", () => { showError(""); checkReach(config, state, draft(config, area, objects)); });
  $("send").addEventListener("click", () => send(config, state));
  area.loadAdminAreas($("country").value).finally(() => { document.body.dataset.ready = "true"; });
  window.compose = Object.freeze({ map: area.map });  // for the browser tests, as window.atlas on the map page
}

main();
