// Objects of the atlas in the composer: features of its layers (a dam, a lake, a fault) found by the atlas's
// search, chosen as part of the area with a zone of `buffer-km` around them.

import { getJson } from "../shared/api.js";
import { PICKED } from "./compose-area.js";

const $ = (id) => document.getElementById(id);

function hitButton(hit, onChoose) {
  const item = document.createElement("li");
  const button = Object.assign(document.createElement("button"), { type: "button",
    textContent: `${hit.name} — ${hit.detail}` });
  button.setAttribute("role", "option");
  button.addEventListener("click", () => onChoose(hit));
  item.append(button);
  return item;
}

// Wires #feature-search to `searchUrl` and draws the chosen objects on `map`; onChange() when the choice changes.
// Returns areasFor(desc): the API's areas for the chosen objects, one per layer.
export function createObjectPicker(searchUrl, map, onChange) {
  const features = new Map();
  const chosenLayer = L.layerGroup().addTo(map);
  let searchTimer = null;

  function showChosen() {
    chosenLayer.clearLayers();
    $("chosen-features").replaceChildren(...[...features.entries()].map(([key, feature]) => {
      const [w, s, e, n] = feature.bbox || [];
      if (feature.bbox) chosenLayer.addLayer(L.circleMarker([(s + n) / 2, (w + e) / 2], { ...PICKED, radius: 7 }));
      const item = Object.assign(document.createElement("li"), { textContent: feature.name });
      const remove = Object.assign(document.createElement("button"), { type: "button", textContent: "×",
        title: gettext("Remove") });
      remove.addEventListener("click", () => { features.delete(key); showChosen(); onChange(); });
      item.append(remove);
      return item;
    }));
  }

  function choose(hit) {
    features.set(`${hit.layer}/${hit.fid}`, { layer: hit.layer, fid: hit.fid, name: hit.name, bbox: hit.bbox });
    $("feature-results").replaceChildren();
    $("feature-search").value = "";
    showChosen();
    onChange();
  }

  function search(text) {
    clearTimeout(searchTimer);
    if (text.trim().length < 2) { $("feature-results").replaceChildren(); return; }
    searchTimer = setTimeout(async () => {
      const body = await getJson(`${searchUrl}?q=${encodeURIComponent(text.trim())}`).catch(() => null);
      if (!body) return;
      const hits = (Array.isArray(body) ? body : body.results || []).filter((hit) => hit.type === "feature");
      $("feature-results").replaceChildren(...hits.slice(0, 8).map((hit) => hitButton(hit, choose)));
    }, 250);
  }

  $("feature-search").addEventListener("input", (e) => search(e.target.value));

  return Object.freeze({
    areasFor(desc) {
      const byLayer = new Map();
      for (const { layer, fid } of features.values()) byLayer.set(layer, [...(byLayer.get(layer) || []), fid]);
      const km = Number($("buffer-km").value) || 0;
      return [...byLayer.entries()].map(([layer, ids]) => ({ area_desc: desc, features: { layer, ids, buffer_km: km } }));
    },
  });
}
