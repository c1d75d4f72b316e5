// Legend entries of a layer, drawn the way the map draws it: the panel shows them as small canvases and the
// exported map draws them in its legend box.

import { contextColour, WATER } from "./layerstyle.js";
import { LEVEL_NAMES } from "../shared/levels.js";
import { drawSymbol, LEVEL_CODES, LEVEL_VALUE, levelFill, levelSize, mix, shapeOf, symbolCanvas } from "./symbols.js";

// [{ label, draw(ctx, x, y, size) }] of a layer; `style` is { hue, variant } (overlays.styleOf).
export function legendEntries(layer, { hue, variant }) {
  if (layer.kind === "raster") return [];
  const types = layer.geometry_types || [];
  const context = layer.hazard_type === "context";
  if (context) {
    const colour = contextColour(layer.slug);
    const water = colour === "#3b82c4";
    if (types.some((t) => t.includes("Point"))) {
      return [{ label: layer.title, draw: (ctx, x, y, size) => drawSymbol(ctx, { shape: "circle", fill: "#ffffff",
        outline: "#333333", x, y, size: size * 0.5 }) }];
    }
    if (types.some((t) => t.includes("Line"))) return [{ label: layer.title, draw: line(colour, 2) }];
    return [{ label: layer.title, draw: fill(water ? WATER : colour, water ? "#5a9bd0" : colour) }];
  }
  const levels = layer.classification && Object.keys(layer.classification).length ? LEVEL_CODES : [];
  const entries = (drawFor) => [
    ...levels.map((code) => ({ label: LEVEL_NAMES[code], draw: drawFor(LEVEL_VALUE[code]) })),
    { label: levels.length ? gettext("no data") : layer.title, draw: drawFor(levels.length ? 0 : 4) },
  ];
  if (types.some((t) => t.includes("Point"))) {
    const shape = shapeOf(layer.hazard_type);
    return entries((level) => (ctx, x, y, size) => drawSymbol(ctx, { shape, fill: levelFill(hue, level),
      outline: mix(hue, "#000000", 0.45), x, y, size: size * Math.max(levelSize(level), 0.6), variant }));
  }
  if (types.some((t) => t.includes("Line"))) return [{ label: layer.title, draw: line(mix(hue, "#000000", 0.8), 2.4) }];
  return entries((level) => fill(levelFill(hue, level), mix(hue, "#000000", 0.7)));
}

function line(colour, width) {
  return (ctx, x, y, size) => {
    ctx.beginPath();
    ctx.moveTo(x - size / 2, y + size / 4);
    ctx.bezierCurveTo(x - size / 6, y - size / 3, x + size / 6, y + size / 3, x + size / 2, y - size / 4);
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.stroke();
  };
}

function fill(colour, outline) {
  return (ctx, x, y, size) => {
    ctx.fillStyle = colour;
    ctx.strokeStyle = outline;
    ctx.lineWidth = 1;
    ctx.fillRect(x - size / 2 + 1, y - size / 2 + 2, size - 2, size - 4);
    ctx.strokeRect(x - size / 2 + 1, y - size / 2 + 2, size - 2, size - 4);
  };
}

// A small canvas showing one legend entry.
export function entryCanvas(entry, size = 16) {
  return symbolCanvas(size, (ctx) => entry.draw(ctx, size / 2, size / 2, size));
}
