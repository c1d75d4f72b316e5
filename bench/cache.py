"""Tiles straight from gunicorn against the same tiles through nginx's cache (deploy/nginx.conf), measured in one
run on the scale-out stack of tests/scale (primary, replica, PgBouncer, gunicorn with 2 workers x 4 threads, nginx).

A layer of POINTS random points over Central Asia is uploaded through the API; the mix is every tile of zooms
4-8 over the region that holds features, requested in random order by CLIENTS threads for SECONDS each:
  direct      gunicorn (tiles read on the replica)
  nginx cold  nginx with an empty cache (the first pass fills it)
  nginx warm  nginx, the mix cached
Clients keep their connection alive (bench/_http.load, as bench/throughput.py; until 2026-12 each request opened
one). Prints req/s, p50 and p99 and the ratios warm/direct. Run: .venv/bin/python bench/cache.py"""

import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlas.settings")

from tests.scale.stack import Stack  # noqa: I001  (the test's stack, started the same way)
from _http import load  # noqa: E402  (keep-alive clients, as bench/throughput.py)

POINTS = int(os.environ.get("BENCH_POINTS", 50_000))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 8))
SECONDS = float(os.environ.get("BENCH_SECONDS", 20))
SLUG = "bench-cache"


def layer(n: int) -> dict:
    rng = random.Random(12)
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": f"p{i}", "level": rng.randint(1, 4)},
         "geometry": {"type": "Point", "coordinates": [rng.uniform(50, 85), rng.uniform(37, 55)]}}
        for i in range(n)]}


def tiles(zooms=range(4, 9)) -> list[str]:
    import math

    def xy(lon, lat, z):
        n = 2**z
        x = int((lon + 180) / 360 * n)
        y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
        return x, y

    paths = []
    for z in zooms:
        (x0, y0), (x1, y1) = xy(50, 55, z), xy(85, 37, z)
        paths += [f"/tiles/{SLUG}/{z}/{x}/{y}.pbf" for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
    return paths


def main():
    stack = Stack()
    try:
        stack.databases()
        stack.pgbouncer()
        stack.gunicorn()
        stack.worker()
        stack.nginx()
        stack.upload(layer(POINTS), slug=SLUG, new_layer=True)
        stack.wait_replayed()
        paths = tiles()
        print(f"{POINTS} points, {len(paths)} tiles (z4-8), {CLIENTS} clients x {SECONDS:.0f} s each")
        results = {"direct": load(stack.app_port, paths, CLIENTS, SECONDS),
                   "nginx cold": load(stack.nginx_port, paths, CLIENTS, SECONDS)}
        for path in paths:  # whatever the cold pass did not reach
            stack.request(path, base=stack.nginx_url, token=False)
        results["nginx warm"] = load(stack.nginx_port, paths, CLIENTS, SECONDS)
        for name, r in results.items():
            print(f"{name:11} {r['rps']:8.1f} req/s   p50 {r['p50']:7.1f} ms   p99 {r['p99']:7.1f} ms   "
                  f"{r['n']} requests, {r['errors']} errors")
        direct, warm = results["direct"], results["nginx warm"]
        print(f"nginx warm / direct: req/s x{warm['rps'] / direct['rps']:.1f}, "
              f"p50 x{warm['p50'] / direct['p50']:.2f}, p99 x{warm['p99'] / direct['p99']:.2f}")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
