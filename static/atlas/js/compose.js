// The alert composer: a duty officer fills the alert in each CAP language, sets the area on the map (drawn with
// Leaflet-Geoman, admin areas clicked, or a file), saves the draft and sees its reach from the atlas, then sends.
// Every call is the REST API's (api/v1/alerts/…), the same a national system makes.

import { errorText } from "./upload-api.js";
import { vectorTiles } from "./vectortiles.js";

const config = JSON.parse(document.getElementById("compose-config").textContent);
const $ = (id) => document.getElementById(id);
const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(values[k]));
const number = new Intl.NumberFormat(config.lang === "kk" ? "kk-KZ" : config.lang);
const TEXTS = ["event", "headline", "description", "instruction"];
const PICKED = { color: "#bd0026", weight: 2, fillColor: "#fd8d3c", fillOpacity: 0.45 };
const UNPICKED = { color: "#5a6b7b", weight: 0.6, fillOpacity: 0.04 };

const state = { draftId: null, picked: new Map(), features: new Map() };

function options(select, items, value = (i) => i.value, label = (i) => i.label) {
  select.replaceChildren(...items.map((item) => new Option(label(item), value(item))));
}

function languagePanels() {
  const tabs = $("language-tabs");
  const panels = $("language-panels");
  config.languages.forEach((lang, index) => {
    const tab = Object.assign(document.createElement("button"), {
      type: "button", id: `tab-${lang}`, textContent: lang.toUpperCase() });
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", `panel-${lang}`);
    tab.setAttribute("aria-selected", String(index === 0));
    tabs.append(tab);
    const panel = Object.assign(document.createElement("div"), { id: `panel-${lang}`, hidden: index !== 0 });
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", tab.id);
    panel.setAttribute("lang", lang);
    for (const name of TEXTS) {
      const id = `${name}-${lang}`;
      const label = Object.assign(document.createElement("label"), { htmlFor: id, textContent: fieldLabel(name) });
      const input = document.createElement(name === "description" || name === "instruction" ? "textarea" : "input");
      Object.assign(input, { id, name: id, maxLength: name === "event" || name === "headline" ? 250 : 4000 });
      if (input.tagName === "TEXTAREA") input.rows = 3;
      panel.append(label, input);
    }
    panels.append(panel);
    tab.addEventListener("click", () => {
      tabs.querySelectorAll("[role=tab]").forEach((t) => t.setAttribute("aria-selected", String(t === tab)));
      panels.querySelectorAll("[role=tabpanel]").forEach((p) => { p.hidden = p !== panel; });
    });
  });
}

function fieldLabel(name) {
  return { event: gettext("Event"), headline: gettext("Headline"), description: gettext("Description"),
    instruction: gettext("Instruction") }[name];
}

// The hazard type's template: texts per language and the CAP codes it starts from.
function fillWording() {
  const wording = config.wording[$("hazard").value];
  const first = wording[config.languages[0]];
  for (const name of ["urgency", "severity", "certainty"]) $(name).value = first[name];
  $("category").value = first.category[0];
  for (const lang of config.languages) for (const name of TEXTS) $(`${name}-${lang}`).value = wording[lang][name];
}

// --- the area ---------------------------------------------------------------------------------------------

const map = L.map("area-map", { center: [41.5, 70.5], zoom: 5 });
vectorTiles(config.tiles.countries, {
  interactive: false, vectorTileLayerStyles: { countries: { fill: true, fillColor: "#fbf8ef", fillOpacity: 1,
    color: "#888", weight: 0.8 } } }).addTo(map);
const areasLayer = L.geoJSON(null, { style: () => PICKED, onEachFeature: pickable }).addTo(map);
const drawn = L.featureGroup().addTo(map);
map.pm.setLang(config.lang === "en" ? "en" : "ru");
map.pm.addControls({ position: "topleft", drawMarker: false, drawCircleMarker: false, drawPolyline: false,
  drawText: false, drawCircle: false, cutPolygon: false, rotateMode: false, dragMode: false });
map.pm.setGlobalOptions({ layerGroup: drawn });
map.on("pm:create", ({ layer }) => { drawn.addLayer(layer); changed(); });
map.on("pm:remove", ({ layer }) => { drawn.removeLayer(layer); changed(); });

function pickable(feature, layer) {
  const code = feature.properties.code;
  layer.bindTooltip(feature.properties.name || code);
  layer.setStyle(UNPICKED);
  layer.on("click", () => {
    if (map.pm.globalDrawModeEnabled()) return;
    if (state.picked.has(code)) state.picked.delete(code); else state.picked.set(code, feature.properties.name);
    layer.setStyle(state.picked.has(code) ? PICKED : UNPICKED);
    showPicked();
    changed();
  });
}

function showPicked() {
  $("picked").replaceChildren(...[...state.picked.entries()].map(([code, name]) =>
    Object.assign(document.createElement("li"), { textContent: `${name} (${code})` })));
}

async function loadAdminAreas(iso3) {
  const url = `${config.api.adminAreas}?country=${encodeURIComponent(iso3)}&level=1&format=geojson&precision=4`;
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) return;
  const collection = await response.json();
  areasLayer.clearLayers();
  state.picked.clear();
  showPicked();
  areasLayer.addData(collection);
  const bounds = areasLayer.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds);
}

async function areaFromFile(file) {
  const data = new FormData();
  data.append("file", file);
  const response = await fetch(config.api.areaFile, { method: "POST", body: data, credentials: "same-origin",
    headers: { "X-CSRFToken": csrf } });
  const body = await response.json();
  if (!response.ok) throw new Error(errorText(body));
  L.geoJSON(body, { style: () => PICKED }).eachLayer((layer) => drawn.addLayer(layer));
  map.fitBounds(drawn.getBounds());
  if (!$("area-desc").value) $("area-desc").value = body.properties.name;
  changed();
}

// --- objects of the atlas (features of its layers, found by the atlas's search) ------------------------------

const chosenLayer = L.layerGroup().addTo(map);
let searchTimer = null;

function searchFeatures(text) {
  clearTimeout(searchTimer);
  if (text.trim().length < 2) { $("feature-results").replaceChildren(); return; }
  searchTimer = setTimeout(async () => {
    const response = await fetch(`${config.api.search}?q=${encodeURIComponent(text.trim())}`, { credentials: "same-origin" });
    if (!response.ok) return;
    const body = await response.json();
    const hits = (Array.isArray(body) ? body : body.results || []).filter((hit) => hit.type === "feature");
    $("feature-results").replaceChildren(...hits.slice(0, 8).map((hit) => {
      const item = document.createElement("li");
      const button = Object.assign(document.createElement("button"), { type: "button",
        textContent: `${hit.name} — ${hit.detail}` });
      button.setAttribute("role", "option");
      button.addEventListener("click", () => chooseFeature(hit));
      item.append(button);
      return item;
    }));
  }, 250);
}

function chooseFeature(hit) {
  state.features.set(`${hit.layer}/${hit.fid}`, { layer: hit.layer, fid: hit.fid, name: hit.name, bbox: hit.bbox });
  $("feature-results").replaceChildren();
  $("feature-search").value = "";
  showChosen();
  changed();
}

function showChosen() {
  chosenLayer.clearLayers();
  $("chosen-features").replaceChildren(...[...state.features.entries()].map(([key, feature]) => {
    const [w, s, e, n] = feature.bbox || [];
    if (feature.bbox) chosenLayer.addLayer(L.circleMarker([(s + n) / 2, (w + e) / 2], { ...PICKED, radius: 7 }));
    const item = Object.assign(document.createElement("li"), { textContent: feature.name });
    const remove = Object.assign(document.createElement("button"), { type: "button", textContent: "×",
      title: gettext("Remove") });
    remove.addEventListener("click", () => { state.features.delete(key); showChosen(); changed(); });
    item.append(remove);
    return item;
  }));
}

function featureAreas(desc) {
  const byLayer = new Map();
  for (const { layer, fid } of state.features.values()) byLayer.set(layer, [...(byLayer.get(layer) || []), fid]);
  const km = Number($("buffer-km").value) || 0;
  return [...byLayer.entries()].map(([layer, ids]) => ({ area_desc: desc, features: { layer, ids, buffer_km: km } }));
}

function drawnGeometry() {
  const polygons = [];
  drawn.eachLayer((layer) => {
    const geometry = layer.toGeoJSON().geometry;
    if (geometry.type === "Polygon") polygons.push(geometry.coordinates);
    if (geometry.type === "MultiPolygon") polygons.push(...geometry.coordinates);
  });
  return polygons.length ? { type: "MultiPolygon", coordinates: polygons } : null;
}

function areas() {
  const desc = $("area-desc").value.trim();
  const list = [];
  const geometry = drawnGeometry();
  if (geometry) list.push({ area_desc: desc, geometry });
  if (state.picked.size) list.push({ area_desc: desc, admin_areas: [...state.picked.keys()] });
  return [...list, ...featureAreas(desc)];
}

// --- the draft, its reach, sending ---------------------------------------------------------------------------

function isoTime(value) {
  return value ? new Date(value).toISOString().replace(/\.\d{3}Z$/, "Z") : null;
}

function draft() {
  const common = { category: [$("category").value], urgency: $("urgency").value, severity: $("severity").value,
    certainty: $("certainty").value, onset: isoTime($("onset").value), expires: isoTime($("expires").value) };
  const infos = config.languages.map((language) => ({ language, ...common,
    ...Object.fromEntries(TEXTS.map((name) => [name, $(`${name}-${language}`).value.trim()])) }));
  return { country: $("country").value, hazard: $("hazard").value, status: $("status").value, infos,
    areas: areas() };
}

function changed() {
  $("send").disabled = true;
}

function showError(text) {
  $("compose-error").hidden = !text;
  $("compose-error").textContent = text || "";
}

async function api(url, method, body) {
  const response = await fetch(url, { method, credentials: "same-origin", body: body && JSON.stringify(body),
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" } });
  const data = await response.json().catch(() => ({ detail: `HTTP ${response.status}` }));
  if (!response.ok) throw new Error(errorText(data));
  return data;
}

function validate(body) {
  if (!body.areas.length) return gettext("Set the area: draw it, pick admin areas or objects, or load a file.");
  if (!$("area-desc").value.trim()) return gettext("Describe the area.");
  if (!$("expires").value) return gettext("Say when the alert expires.");
  const empty = body.infos.find((info) => !info.event || !info.headline);
  return empty ? interpolate(gettext("Write the event and the headline in %s."), [empty.language.toUpperCase()]) : "";
}

const name = (iso3) => config.names[iso3] || iso3;

function reachList(title, items) {
  const section = document.createElement("div");
  section.append(Object.assign(document.createElement("h3"), { textContent: title }));
  const list = document.createElement("ul");
  list.replaceChildren(...(items.length ? items : [gettext("none")]).map((text) =>
    Object.assign(document.createElement("li"), { textContent: text })));
  section.append(list);
  return section;
}

function showReach(reach) {
  const areaNames = reach.admin_areas.filter((a) => a.level === 1).map((a) =>
    `${a[`name_${config.lang}`] || a.name_en} (${name(a.country)})`);
  // Each object once, grouped by river, in the page's language (the API's downstream_by_river).
  const downstream = reach.downstream_by_river.map((group) => interpolate(gettext("%s: %s → %s"), [
    group.river || gettext("not on a named river"), group.objects.join("; ") || "—",
    group.countries.map(name).join(", ")]));
  const exposed = Object.entries(reach.exposed).map(([iso3, e]) =>
    interpolate(gettext("%s: %s people in %s places"), [name(iso3), number.format(e.population), number.format(e.places)]));
  $("reach-body").replaceChildren(
    reachList(gettext("Countries the area touches"), reach.countries.map(name)),
    reachList(gettext("Regions the area touches"), areaNames),
    reachList(interpolate(gettext("Countries within the influence distance (%s km)"), [number.format(reach.influence_km)]),
      reach.influence_countries.map(name)),
    reachList(gettext("Countries downstream"), downstream),
    reachList(gettext("People exposed"), exposed));
  $("reach").hidden = false;
}

async function checkReach() {
  showError("");
  const body = draft();
  const problem = validate(body);
  if (problem) { showError(problem); return; }
  $("check-reach").disabled = true;
  try {
    const alert = state.draftId
      ? await api(fill(config.api.alert, { id: state.draftId }), "PATCH", { infos: body.infos, areas: body.areas })
      : await api(config.api.alerts, "POST", body);
    state.draftId = alert.id;
    showReach(await api(fill(config.api.reach, { id: alert.id }), "POST"));
    $("send").disabled = false;
  } catch (error) {
    showError(error.message);
  } finally {
    $("check-reach").disabled = false;
  }
}

function capLink(message, label) {
  const item = document.createElement("li");
  const link = Object.assign(document.createElement("a"), { href: message.cap_url, textContent: message.identifier });
  item.append(`${label}: `, link);
  return item;
}

async function send() {
  if (!state.draftId || !window.confirm(gettext("Send the alert now? A sent alert is never edited, only updated or cancelled."))) return;
  showError("");
  $("send").disabled = true;
  try {
    const sent = await api(fill(config.api.send, { id: state.draftId }), "POST");
    const list = document.createElement("ul");
    list.append(capLink(sent.national, gettext("National public alert")),
      capLink(sent.regional, gettext("Regional message to the neighbours")));
    const recipients = sent.regional.addresses.split(" ").join(", ");
    const dashboard = Object.assign(document.createElement("a"), { href: config.pages.dashboard,
      textContent: gettext("Follow the deliveries and acknowledgements") });
    $("sent-body").replaceChildren(list, Object.assign(document.createElement("p"), {
      textContent: `${gettext("Addressed to")}: ${recipients}` }), dashboard);
    $("sent").hidden = false;
    state.draftId = null;
  } catch (error) {
    showError(error.message);
    $("send").disabled = false;
  }
}

function init() {
  options($("country"), config.countries, (c) => c.iso3, (c) => c.name);
  options($("hazard"), config.hazards, (h) => h.code, (h) => h.name);
  options($("status"), config.statuses);
  for (const name of ["urgency", "severity", "certainty"]) options($(name), config[name]);
  options($("category"), config.categories);
  languagePanels();
  fillWording();
  const inSixHours = new Date(Date.now() + 6 * 3600e3 - new Date().getTimezoneOffset() * 60e3);
  $("expires").value = inSixHours.toISOString().slice(0, 16);
  $("fill-wording").addEventListener("click", fillWording);
  $("hazard").addEventListener("change", fillWording);
  $("country").addEventListener("change", () => loadAdminAreas($("country").value));
  $("area-file").addEventListener("change", (e) => {
    if (e.target.files[0]) areaFromFile(e.target.files[0]).catch((error) => showError(error.message));
  });
  $("feature-search").addEventListener("input", (e) => searchFeatures(e.target.value));
  $("compose").addEventListener("input", changed);
  $("check-reach").addEventListener("click", checkReach);
  $("send").addEventListener("click", send);
  loadAdminAreas($("country").value).finally(() => { document.body.dataset.ready = "true"; });
  window.compose = Object.freeze({ map });  // for the browser tests, as window.atlas on the map page
}

init();
