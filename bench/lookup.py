"""The access-checked layer lookup, uncached (one ORM query with three joins per request, as before) against the
per-process cache (hazards.layer_lookup: one row-version probe), on the REST features route and the OGC items route
for a small bbox, with the bare SQL of the same page as the anchor — all in one run, in process (Django's test
client: every middleware, no network), so the difference is the request path itself.

Run: .venv/bin/python bench/lookup.py  (needs the region loaded; BENCH_REQUESTS, BENCH_SLUG, BENCH_BBOX)"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._django import setup  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", 300))
SLUG = os.environ.get("BENCH_SLUG", "seismic-earthquakes-emca")
BBOX = os.environ.get("BENCH_BBOX", "76.8,43.1,77.1,43.4")  # Almaty
ROUNDS = 3


def p50_ms(fn) -> float:
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    setup()
    from _layers import bare_page
    from django.db import connection
    from django.test import Client

    import web.http
    from hazards import layer_lookup
    from hazards.models import Layer
    from hazards.selectors import layers_visible
    from serving.features import FeatureQuery

    layer = Layer.objects.get(slug=SLUG)
    bbox = tuple(float(v) for v in BBOX.split(","))
    sql, params = FeatureQuery(version_id=layer.published_version_id, bbox=bbox).select()
    page, params = bare_page(layer, bbox=bbox)

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(page, params)
            cursor.fetchone()

    client = Client(HTTP_HOST="127.0.0.1")
    routes = {"REST": f"/api/v1/layers/{SLUG}/features/?bbox={BBOX}",
              "OGC": f"/ogc/collections/{SLUG}/items?bbox={BBOX}"}

    def get(path):
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        b"".join(response.streaming_content) if response.streaming else response.content

    cached = web.http.layer_visible_get

    def uncached(user, slug):
        return layers_visible(user).filter(slug=slug).first()

    results = {}
    for _ in range(ROUNDS):  # interleaved, so drift on a shared machine hits every case alike
        results.setdefault("bare", []).append(p50_ms(bare))
        for name, path in routes.items():
            web.http.layer_visible_get = uncached
            get(path)
            results.setdefault(f"{name} before", []).append(p50_ms(lambda p=path: get(p)))
            web.http.layer_visible_get = cached
            layer_lookup.cache_clear()
            get(path)
            results.setdefault(f"{name} after", []).append(p50_ms(lambda p=path: get(p)))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql}) x", params)
        count = cursor.fetchone()[0]
    print(f"{SLUG}, bbox {BBOX}: {count} features; p50 of {REQUESTS} requests, best of {ROUNDS} rounds")
    bare_ms = min(results["bare"])
    for name, values in results.items():
        best = min(values)
        print(f"{name:12} p50 {best:6.2f} ms   / bare {best / bare_ms:5.2f}   (rounds: "
              + ", ".join(f"{v:.2f}" for v in values) + ")")
    for name in routes:
        before, after = min(results[f"{name} before"]), min(results[f"{name} after"])
        print(f"{name}: after / before {after / before:.2f}, saved {before - after:.2f} ms per request")


if __name__ == "__main__":
    main()
