// The layer panel: groups by hazard type, a switch, opacity, legend, counts, source and links per layer.

import { entryCanvas, legendEntries } from "./legend.js";
import { intlLocales } from "../shared/format.js";

function element(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function legend(layer, style) {
  const box = element("div", { class: "legend", "aria-label": gettext("Legend") });
  if (layer.kind === "raster") {
    const stops = (layer.legend || []).map((s) => s.colour).join(", ");
    box.append(element("span", {}, String(layer.legend?.[0]?.value ?? "")),
      element("span", { class: "ramp", style: `background: linear-gradient(to right, ${stops})` }),
      element("span", {}, String(layer.legend?.at(-1)?.value ?? "")));
    return box;
  }
  for (const entry of legendEntries(layer, style)) box.append(element("span", {}, entryCanvas(entry), entry.label));
  return box;
}

function links(layer) {
  const box = element("div");
  const items = [];
  if (layer.links.page) items.push([gettext("About the layer"), layer.links.page]);
  if (layer.links.features) items.push(["GeoJSON", `${layer.links.features}?limit=1000`]);
  if (layer.links.ogc_collection) items.push(["OGC", layer.links.ogc_collection]);
  items.push(["TileJSON", layer.links.tilejson]);
  for (const [format, href] of Object.entries(layer.links.downloads || {})) items.push([format.toUpperCase(), href]);
  items.forEach(([text, href], i) => {
    if (i) box.append(" · ");
    box.append(element("a", { href }, text));
  });
  return box;
}

// Builds the panel in `container`: the layers grouped by hazard type, their switches showing and changing the
// store's active layers; `actions.opacity(slug, value)` and `actions.zoom(layer)` act on the map.
export function buildPanel(container, store, { layers, hazardTypes, overlays, actions }) {
  const toggle = (slug, on) => {
    const active = store.get().layers.filter((s) => s !== slug);
    store.set({ layers: Object.freeze(on ? [...active, slug] : active) });
  };
  container.replaceChildren();
  for (const hazard of hazardTypes) {
    const group = layers.filter((l) => l.hazard_type === hazard.code);
    if (!group.length) continue;
    const section = element("section", { style: `--hazard: ${hazard.colour}` }, element("h2", {}, hazard.name));
    for (const layer of group) section.append(layerRow(layer, overlays.styleOf(layer), { ...actions, toggle }));
    container.append(section);
  }
  showActive(container, store.get().layers);
  store.subscribe((state, previous) => {
    if (state.layers !== previous.layers) showActive(container, state.layers);
  });
}

function layerRow(layer, style, handlers) {
  const id = `layer-${layer.slug}`;
  const row = element("div", { class: "layer", "data-slug": layer.slug });
  const toggle = element("input", { type: "checkbox", id, "aria-describedby": `${id}-meta` });
  toggle.addEventListener("change", () => handlers.toggle(layer.slug, toggle.checked));
  const zoom = element("button", { type: "button", class: "map-button", title: gettext("Zoom to layer"),
    "aria-label": `${gettext("Zoom to layer")}: ${layer.title}`, onclick: () => handlers.zoom(layer) }, "⤢");
  const opacity = element("input", { type: "range", min: "0", max: "1", step: "0.05", value: "1", class: "opacity",
    "aria-label": `${gettext("Opacity")}: ${layer.title}` });
  opacity.addEventListener("input", () => handlers.opacity(layer.slug, Number(opacity.value)));
  const count = layer.kind === "raster" ? gettext("raster")
    : `${layer.feature_count.toLocaleString(intlLocales(document.documentElement.lang))} ${gettext("features")}`;
  const meta = element("div", { class: "layer-meta", id: `${id}-meta` },
    legend(layer, style), element("div", {}, `${count} · ${gettext("Opacity")} `, opacity),
    element("div", {}, `${gettext("Source")}: ${layer.source || "—"} · ${gettext("Licence")}: ${layer.licence || "—"}`),
    links(layer));
  const [first] = layer.kind === "raster" ? [] : legendEntries(layer, style);
  const icon = element("span", { class: "layer-icon", "aria-hidden": "true" }, ...(first ? [entryCanvas(first, 18)] : []));
  const label = element("label", { for: id }, layer.title, ...(layer.official === false ? [provisionalBadge()] : []));
  row.append(element("div", { class: "layer-head" }, toggle, icon, label, zoom), meta);
  return row;
}

// A provisional layer (not yet marked official by the regional centre) is drawn, but no level, passport, matrix or
// alert reach counts it: the panel says so beside its title.
function provisionalBadge() {
  return element("span", { class: "badge provisional", title: gettext(
    "Provisional: shown on the map, not counted in levels, passports or the matrix until the regional centre marks it official"),
  }, gettext("provisional"));
}

function showActive(container, slugs) {
  for (const row of container.querySelectorAll(".layer")) {
    const on = slugs.includes(row.dataset.slug);
    row.querySelector("input[type=checkbox]").checked = on;
    row.classList.toggle("on", on);
  }
}
