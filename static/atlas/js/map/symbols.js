// Cartography of the hazard layers: a shape per hazard type (seismic circle, flood drop, mudflow diamond,
// landslide triangle, man-made square), the hazard type's hue, the level by size and saturation. The same
// drawing makes the map's icons, the panel's legend swatches and the exported legend.

export const LEVEL_CODES = Object.freeze(["high", "medium", "low", "very_low"]);
const LEVEL_VALUE = Object.freeze({ high: 4, medium: 3, low: 2, very_low: 1 });
// How much of the hue a level keeps (the rest is white): saturation by level; no level is greyed.
const LEVEL_STRENGTH = Object.freeze({ 4: 1, 3: 0.78, 2: 0.58, 1: 0.4 });
const LEVEL_SIZE = Object.freeze({ 4: 1.0, 3: 0.84, 2: 0.7, 1: 0.58, 0: 0.52 });
const SHAPES = Object.freeze({ seismic: "circle", flood: "drop", glof: "drop", mudflow: "diamond",
  landslide: "triangle", manmade: "square", avalanche: "triangle", drought: "hexagon" });
export const ICON_PX = 22;  // the icon's size at level 4, in CSS pixels

export function shapeOf(hazardType) {
  return SHAPES[hazardType] || "hexagon";
}

// Variants tell layers of one hazard type apart, by what the layer is, never by its rank in a list (which
// changed with the reader's catalogue) nor by its title: 0 filled (records of events), 1 with a white core (a
// register of objects: dams, lakes, sites), 2 hollow (a provisional layer, shown but not counted). A layer's style
// may name its own: {"symbol": "filled" | "core" | "hollow"}.
export const VARIANTS = Object.freeze(["filled", "core", "hollow"]);

export function variantOf(layer) {
  const named = VARIANTS.indexOf(layer.style?.symbol);
  if (named >= 0) return named;
  if (layer.official === false) return 2;
  return layer.role === "objects" ? 1 : 0;
}

// The symbol's style of a layer: its hazard type's hue (`hazardColours` by code) and its variant.
export function symbolStyle(layer, hazardColours) {
  return { hue: hazardColours[layer.hazard_type] || "#555555", variant: variantOf(layer) };
}

function mix(hex, other, share) {
  const parse = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  const [a, b] = [parse(hex), parse(other)];
  return `#${a.map((v, i) => Math.round(v * share + b[i] * (1 - share)).toString(16).padStart(2, "0")).join("")}`;
}

// The fill colour of a feature of this hue at `level` (4…1, 0 or null for no level).
export function levelFill(hue, level) {
  return level ? mix(hue, "#ffffff", LEVEL_STRENGTH[level]) : mix(hue, "#9a9a9a", 0.25);
}

export function levelSize(level) {
  return LEVEL_SIZE[level || 0];
}

// Traces `shape` centred at (x, y) with radius r on a 2D context.
function trace(ctx, shape, x, y, r) {
  ctx.beginPath();
  if (shape === "circle") ctx.arc(x, y, r, 0, 2 * Math.PI);
  else if (shape === "square") ctx.rect(x - r * 0.82, y - r * 0.82, r * 1.64, r * 1.64);
  else if (shape === "diamond") { ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); }
  else if (shape === "triangle") { ctx.moveTo(x, y - r); ctx.lineTo(x + r, y + r * 0.8); ctx.lineTo(x - r, y + r * 0.8); }
  else if (shape === "drop") {
    ctx.moveTo(x, y - r);
    ctx.bezierCurveTo(x + r * 0.4, y - r * 0.4, x + r, y, x + r * 0.9, y + r * 0.3);
    ctx.arc(x, y + r * 0.3, r * 0.9, 0, Math.PI);
    ctx.bezierCurveTo(x - r, y, x - r * 0.4, y - r * 0.4, x, y - r);
  } else {
    for (let i = 0; i < 6; i += 1) {
      const a = Math.PI / 6 + (i * Math.PI) / 3;
      ctx[i ? "lineTo" : "moveTo"](x + r * Math.cos(a), y + r * Math.sin(a));
    }
  }
  ctx.closePath();
}

// Draws the symbol on `ctx` centred at (x, y), `size` CSS pixels across; `variant` tells layers of one hazard
// type apart (0 filled, 1 with a white core, 2 hollow).
export function drawSymbol(ctx, { shape, fill, outline, x, y, size, variant = 0 }) {
  const r = size / 2 - 1.5;
  trace(ctx, shape, x, y, r);
  ctx.fillStyle = variant === 2 ? "#ffffff" : fill;
  ctx.fill();
  ctx.lineWidth = variant === 2 ? Math.max(2.5, r / 2.5) : 1.3;
  ctx.strokeStyle = variant === 2 ? fill : outline;
  ctx.stroke();
  if (variant === 1) {
    trace(ctx, "circle", x, y, r * 0.32);
    ctx.fillStyle = "#ffffff";
    ctx.fill();
  }
}

// The icon's name on the GL map.
export function iconName(shape, hue, variant, level) {
  return `sym-${shape}-${hue.slice(1)}-${variant}-${level}`;
}

// Adds to the MapLibre map the icons of a layer (one per level); answers nothing, names by iconName().
export function addIcons(glMap, { shape, hue, variant }) {
  const ratio = 2;
  for (const level of [0, 1, 2, 3, 4]) {
    const name = iconName(shape, hue, variant, level);
    if (glMap.hasImage(name)) continue;
    const px = ICON_PX * ratio;
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = px;
    const ctx = canvas.getContext("2d");
    ctx.scale(ratio, ratio);
    drawSymbol(ctx, { shape, fill: levelFill(hue, level), outline: mix(hue, "#000000", 0.45), x: ICON_PX / 2,
      y: ICON_PX / 2, size: ICON_PX, variant });
    glMap.addImage(name, ctx.getImageData(0, 0, px, px), { pixelRatio: ratio });
  }
}

// The level (4…0) of a feature as a MapLibre expression.
export const LEVEL_EXPR = Object.freeze(["coalesce", ["get", "hazard_level"], 0]);

// A square canvas of `size` CSS pixels, sharp on the screen's pixel ratio, drawn by `draw(ctx)`.
export function symbolCanvas(size, draw) {
  const canvas = document.createElement("canvas");
  const ratio = window.devicePixelRatio || 1;
  canvas.width = canvas.height = Math.round(size * ratio);
  canvas.style.width = canvas.style.height = `${size}px`;
  canvas.className = "symbol";
  const ctx = canvas.getContext("2d");
  ctx.scale(ratio, ratio);
  draw(ctx);
  return canvas;
}

// A canvas swatch of the symbol (for the panel's legend).
export function swatch({ shape, hue, variant, level, size = 16 }) {
  return symbolCanvas(size, (ctx) => drawSymbol(ctx, {
    shape, fill: levelFill(hue, level), outline: mix(hue, "#000000", 0.45), x: size / 2, y: size / 2,
    size: size * (level === null ? 1 : Math.max(levelSize(level), 0.6)), variant,
  }));
}

export { LEVEL_VALUE, mix };
