// Hazard levels: their names and colours (ColorBrewer YlOrRd, readable by colour-blind users), as the passports
// show them. The map's symbols are in map/symbols.js.

export const LEVELS = Object.freeze([
  Object.freeze({ value: 4, code: "high", colour: "#bd0026" }),
  Object.freeze({ value: 3, code: "medium", colour: "#f03b20" }),
  Object.freeze({ value: 2, code: "low", colour: "#fd8d3c" }),
  Object.freeze({ value: 1, code: "very_low", colour: "#fecc5c" }),
]);
export const NO_DATA = "#8a8a8a";
export const LEVEL_NAMES = Object.freeze({ high: gettext("high"), medium: gettext("medium"), low: gettext("low"),
  very_low: gettext("very low") });

export function codeColour(code) {
  return LEVELS.find((l) => l.code === code)?.colour ?? NO_DATA;
}

export function levelColour(level) {
  return LEVELS.find((l) => l.value === level)?.colour ?? NO_DATA;
}
