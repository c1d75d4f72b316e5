// Clicking an admin area opens its passport summary in the side panel.

import { getJson } from "../shared/api.js";
import { fillUrl } from "../shared/config.js";
import { codeColour, LEVEL_NAMES } from "../shared/levels.js";

// Shows in `panel` the passport of the area with these tile properties; `urls.api` and `urls.page` are the
// templates ({iso3}, {area}) of its JSON and of its page.
export async function showPassport(properties, panel, urls) {
  const url = fillUrl(urls.api, { iso3: properties.country, area: properties.code });
  const p = await getJson(url).catch(() => null);
  if (!p) return;
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
    href: fillUrl(urls.page, { iso3: p.country.iso3, area: p.area.code }), textContent: gettext("Open the passport"),
  });
  panel.append(close, title, Object.assign(document.createElement("p"), { textContent: p.country.name }), list, link);
}
