// Legend entries of a layer, drawn the way the map draws it: the panel shows them as small canvases and the
// exported map draws them in its legend box.

import { alertLegendEntries } from "./alerts.js";
import { contextColour, WATER } from "./layerstyle.js";
import { BASE_COLOURS, BASE_LAYER_IDS } from "../shared/basestyle.js";
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

// The base map's lines that need a key (drawn as basemap.js draws them).
const BASE_LINES = Object.freeze([
  { label: gettext("State border"), colour: "#4a4a4a", width: 1.6 },
  { label: gettext("First-level boundary"), colour: "#8a8a8a", width: 0.9 },
  { label: gettext("District boundary"), colour: "#9a9a9a", width: 0.7, dash: [2, 3] },
]);
const ALERTS_FILL = "alerts::fill";

function baseLine({ colour, width, dash }) {
  return (ctx, x, y, size) => {
    ctx.save();
    ctx.setLineDash(dash ?? []);
    ctx.beginPath();
    ctx.moveTo(x - size / 2, y);
    ctx.lineTo(x + size / 2, y);
    ctx.strokeStyle = colour;
    ctx.lineWidth = Math.max(1.5, width * 1.6);
    ctx.stroke();
    ctx.restore();
  };
}

// The base's water and ice, as the map draws them: a river line, a lake and a glacier area.
function baseArea(fill, outline) {
  return (ctx, x, y, size) => {
    ctx.fillStyle = fill;
    ctx.strokeStyle = outline;
    ctx.lineWidth = 1;
    ctx.fillRect(x - size / 2, y - size / 3, size, (size * 2) / 3);
    ctx.strokeRect(x - size / 2 + 0.5, y - size / 3 + 0.5, size - 1, (size * 2) / 3 - 1);
  };
}
// The glacier's pale outline, darkened so the swatch reads on the legend's white.
const GLACIER_EDGE = "#a3b9cc";
const BASE_WATER = Object.freeze([
  { id: BASE_LAYER_IDS.rivers, label: gettext("River"), draw: baseLine({ colour: BASE_COLOURS.river, width: 1 }) },
  { id: BASE_LAYER_IDS.lakes, label: gettext("Lake or reservoir"), draw: baseArea(BASE_COLOURS.water, BASE_COLOURS.river) },
  { id: BASE_LAYER_IDS.glaciers, label: gettext("Glacier"), draw: baseArea(BASE_COLOURS.ice, GLACIER_EDGE) },
]);

// A cluster as the map draws it: a circle in the hue with a white ring and a count.
function clusterEntry(hue) {
  return { label: gettext("Several features (their number)"), draw: (ctx, x, y, size) => {
    ctx.beginPath();
    ctx.arc(x, y, size / 2, 0, 2 * Math.PI);
    ctx.fillStyle = levelFill(hue, 4);
    ctx.fill();
    ctx.strokeStyle = "#ffffff";
    ctx.lineWidth = 1.5;
    ctx.stroke();
    ctx.fillStyle = "#111111";
    ctx.font = `bold ${Math.round(size * 0.55)}px "DejaVu Sans", sans-serif`;
    ctx.textAlign = "center";
    ctx.fillText("12", x, y + size * 0.2);
    ctx.textAlign = "start";
  } };
}

// The alerts' entries for the severities and statuses drawn in the view (all of them when none is in view).
function alertEntries(glMap) {
  const drawn = glMap.queryRenderedFeatures({ layers: [ALERTS_FILL] }).map((f) => f.properties);
  const severities = new Set(drawn.map((p) => p.severity));
  const practice = drawn.some((p) => p.status === "Test" || p.status === "Exercise");
  const all = alertLegendEntries();
  if (!drawn.length) return all;
  return all.filter((entry) => (entry.severity ? severities.has(entry.severity) : practice));
}

function alertsShown(glMap) {
  return Boolean(glMap.getLayer(ALERTS_FILL)) && glMap.getLayoutProperty(ALERTS_FILL, "visibility") !== "none";
}

// The exported legend's groups [{ title, entries }], everything the map draws: each active layer (`layers`, top
// first, entries as the panel's), clusters when a drawn layer has them, the alerts by severity and status when
// shown, and the base map's lines.
export function mapLegendGroups(glMap, layers, styleOf) {
  const groups = layers.map((layer) => ({ title: layer.title, entries: legendEntries(layer, styleOf(layer)) }));
  const clustered = layers.find((layer) => layer.cluster_max_zoom);
  if (clustered) groups.push({ title: gettext("Clusters"), entries: [clusterEntry(styleOf(clustered).hue)] });
  if (alertsShown(glMap)) groups.push({ title: gettext("Alerts"), entries: alertEntries(glMap) });
  const water = BASE_WATER.filter((entry) => glMap.getLayer(entry.id)).map(({ label, draw }) => ({ label, draw }));
  groups.push({ title: gettext("Base map"),
    entries: [...BASE_LINES.map((line) => ({ label: line.label, draw: baseLine(line) })), ...water] });
  return groups;
}

// `text` broken into lines of at most `width` pixels in the context's font (the legend's titles, the export's sources).
export function wrapText(ctx, text, width) {
  const lines = [];
  let line = "";
  for (const word of text.split(" ")) {
    const next = line ? `${line} ${word}` : word;
    if (ctx.measureText(next).width > width && line) { lines.push(line); line = word; } else line = next;
  }
  return [...lines, line];
}

// Draws the legend box of `groups` at (x, y), `width` × `height` CSS pixels, on the export's canvas; what fits is
// drawn, a "…" says something did not. The rows drawn ({ group, label, x, y, size }: the swatch's centre and size)
// are kept on the canvas as data-legend (JSON), for those who check the export.
export function drawMapLegend(ctx, groups, { x, y, width, height }) {
  const font = '"DejaVu Sans", sans-serif';
  const rows = [];
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(x, y, width, height);
  ctx.fillStyle = "#1d2733";
  ctx.font = `bold 14px ${font}`;
  ctx.fillText(gettext("Legend"), x + 12, y + 22);
  let row = y + 44;
  const bottom = y + height - 12;
  for (const group of groups) {
    if (row + 32 > bottom) { ctx.fillStyle = "#333"; ctx.fillText("…", x + 12, row); break; }
    ctx.font = `bold 11.5px ${font}`;
    ctx.fillStyle = "#1d2733";
    wrapText(ctx, group.title, width - 24).forEach((line) => { ctx.fillText(line, x + 12, row); row += 15; });
    for (const entry of group.entries) {
      if (row > bottom) break;
      entry.draw(ctx, x + 22, row - 4, 14);
      ctx.font = `11px ${font}`;
      ctx.fillStyle = "#333";
      ctx.fillText(entry.label.length > 34 ? `${entry.label.slice(0, 33)}…` : entry.label, x + 36, row);
      rows.push({ group: group.title, label: entry.label, x: x + 22, y: row - 4, size: 14 });
      row += 17;
    }
    row += 6;
  }
  ctx.canvas.dataset.legend = JSON.stringify(rows);
  return rows;
}
