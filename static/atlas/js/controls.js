// Map controls: mouse coordinates, fullscreen, PNG export, print, permalink copy.

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

// Adds the controls to `map`; getPermalink() answers the path and query string of the current view.
export function addControls(map, getPermalink) {
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

  const Tools = L.Control.extend({
    options: { position: "topleft" },
    onAdd() {
      const box = L.DomUtil.create("div", "leaflet-bar tools");
      box.append(
        button("⤢", gettext("Full screen"), () => {
          if (document.fullscreenElement) document.exitFullscreen();
          else map.getContainer().parentElement.requestFullscreen?.();
        }),
        button("PNG", gettext("Export the view as PNG"), async () => {
          const url = await htmlToImage.toPng(map.getContainer(), { cacheBust: false });
          const link = document.createElement("a");
          link.download = "atlas-map.png";
          link.href = url;
          link.click();
        }),
        button(gettext("Print"), gettext("Print"), () => window.print()),
        button(gettext("Link"), gettext("Copy the permalink"), async () => {
          const url = window.location.origin + getPermalink();
          try { await navigator.clipboard.writeText(url); } catch { window.prompt(gettext("Permalink"), url); }
        }),
      );
      return box;
    },
  });
  new Tools().addTo(map);
}
