// Map controls, all MapLibre IControls: zoom, full screen, scale, attribution, mouse coordinates, PNG export, print,
// permalink copy, and the export's progress.

import { composeMap } from "./exporting.js";

function button(text, title, onClick) {
  const node = document.createElement("button");
  node.type = "button";
  node.className = "map-button";
  node.textContent = text;
  node.title = title;
  node.setAttribute("aria-label", title);
  node.addEventListener("click", onClick);
  return node;
}

// An IControl of a ready-made element (`build(map)` answers it).
function control(build) {
  let box = null;
  return { onAdd(map) { box = build(map); return box; }, onRemove() { box?.remove(); } };
}

// MapLibre's own texts of its controls, in the page's language.
export function controlTexts() {
  return { "NavigationControl.ZoomIn": gettext("Zoom in"), "NavigationControl.ZoomOut": gettext("Zoom out"),
    "FullscreenControl.Enter": gettext("Full screen"), "FullscreenControl.Exit": gettext("Exit full screen"),
    "ScaleControl.Meters": gettext("m"), "ScaleControl.Kilometers": gettext("km"),
    "AttributionControl.ToggleAttribution": gettext("Sources"), "Popup.Close": gettext("Close") };
}

// A progress box over the map while an export renders; answers { update(share, text), close() }.
function progressBox(container) {
  const box = document.createElement("div");
  box.className = "export-progress";
  box.setAttribute("role", "status");
  const text = document.createElement("span");
  const bar = document.createElement("progress");
  bar.max = 1;
  box.append(text, bar);
  container.append(box);
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

const attributionText = (map) => map.getContainer().querySelector(".maplibregl-ctrl-attrib-inner")?.textContent ?? "";

// Adds the controls to the MapLibre `map`; getPermalink() answers the path and query string of the current view.
export function addControls(map, maplibregl, { getPermalink, store, overlays, config }) {
  const area = map.getContainer().parentElement;
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-left");
  map.addControl(new maplibregl.FullscreenControl({ container: area }), "top-left");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric", maxWidth: 120 }), "bottom-left");
  const compact = window.innerWidth < 640;
  map.addControl(new maplibregl.AttributionControl({ compact }), "bottom-right");
  // On a phone the sources fold into their (i) button from the start: open, they would cover a fifth of the map.
  if (compact) {
    map.once("idle", () => {
      const attribution = map.getContainer().querySelector(".maplibregl-ctrl-attrib.maplibregl-compact");
      attribution?.classList.remove("maplibregl-compact-show");
      attribution?.removeAttribute("open");
    });
  }
  map.addControl(control(() => {
    const box = document.createElement("div");
    box.className = "maplibregl-ctrl coords";
    box.setAttribute("aria-live", "off");
    map.on("mousemove", (e) => { box.textContent = `${e.lngLat.lat.toFixed(4)}, ${e.lngLat.lng.toFixed(4)}`; });
    return box;
  }), "bottom-right");

  const describe = () => ({ title: document.title, filters: filtersText(store.get().filters, config),
    attribution: attributionText(map) });
  let busy = false;
  async function render(finish) {
    if (busy) return;
    busy = true;
    const progress = progressBox(area);
    try {
      const canvas = await composeMap(map, overlays, describe(), progress.update);
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

  map.addControl(control(() => {
    const box = document.createElement("div");
    box.className = "maplibregl-ctrl maplibregl-ctrl-group tools";
    box.append(
      button("PNG", gettext("Export the view as PNG"), exportPng),
      button(gettext("Print"), gettext("Print"), print),
      button(gettext("Link"), gettext("Copy the permalink"), async () => {
        const url = window.location.origin + getPermalink();
        try { await navigator.clipboard.writeText(url); } catch { window.prompt(gettext("Permalink"), url); }
      }),
    );
    return box;
  }), "top-left");
  return Object.freeze({ exportPng, print, compose: () => composeMap(map, overlays, describe(), () => {}) });
}
