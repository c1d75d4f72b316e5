// The composer's texts: the select boxes filled from the page's config, a tab per CAP language with the event,
// headline, description and instruction, and the hazard type's wording filled in.

export const TEXTS = Object.freeze(["event", "headline", "description", "instruction"]);
const $ = (id) => document.getElementById(id);

// Fills `select` with an option per item.
export function fillOptions(select, items, value = (i) => i.value, label = (i) => i.label) {
  select.replaceChildren(...items.map((item) => new Option(label(item), value(item))));
}

function fieldLabel(name) {
  return { event: gettext("Event"), headline: gettext("Headline"), description: gettext("Description"),
    instruction: gettext("Instruction") }[name];
}

function languagePanel(lang, index, tab) {
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
  return panel;
}

// A tab and a panel of text fields for each of `languages`, the first one shown.
export function languagePanels(languages) {
  const tabs = $("language-tabs");
  const panels = $("language-panels");
  languages.forEach((lang, index) => {
    const tab = Object.assign(document.createElement("button"), {
      type: "button", id: `tab-${lang}`, textContent: lang.toUpperCase() });
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", `panel-${lang}`);
    tab.setAttribute("aria-selected", String(index === 0));
    tabs.append(tab);
    const panel = languagePanel(lang, index, tab);
    panels.append(panel);
    tab.addEventListener("click", () => {
      tabs.querySelectorAll("[role=tab]").forEach((t) => t.setAttribute("aria-selected", String(t === tab)));
      panels.querySelectorAll("[role=tabpanel]").forEach((p) => { p.hidden = p !== panel; });
    });
  });
}

// The chosen hazard type's template: texts per language and the CAP codes it starts from.
export function fillWording(config) {
  const wording = config.wording[$("hazard").value];
  const first = wording[config.languages[0]];
  for (const name of ["urgency", "severity", "certainty"]) $(name).value = first[name];
  $("category").value = first.category[0];
  for (const lang of config.languages) for (const name of TEXTS) $(`${name}-${lang}`).value = wording[lang][name];
}

// The texts of the alert in each language, as the API's `infos` take them.
export function textsOf(language) {
  return Object.fromEntries(TEXTS.map((name) => [name, $(`${name}-${language}`).value.trim()]));
}
