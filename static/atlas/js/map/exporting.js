// The exported map (PNG and print): the WebGL view without the on-screen controls, with a title, the date, the
// filters, a legend of the active layers, a scale bar and the attribution, composed on one canvas.

import { drawMapLegend, mapLegendGroups, wrapText } from "./legend.js";
import { intlLocales } from "../shared/format.js";

const HEADER = 58;
const FOOTER = 46;
const LEGEND_WIDTH = 250;
const FONT = '"DejaVu Sans", sans-serif';

function waitIdle(map) {
  return new Promise((resolve) => {
    if (map.loaded() && map.areTilesLoaded()) resolve();
    else map.once("idle", resolve);
  });
}

// The map's view drawn onto `ctx` at (x, y). The WebGL canvas keeps no drawing buffer (preserveDrawingBuffer is
// costly on every frame): it is read in the "render" event of one repaint, while the frame's buffer is still there.
function drawView(ctx, map, x, y, size) {
  return new Promise((resolve) => {
    map.once("render", () => {
      const canvas = map.getCanvas();
      ctx.drawImage(canvas, 0, 0, canvas.width, canvas.height, x, y, size.x, size.y);
      resolve();
    });
    map.triggerRepaint();
  });
}

const viewSize = (map) => ({ x: map.getContainer().clientWidth, y: map.getContainer().clientHeight });

// A scale bar of a round length at the map's centre.
function drawScale(ctx, map, x, y) {
  const size = viewSize(map);
  const left = map.unproject([size.x / 2 - 50, size.y / 2]);
  const right = map.unproject([size.x / 2 + 50, size.y / 2]);
  const metresPerPixel = left.distanceTo(right) / 100;
  const target = metresPerPixel * 140;
  const step = 10 ** Math.floor(Math.log10(target));
  const metres = [5, 2, 1].map((m) => m * step).find((m) => m <= target) ?? step;
  const width = metres / metresPerPixel;
  ctx.fillStyle = "#ffffffdd";
  ctx.fillRect(x - 6, y - 20, width + 12, 30);
  ctx.strokeStyle = "#222";
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(x, y - 6); ctx.lineTo(x, y); ctx.lineTo(x + width, y); ctx.lineTo(x + width, y - 6);
  ctx.stroke();
  ctx.fillStyle = "#222";
  ctx.font = `12px ${FONT}`;
  const label = metres >= 1000 ? `${(metres / 1000).toLocaleString(intlLocales(document.documentElement.lang))} ${gettext("km")}`
    : `${metres} ${gettext("m")}`;
  ctx.fillText(label, x + 2, y - 8);
}

// The composed canvas of the current view of the MapLibre `map`. `describe` = { title, filters, attribution }; onProgress(share, text).
export async function composeMap(map, overlays, describe, onProgress) {
  onProgress(0.1, gettext("Waiting for the map to finish drawing…"));
  await waitIdle(map);
  onProgress(0.5, gettext("Composing the title, legend and scale…"));
  const size = viewSize(map);
  const layers = [...overlays.active.keys()].map((slug) => overlays.layers.get(slug)).reverse();
  const canvas = document.createElement("canvas");
  const ratio = window.devicePixelRatio || 1;
  canvas.width = (size.x + LEGEND_WIDTH) * ratio;
  canvas.height = (size.y + HEADER + FOOTER) * ratio;
  const ctx = canvas.getContext("2d");
  ctx.scale(ratio, ratio);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, size.x + LEGEND_WIDTH, size.y + HEADER + FOOTER);
  ctx.fillStyle = "#1d2733";
  ctx.font = `bold 19px ${FONT}`;
  ctx.fillText(describe.title, 14, 26);
  ctx.font = `12.5px ${FONT}`;
  const date = new Intl.DateTimeFormat(intlLocales(document.documentElement.lang),
    { dateStyle: document.documentElement.lang === "kk" ? "short" : "long" }).format(new Date());
  ctx.fillText(`${date} · ${describe.filters}`, 14, 47);
  await drawView(ctx, map, 0, HEADER, size);
  ctx.strokeStyle = "#8c99a6";
  ctx.strokeRect(0.5, HEADER + 0.5, size.x - 1, size.y - 1);
  drawScale(ctx, map, 18, HEADER + size.y - 14);
  drawMapLegend(ctx, mapLegendGroups(map, layers, overlays.styleOf), { x: size.x, y: HEADER, width: LEGEND_WIDTH,
    height: size.y });
  ctx.fillStyle = "#4a5560";
  ctx.font = `11px ${FONT}`;
  wrapText(ctx, `${gettext("Sources")}: ${describe.attribution}`, size.x + LEGEND_WIDTH - 28).slice(0, 2)
    .forEach((line, i) => ctx.fillText(line, 14, HEADER + size.y + 18 + i * 15));
  onProgress(0.8, gettext("Encoding the image…"));
  return canvas;
}
