"""Map benchmark: the map in headless Chromium (WebGL through SwiftShader) with the default layers plus the EMCA
catalogue (33,608 events) at the default view. Reports the time from navigation to the first drawn hazard
features, tile requests and bytes, and the longest main-thread task while panning and zooming through 10 moves.

    .venv/bin/python bench/map.py [--port 8766] [--synthetic]    # starts gunicorn on this checkout
    .venv/bin/python bench/map.py --url http://127.0.0.1:8000     # measures a server already running

--synthetic adds the 200,000-polygon synthetic layer (the earlier, heavier variant of this benchmark). --url
lets the same measurement run against another checkout (for example the VectorGrid map before the WebGL one)."""

import argparse
import statistics
import subprocess
import sys
import time

import _django

CHROMIUM = "/usr/lib/chromium/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--enable-unsafe-swiftshader", "--use-angle=swiftshader",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
EMCA = "seismic-earthquakes-emca"
DEFAULT_LAYERS = ["context-rivers", "context-lakes", "seismic-earthquakes-usgs", "flood-glof-events"]
HAZARD_LAYERS = ["seismic-earthquakes-usgs", "flood-glof-events", EMCA]
PATH = [(5, 42.0, 72.0), (6, 41.5, 70.5), (7, 42.8, 74.6), (8, 43.2, 76.9), (6, 44.0, 75.0), (4, 45.0, 68.0),
        (5, 40.0, 69.0), (7, 38.6, 68.8), (5, 47.0, 80.0), (4, 43.0, 66.0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--url", help="measure this running server instead of starting one")
    parser.add_argument("--synthetic", action="store_true", help="add the 200,000-polygon synthetic layer")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    layers = DEFAULT_LAYERS + [EMCA]
    if args.url:
        measure(args.url, layers, args.runs)
        return
    _django.setup()
    if args.synthetic:
        from _layers import SYNTHETIC, synthetic_layer

        synthetic_layer()
        layers.append(SYNTHETIC)
    server = subprocess.Popen([str(_django.ROOT / ".venv/bin/gunicorn"), "atlas.wsgi", "--bind",
                               f"127.0.0.1:{args.port}", "--workers", "3", "--threads", "4", "--no-control-socket",
                               "--log-level", "warning"], cwd=_django.ROOT)
    try:
        time.sleep(4)
        measure(f"http://127.0.0.1:{args.port}", layers, args.runs)
    finally:
        server.terminate()
        server.wait()


def one_run(browser, base: str, layers: list[str]) -> dict:
    page = browser.new_page(viewport={"width": 1400, "height": 850})
    page.add_init_script("""
        window.__longest = 0; performance.setResourceTimingBufferSize(100000);
        new PerformanceObserver((list) => { for (const e of list.getEntries())
            window.__longest = Math.max(window.__longest, e.duration); }).observe({entryTypes: ['longtask']});""")
    tiles = {"count": 0, "bytes": 0}

    def count(response):  # MapLibre fetches tiles in its worker: Resource Timing of the page does not see them
        if "/tiles/" in response.url and response.request.resource_type != "document":
            tiles["count"] += 1
            tiles["bytes"] += int(response.headers.get("content-length") or 0)

    page.on("response", count)
    drawn = " || ".join(f"window.atlas.drawn('{slug}') > 0" for slug in HAZARD_LAYERS)
    started = time.perf_counter()
    page.goto(f"{base}/?layers={','.join(layers)}")
    page.wait_for_function(f"() => window.atlas && window.atlas.drawn && ({drawn})", timeout=60_000, polling=50)
    first = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    loaded = time.perf_counter() - started
    first_view_longest = page.evaluate("window.__longest")
    page.evaluate("window.__longest = 0")
    for zoom, lat, lon in PATH:
        page.evaluate(f"window.atlas.map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
    longest = page.evaluate("window.__longest")
    webgl = page.evaluate("() => Boolean(window.atlas.glMap)")
    page.close()
    return {"first": first, "loaded": loaded, "first_view_longest": first_view_longest, "longest": longest,
            "tiles": tiles["count"], "bytes": tiles["bytes"], "webgl": webgl}


def measure(base: str, layers: list[str], runs: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        webgl2 = browser.new_page()
        assert webgl2.evaluate("() => Boolean(document.createElement('canvas').getContext('webgl2'))"), \
            "no WebGL 2 in this Chromium: the figures would not measure the GPU path"
        webgl2.close()
        results = [one_run(browser, base, layers) for _ in range(runs)]
        browser.close()
    median = {key: statistics.median(r[key] for r in results) for key in results[0] if key != "webgl"}
    print(f"{base} · layers: {', '.join(layers)} · renderer: {'WebGL' if results[0]['webgl'] else 'canvas'}"
          f" · median of {runs} runs")
    print(f"first drawn hazard features: {median['first']:.2f} s; "
          f"all tiles of the first view: {median['loaded']:.2f} s")
    print(f"tile requests: {median['tiles']:.0f}, bytes: {median['bytes'] / 1e6:.2f} MB "
          f"(first view and {len(PATH)} moves)")
    print(f"longest main-thread task: first view {median['first_view_longest']:.0f} ms, "
          f"while moving {median['longest']:.0f} ms")


if __name__ == "__main__":
    sys.exit(main())
