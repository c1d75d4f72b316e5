"""Throughput (issue 12): CLIENTS closed-loop clients x SECONDS on one mixed list — GeoJSON pages of a whole layer,
GeoJSON bbox items, vector tiles (EMCA points, 200,000 synthetic polygons) and raster PNG tiles — against, in the
same run and with the same number of server processes:

  atlas          gunicorn (atlas.wsgi, WORKERS x 2 threads)
  tipg+titiler   tipg 1.6 (views of the same rows) and titiler.core (the same COG, the same rescale and colour
                 map) in one uvicorn app with WORKERS workers, from their own venv (.state/bench/tipg-venv)
  atlas nginx    nginx with deploy/nginx.conf in front of the same gunicorn (started as tests/scale starts it),
                 after one pass over the list has filled its cache; ATLAS_KEY_SECONDS as in the environment (0:
                 the cache key is asked of the atlas on every request)

    .venv/bin/python bench/throughput.py [--seconds 30] [--clients 16] [--workers 5] [--rounds 1]

Prints req/s, p50, p99 and errors for each, and the ratios to tipg+titiler (aim: atlas >= 2x its req/s, 0 errors).
Run on request; never in the test suite."""

import argparse
import os
import sys
from collections import Counter

import _django

_django.setup()

import _sidecar
from _http import Client, default_workers, gunicorn, load, load_average, load_line
from _layers import EMCA, RASTER, boxes, synthetic_layer, tile_list, tipg_dsn, tipg_view

from hazards.models import Layer
from serving.raster import _rescale, cog_path, colormap_name
from tests.scale.stack import Stack


def mixes(synth: Layer, emca: Layer, raster: Layer) -> dict[str, list[str]]:
    """The same requests, in the same proportions, for each server kind: {"atlas": paths, "tipg+titiler": paths}."""
    emca_c, synth_c = tipg_view(emca), tipg_view(synth)
    pages = range(0, 30_000, 3_000)
    bboxes = [",".join(map(str, b)) for b in boxes(emca, 10)]
    synth_tiles, emca_tiles = tile_list(synth, 40), tile_list(emca, 40)
    raster_tiles = tile_list(raster, 20, zooms=range(4, 9))
    low, high = _rescale(raster)
    cog = (f"url={cog_path(raster)}&rescale={low},{high}&colormap_name={colormap_name(raster)}")
    return {
        "atlas": [f"/api/v1/layers/{EMCA}/features/?limit=1000&after={a}" for a in pages]
        + [f"/api/v1/layers/{EMCA}/features/?bbox={b}&limit=1000" for b in bboxes]
        + [f"/tiles/{synth.slug}/{z}/{x}/{y}.pbf" for z, x, y in synth_tiles]
        + [f"/tiles/{EMCA}/{z}/{x}/{y}.pbf" for z, x, y in emca_tiles]
        + [f"/tiles/{RASTER}/{z}/{x}/{y}.png" for z, x, y in raster_tiles],
        "tipg+titiler": [f"/collections/{emca_c}/items?limit=1000&offset={a}&f=geojson" for a in pages]
        + [f"/collections/{emca_c}/items?bbox={b}&limit=1000&f=geojson" for b in bboxes]
        + [f"/collections/{synth_c}/tiles/WebMercatorQuad/{z}/{x}/{y}" for z, x, y in synth_tiles]
        + [f"/collections/{emca_c}/tiles/WebMercatorQuad/{z}/{x}/{y}" for z, x, y in emca_tiles]
        + [f"/cog/tiles/WebMercatorQuad/{z}/{x}/{y}.png?{cog}" for z, x, y in raster_tiles],
    }


def check(port: int, paths: list[str]) -> str:
    """One pass over the list (warms the server, fills a cache): the statuses seen, e.g. '200 x 110, 204 x 10'."""
    client = Client(port)
    statuses = Counter(client.get(path)[0] for path in paths)
    return ", ".join(f"{status} x {n}" for status, n in sorted(statuses.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--rounds", type=int, default=1, help="repeat the three runs, interleaved")
    parser.add_argument("--port", type=int, default=8774)
    parser.add_argument("--side-port", type=int, default=8775)
    parser.add_argument("--no-nginx", action="store_true")
    args = parser.parse_args()
    synth, emca, raster = synthetic_layer(), Layer.objects.get(slug=EMCA), Layer.objects.get(slug=RASTER)
    paths = mixes(synth, emca, raster)
    print(f"{_sidecar.versions()}; {len(paths['atlas'])} paths in the mix; {args.clients} clients x "
          f"{args.seconds:.0f} s; {args.workers} server processes each; {load_average()}")
    side, stack = _sidecar.start(tipg_dsn(), args.side_port, args.workers), None
    try:
        with gunicorn(args.port, args.workers):
            ports = {"atlas": args.port, "tipg+titiler": args.side_port}
            if not args.no_nginx:
                stack = Stack()
                stack.app_port = args.port
                stack.nginx()
                ports["atlas nginx"] = stack.nginx_port
            for name, port in ports.items():
                print(f"{name}: first pass {check(port, paths['tipg+titiler' if name == 'tipg+titiler' else 'atlas'])}")
            results = {name: [] for name in ports}
            for _ in range(args.rounds):
                for name, port in ports.items():
                    result = load(port, paths["tipg+titiler" if name == "tipg+titiler" else "atlas"], args.clients,
                                  args.seconds)
                    results[name].append(result)
                    print(load_line(name, result) + f"   ({load_average()})")
    finally:
        if stack:
            stack.stop()
        _sidecar.stop(side)
    summary(results)


def summary(results: dict) -> None:
    reference = max(results["tipg+titiler"], key=lambda r: r["rps"])
    print(f"ATLAS_KEY_SECONDS={os.environ.get('ATLAS_KEY_SECONDS', '0')} (nginx)")
    for name, runs in results.items():
        best = max(runs, key=lambda r: r["rps"])
        print(load_line(f"best {name}", best) + f"   req/s / tipg+titiler {best['rps'] / reference['rps']:.2f}, "
              f"p50 / tipg+titiler {best['p50'] / reference['p50']:.2f}")
    atlas = max(results["atlas"], key=lambda r: r["rps"])
    met = atlas["rps"] >= 2 * reference["rps"] and atlas["errors"] == 0
    print(f"aim: atlas >= 2 x tipg+titiler req/s with 0 errors: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    sys.exit(main())
