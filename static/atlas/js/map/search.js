// The search box: places, admin areas, countries and layers (Cyrillic or Latin); choosing one zooms there.

import { getJson } from "../shared/api.js";

const KINDS = { country: gettext("country"), admin_area: gettext("area"), place: gettext("place"), layer: gettext("layer"),
  feature: gettext("hazard object") };

export function setupSearch(input, list, url, onChoose) {
  let timer = null;
  let results = [];
  let active = -1;

  function render() {
    list.replaceChildren(...results.map((r, i) => {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", String(i === active));
      item.innerHTML = "";
      item.append(r.name, " ");
      const small = document.createElement("small");
      small.textContent = `${KINDS[r.type] || r.type} · ${r.detail || ""}`;
      item.append(small);
      item.addEventListener("mousedown", (e) => { e.preventDefault(); choose(i); });
      return item;
    }));
  }

  function choose(i) {
    const result = results[i];
    if (!result) return;
    input.value = result.name;
    results = [];
    render();
    onChoose(result);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) { results = []; render(); return; }
    timer = setTimeout(async () => {
      results = await getJson(`${url}?q=${encodeURIComponent(q)}`).then((body) => body.results, () => []);
      active = -1;
      render();
    }, 200);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") { active = Math.min(active + 1, results.length - 1); render(); e.preventDefault(); }
    if (e.key === "ArrowUp") { active = Math.max(active - 1, 0); render(); e.preventDefault(); }
    if (e.key === "Enter") { choose(active >= 0 ? active : 0); e.preventDefault(); }
    if (e.key === "Escape") { results = []; render(); }
  });
}
