// Clicking an admin area opens its passport summary in the side panel.

import { codeColour, LEVEL_NAMES } from "./style.js";

export async function showPassport(properties, panel) {
  const url = `/api/v1/passports/${properties.country}/${encodeURIComponent(properties.code)}/`;
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) return;
  const p = await response.json();
  panel.hidden = false;
  panel.replaceChildren();
  const close = Object.assign(document.createElement("button"), { type: "button", className: "map-button", textContent: "×" });
  close.setAttribute("aria-label", gettext("Close"));
  close.addEventListener("click", () => { panel.hidden = true; });
  const title = Object.assign(document.createElement("h2"), { textContent: p.name });
  const list = document.createElement("ul");
  for (const level of p.levels) {
    const item = document.createElement("li");
    const badge = document.createElement("span");
    badge.className = "swatch";
    badge.style.background = codeColour(level.level);
    item.append(badge, ` ${level.name}: ${level.level ? LEVEL_NAMES[level.level] : gettext("no data")}`);
    list.append(item);
  }
  const link = Object.assign(document.createElement("a"), {
    href: `/passport/${p.country.iso3}/${encodeURIComponent(p.area.code)}/`, textContent: gettext("Open the passport"),
  });
  panel.append(close, title, Object.assign(document.createElement("p"), { textContent: p.country.name }), list, link);
}
