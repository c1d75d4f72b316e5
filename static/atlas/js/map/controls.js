// Map controls: mouse coordinates, fullscreen, PNG export, print, permalink copy, and the export's progress.

import { composeMap } from "./exporting.js";

function button(text, title, onClick) {
  const node = L.DomUtil.create("button", "map-button");
  node.type = "button";
  node.textContent = text;
  node.title = title;
  node.setAttribute("aria-label", title);
  L.DomEvent.disableClickPropagation(node);
  node.addEventListener("click", onClick);
  return node;
}

// A progress box over the map while an export renders; answers { update(share, text), close() }.
function progressBox(container) {
  const box = L.DomUtil.create("div", "export-progress", container);
  box.setAttribute("role", "status");
  const text = L.DomUtil.create("span", "", box);
  const bar = L.DomUtil.create("progress", "", box);
  bar.max = 1;
  return { update(share, message) { bar.value = share; text.textContent = message; }, close() { box.remove(); } };
}

// The filters in words, for the export's subtitle.
function filtersText(filters, config) {
  const parts = [];
  if (filters.country) parts.push(config.countries[filters.country] || filters.country);
  if (filters.transboundary) parts.push(gettext("only transboundary features"));
  if (filters.from !== null || filters.to !== null) parts.push(`${gettext("years")} ${filters.from ?? "…"}–${filters.to ?? "…"}`);
  return parts.length ? `${gettext("Filters")}: ${parts.join(", ")}` : gettext("No filters");
}

// Adds the controls to `map`; getPermalink() answers the path and query string of the current view.
export function addControls(map, glMap, { getPermalink, store, overlays, config }) {
  L.control.scale({ imperial: false }).addTo(map);

  const Coords = L.Control.extend({
    options: { position: "bottomright" },
    onAdd() {
      const box = L.DomUtil.create("div", "coords");
      box.setAttribute("aria-live", "off");
      map.on("mousemove", (e) => { box.textContent = `${e.latlng.lat.toFixed(4)}, ${e.latlng.lng.toFixed(4)}`; });
      return box;
    },
  });
  new Coords().addTo(map);

  let busy = false;
  async function render(finish) {
    if (busy) return;
    busy = true;
    const progress = progressBox(map.getContainer().parentElement);
    try {
      const canvas = await composeMap(map, glMap, overlays, {
        title: document.title, filters: filtersText(store.get().filters, config),
        attribution: map.attributionControl.getContainer().textContent,
      }, progress.update);
      await finish(canvas, progress);
    } finally {
      progress.close();
      busy = false;
    }
  }

  const exportPng = () => render(async (canvas, progress) => {
    const blob = await new Promise((resolve) => { canvas.toBlob(resolve, "image/png"); });
    progress.update(1, gettext("Done"));
    const link = document.createElement("a");
    link.download = "atlas-map.png";
    link.href = URL.createObjectURL(blob);
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  });

  const print = () => render(async (canvas) => {
    const sheet = document.getElementById("print-sheet");
    const image = new Image();
    image.alt = document.title;
    image.src = canvas.toDataURL("image/png");
    await image.decode();
    sheet.replaceChildren(image);
    window.print();
  });

  const Tools = L.Control.extend({
    options: { position: "topleft" },
    onAdd() {
      const box = L.DomUtil.create("div", "leaflet-bar tools");
      box.append(
        button("⤢", gettext("Full screen"), () => {
          if (document.fullscreenElement) document.exitFullscreen();
          else map.getContainer().parentElement.requestFullscreen?.();
        }),
        button("PNG", gettext("Export the view as PNG"), exportPng),
        button(gettext("Print"), gettext("Print"), print),
        button(gettext("Link"), gettext("Copy the permalink"), async () => {
          const url = window.location.origin + getPermalink();
          try { await navigator.clipboard.writeText(url); } catch { window.prompt(gettext("Permalink"), url); }
        }),
      );
      return box;
    },
  });
  new Tools().addTo(map);
  return Object.freeze({ exportPng, print, compose: () => composeMap(map, glMap, overlays, {
    title: document.title, filters: filtersText(store.get().filters, config),
    attribution: map.attributionControl.getContainer().textContent }, () => {}) });
}
