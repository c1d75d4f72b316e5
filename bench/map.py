"""Map benchmark: the map in headless Chromium with the EMCA layer (33,608 events) and a 200,000-polygon synthetic
layer switched on. Reports time from navigation to the first drawn features, tile requests and bytes, and the
longest main-thread task while panning and zooming through a fixed path.

    .venv/bin/python bench/map.py [--port 8766]"""

import argparse
import subprocess
import sys
import time

import _django

_django.setup()

from playwright.sync_api import sync_playwright
from serve import EMCA, SYNTHETIC, synthetic_layer

CHROMIUM = "/usr/lib/chromium/chromium"
PATH = [(5, 42.0, 72.0), (6, 41.5, 70.5), (7, 42.8, 74.6), (8, 43.2, 76.9), (6, 44.0, 75.0), (4, 45.0, 68.0),
        (5, 40.0, 69.0), (7, 38.6, 68.8), (5, 47.0, 80.0), (4, 43.0, 66.0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    synthetic_layer()
    server = subprocess.Popen([str(_django.ROOT / ".venv/bin/gunicorn"), "atlas.wsgi", "--bind",
                               f"127.0.0.1:{args.port}", "--workers", "3", "--threads", "4", "--no-control-socket",
                               "--log-level", "warning"], cwd=_django.ROOT)
    try:
        time.sleep(4)
        measure(f"http://127.0.0.1:{args.port}")
    finally:
        server.terminate()
        server.wait()


def measure(base: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 850})
        page.add_init_script("""
            window.__longest = 0; performance.setResourceTimingBufferSize(100000);
            new PerformanceObserver((list) => { for (const e of list.getEntries())
                window.__longest = Math.max(window.__longest, e.duration); }).observe({entryTypes: ['longtask']});""")
        started = time.perf_counter()
        page.goto(f"{base}/?z=5&lat=42&lon=72&layers={EMCA},{SYNTHETIC}")
        page.wait_for_function(f"() => window.atlas && window.atlas.drawn('{EMCA}') > 0", timeout=60_000)
        first = time.perf_counter() - started
        page.wait_for_load_state("networkidle")
        loaded = time.perf_counter() - started
        page.evaluate("window.__longest = 0")
        for zoom, lat, lon in PATH:
            page.evaluate(f"window.atlas.map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
            page.wait_for_load_state("networkidle")
        longest = page.evaluate("window.__longest")
        tiles = page.evaluate("""() => { const t = performance.getEntriesByType('resource')
            .filter((e) => e.name.includes('/tiles/'));
            return {count: t.length, bytes: t.reduce((s, e) => s + e.transferSize, 0)}; }""")
        print(f"first drawn features: {first:.2f} s; all tiles of the first view: {loaded:.2f} s")
        megabytes = tiles['bytes'] / 1e6
        print(f"tile requests: {tiles['count']}, bytes: {megabytes:.1f} MB (first view and {len(PATH)} moves)")
        print(f"longest main-thread task while moving: {longest:.0f} ms")
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
