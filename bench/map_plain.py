"""The atlas map page against a plain MapLibre page on the same tiles, in the browser tests' Chromium (WebGL through
SwiftShader), interleaved: atlas, plain, atlas, plain… Both draw the atlas's own country and admin-area tiles and the
same layers' MVT tiles (the default layers plus the EMCA catalogue); the plain page is served to Playwright by
page.route on the same origin (no production code) with a minimal style. Both make the same moves (jumpTo through a
fixed path, each waiting for MapLibre's `idle`). Prints, per page, the medians of: the time of the moves, the longest
main-thread task while moving (PerformanceObserver longtask) and the time from navigation to the first hazard
features; then the ratios atlas/plain and the load average.

    .venv/bin/python bench/map_plain.py [--port 8767] [--runs 3] [--url http://127.0.0.1:8000]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request

import _django

CHROMIUM = "/usr/lib/chromium/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--enable-unsafe-swiftshader", "--use-angle=swiftshader",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
EMCA = "seismic-earthquakes-emca"
LAYERS = ["context-rivers", "context-lakes", "seismic-earthquakes-usgs", "flood-glof-events", EMCA]
HAZARDS = ["seismic-earthquakes-usgs", "flood-glof-events", EMCA]
# (permalink zoom, lat, lon): the permalink's zoom is the 256-pixel web-map zoom, MapLibre's is one less.
PATH = [(5, 42.0, 72.0), (6, 41.5, 70.5), (7, 42.8, 74.6), (8, 43.2, 76.9), (6, 44.0, 75.0), (4, 45.0, 68.0)]
START = (4, 43.0, 66.0)
PLAIN = "/__plain_map__"
LONGTASKS = """window.__longest = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longest = Math.max(window.__longest,
  e.duration); }).observe({ entryTypes: ["longtask"] });"""
# One move: jumpTo (or Leaflet's setView on the bridged page) and MapLibre's next `idle`; answers its seconds.
MOVE = """async ([zoom, lat, lon]) => {
  const gl = window.__gl(); const map = window.atlas ? window.atlas.map : gl;
  const idle = new Promise((resolve) => gl.once("idle", resolve));
  const started = performance.now();
  if (map.jumpTo) map.jumpTo({ center: [lon, lat], zoom: zoom - 1 });
  else map.setView([lat, lon], zoom, { animate: false });
  await idle;
  return (performance.now() - started) / 1000;
}"""


def plain_html(config: dict, layers: list[dict]) -> str:
    """A page with MapLibre alone and a minimal style over the same tiles as the atlas page."""
    origin = "window.location.origin"
    style = {"version": 8, "sources": {
        "countries": {"type": "vector", "tiles": [config["tiles"]["countries"]], "maxzoom": 12},
        "admin-areas": {"type": "vector", "tiles": [config["tiles"]["adminAreas"]], "maxzoom": 12},
        **{layer["slug"]: {"type": "vector", "tiles": [layer["links"]["tiles"]], "maxzoom": 16} for layer in layers}},
        "layers": [{"id": "water", "type": "background", "paint": {"background-color": "#8fbfe0"}},
                   {"id": "countries", "type": "fill", "source": "countries", "source-layer": "countries",
                    "paint": {"fill-color": "#fbf8ef"}},
                   {"id": "admin", "type": "line", "source": "admin-areas", "source-layer": "admin_areas",
                    "paint": {"line-color": "#8a8a8a", "line-width": 0.9}},
                   {"id": "borders", "type": "line", "source": "countries", "source-layer": "countries",
                    "paint": {"line-color": "#4a4a4a", "line-width": 1.6}}]}
    for layer in layers:
        common = {"source": layer["slug"], "source-layer": layer["slug"]}
        style["layers"] += [
            {"id": f"{layer['slug']}::fill", "type": "fill", **common, "filter": ["==", ["geometry-type"], "Polygon"],
             "paint": {"fill-color": "#3b82c4", "fill-opacity": 0.6}},
            {"id": f"{layer['slug']}::line", "type": "line", **common,
             "filter": ["==", ["geometry-type"], "LineString"], "paint": {"line-color": "#3b82c4"}},
            {"id": f"{layer['slug']}::circle", "type": "circle", **common,
             "filter": ["==", ["geometry-type"], "Point"], "paint": {"circle-color": "#d7301f", "circle-radius": 4}}]
    zoom, lat, lon = START
    return f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{config['vendor']['maplibreCss']}">
<style>html, body, #map {{ margin: 0; height: 100%; }}</style></head><body><div id="map"></div>
<script type="module">
import * as maplibregl from "{config['vendor']['maplibre']}";
const style = {json.dumps(style)};
const absolute = (url) => (url.startsWith("/") ? {origin} + url : url);
for (const source of Object.values(style.sources)) source.tiles = source.tiles.map(absolute);
window.__map = new maplibregl.Map({{ container: "map", style, center: [{lon}, {lat}], zoom: {zoom - 1} }});
</script></body></html>"""


def first_features(page, kind: str) -> None:
    if kind == "atlas":
        drawn = " || ".join(f"window.atlas.drawn('{slug}') > 0" for slug in HAZARDS)
        page.wait_for_function(f"() => window.atlas && window.atlas.drawn && ({drawn})", timeout=90_000, polling=50)
    else:
        drawn = " || ".join(f"window.__map.querySourceFeatures('{s}', {{sourceLayer: '{s}'}}).length > 0"
                            for s in HAZARDS)
        page.wait_for_function(f"() => window.__map && window.__map.loaded !== undefined && ({drawn})",
                               timeout=90_000, polling=50)


def one_run(browser, base: str, kind: str, html: str) -> dict:
    page = browser.new_page(viewport={"width": 1400, "height": 850})
    page.add_init_script(LONGTASKS + "window.__gl = () => window.atlas ? window.atlas.glMap : window.__map;")
    page.route(f"{base}{PLAIN}", lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    zoom, lat, lon = START
    url = (f"{base}/?layers={','.join(LAYERS)}&z={zoom}&lat={lat}&lon={lon}" if kind == "atlas"
           else f"{base}{PLAIN}")
    started = time.perf_counter()
    page.goto(url)
    first_features(page, kind)
    first = time.perf_counter() - started
    page.wait_for_function("() => window.__gl().loaded() && window.__gl().areTilesLoaded()", timeout=90_000)
    page.wait_for_timeout(500)
    page.evaluate("window.__longest = 0")
    moves = sum(page.evaluate(MOVE, list(step)) for step in PATH)
    longest = page.evaluate("window.__longest")
    renderer = page.evaluate("document.body.dataset.renderer || ''")
    page.close()
    return {"moves": moves, "longest": longest, "first": first, "renderer": renderer}


def measure(base: str, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    config = page_config(base)
    catalogue = json.load(urllib.request.urlopen(f"{base}/api/v1/layers/?limit=500", timeout=30))["results"]
    html = plain_html(config, [layer for layer in catalogue if layer["slug"] in LAYERS])
    results: dict[str, list[dict]] = {"atlas": [], "plain": []}
    loads = [os.getloadavg()[0]]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            for kind in ("atlas", "plain"):
                results[kind].append(one_run(browser, base, kind, html))
                loads.append(os.getloadavg()[0])
        browser.close()
    report(results, loads, runs)


def page_config(base: str) -> dict:
    """The atlas page's own config (tile and vendor URLs), read from its json_script."""
    text = urllib.request.urlopen(f"{base}/", timeout=30).read().decode()
    start = text.index('id="atlas-config"')
    start = text.index(">", start) + 1
    return json.loads(text[start:text.index("</script>", start)])


def report(results: dict, loads: list[float], runs: int) -> None:
    median = {kind: {key: statistics.median(r[key] for r in rows) for key in ("moves", "longest", "first")}
              for kind, rows in results.items()}
    print(f"median of {runs} interleaved runs · {len(PATH)} moves · load average (1 min) "
          f"{min(loads):.1f}–{max(loads):.1f} · atlas renderer: {results['atlas'][0]['renderer'] or 'unknown'}")
    for kind in ("atlas", "plain"):
        m = median[kind]
        each = ", ".join(f"{r['moves']:.1f}" for r in results[kind])
        print(f"{kind:5}: moves {m['moves']:.2f} s ({each}); longest task while moving {m['longest']:.0f} ms; "
              f"first hazard features {m['first']:.2f} s")
    a, p = median["atlas"], median["plain"]
    print(f"atlas/plain: moves {a['moves'] / p['moves']:.2f}×, longest task {a['longest'] / max(p['longest'], 1):.2f}× "
          f"({a['longest'] - p['longest']:+.0f} ms), first hazard features {a['first'] / p['first']:.2f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--url", help="measure this running server instead of starting one")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.url:
        measure(args.url, args.runs)
        return
    _django.setup()
    server = subprocess.Popen([str(_django.ROOT / ".venv/bin/gunicorn"), "atlas.wsgi", "--bind",
                               f"127.0.0.1:{args.port}", "--workers", "3", "--threads", "4", "--no-control-socket",
                               "--log-level", "warning"], cwd=_django.ROOT)
    try:
        time.sleep(4)
        measure(f"http://127.0.0.1:{args.port}", args.runs)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
