// Styles of the atlas's layers: colours by hazard level (ColorBrewer YlOrRd, readable by colour-blind users).

import { passes } from "./filters.js";

export const LEVELS = Object.freeze([
  Object.freeze({ value: 4, code: "high", colour: "#bd0026" }),
  Object.freeze({ value: 3, code: "medium", colour: "#f03b20" }),
  Object.freeze({ value: 2, code: "low", colour: "#fd8d3c" }),
  Object.freeze({ value: 1, code: "very_low", colour: "#fecc5c" }),
]);
export const NO_DATA = "#8a8a8a";
export const LEVEL_NAMES = Object.freeze({ high: gettext("high"), medium: gettext("medium"), low: gettext("low"),
  very_low: gettext("very low") });
export const HIGHLIGHT = Object.freeze({ color: "#00e5ff", weight: 3, radius: 8, fillColor: "#00e5ff", fill: true,
  fillOpacity: 0.6 });

export function codeColour(code) {
  return LEVELS.find((l) => l.code === code)?.colour ?? NO_DATA;
}

export function levelColour(level) {
  return LEVELS.find((l) => l.value === level)?.colour ?? NO_DATA;
}

// A VectorGrid style function for one layer: points as circles sized by level, lines and polygons outlined in
// the hazard type's colour and filled by level; context layers in quiet blues and greys. Features that the
// current filters (`getFilters()`, read at each drawing) leave out are not drawn.
export function styleFor(layer, hazardColour, getFilters) {
  const context = layer.hazard_type === "context";
  return (props, zoom) => {
    if (!passes(props, layer, getFilters())) return [];
    const colour = context ? contextColour(layer.slug) : levelColour(props.hazard_level);
    const dimension = props.dim;  // 0 points, 1 lines, 2 polygons (an attribute of the atlas's tiles)
    if (dimension === 0) {
      const radius = context ? 2.5 : 2 + (props.hazard_level || 1) * (zoom > 6 ? 1.3 : 0.9);
      return { radius, fill: true, fillColor: colour, fillOpacity: 0.85, color: "#222", weight: 0.6 };
    }
    if (dimension === 1) {
      return { color: context ? colour : hazardColour, weight: context ? 1.2 : 1.6, opacity: 0.9 };
    }
    return { fill: true, fillColor: colour, fillOpacity: context ? 0.35 : 0.45, color: context ? colour : hazardColour,
      weight: 0.8, opacity: 0.9 };
  };
}

function contextColour(slug) {
  if (slug.includes("river") || slug.includes("lake")) return "#2b7bb9";
  if (slug.includes("glacier")) return "#9ecae1";
  if (slug.includes("plate")) return "#6a3d9a";
  return "#525252";
}
