"""bbox items (issue 12): 200 bounding boxes over one layer, limit 1000, one client, the atlas through gunicorn
(REST and OGC routes) against, in the same run and interleaved box by box, the bare SQL of the same page (in this
process, psycopg) and tipg 1.6 (its own venv, .state/bench/tipg-venv; a view of the same rows of hazards_feature).

    .venv/bin/python bench/bbox.py [--boxes 200] [--slug seismic-earthquakes-emca] [--warmup 20]

Aim: atlas p50 <= 1.5 x bare p50 + 5 ms, and <= 0.5 x tipg p50. Run on request; never in the test suite."""

import argparse
import json
import statistics
import sys
import time

import _django

_django.setup()

import _sidecar
from _http import Client, gunicorn, load_average
from _layers import EMCA, bare_page, boxes, feature_rows, tipg_dsn, tipg_view
from django.db import connection

from hazards.models import Layer


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boxes", type=int, default=200)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--slug", default=EMCA)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers and uvicorn workers (one client)")
    parser.add_argument("--port", type=int, default=8771)
    parser.add_argument("--tipg-port", type=int, default=8772)
    args = parser.parse_args()
    layer = Layer.objects.get(slug=args.slug)
    collection = tipg_view(layer)
    print(f"{_sidecar.versions()}; {feature_rows():,} rows in hazards_feature; {load_average()}")
    tipg = _sidecar.start(tipg_dsn(), args.tipg_port, args.workers)
    try:
        with gunicorn(args.port, args.workers):
            measure(args, layer, collection)
    finally:
        _sidecar.stop(tipg)
    print(load_average())


def measure(args, layer, collection) -> None:
    atlas, side = Client(args.port), Client(args.tipg_port)
    sides = {
        "atlas REST": lambda b: atlas.get(f"/api/v1/layers/{layer.slug}/features/?bbox={b}&limit={args.limit}"),
        "atlas OGC": lambda b: atlas.get(f"/ogc/collections/{layer.slug}/items?bbox={b}&limit={args.limit}"),
        "tipg": lambda b: side.get(f"/collections/{collection}/items?bbox={b}&limit={args.limit}&f=geojson"),
    }
    times = {name: [] for name in ["bare SQL", *sides]}
    counts, mismatches = [], 0
    all_boxes = boxes(layer, args.warmup + args.boxes)
    for i, box in enumerate(all_boxes):
        text = ",".join(str(v) for v in box)
        sql, params = bare_page(layer, bbox=box, limit=args.limit)

        def bare(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone()[0]

        elapsed, page = timed(bare)
        if i >= args.warmup:
            times["bare SQL"].append(elapsed)
        expected = min(len(json.loads(page)["features"]), args.limit)  # the page query reads limit + 1 rows
        for name, get in sides.items():
            elapsed, (status, body) = timed(lambda get=get, text=text: get(text))
            assert status == 200, (name, status, body[:300])
            if i >= args.warmup:
                times[name].append(elapsed)
                mismatches += len(json.loads(body)["features"]) != expected
        if i >= args.warmup:
            counts.append(expected)
    report(args, times, counts, mismatches)


def report(args, times, counts, mismatches) -> None:
    p50 = {name: statistics.median(values) for name, values in times.items()}
    print(f"{args.slug}: {len(counts)} boxes (0.1-2 deg), limit {args.limit}, {statistics.mean(counts):.0f} features "
          f"per box on average (max {max(counts)}); {mismatches} responses with another feature count than bare SQL")
    print(f"{'side':<12}{'p50 ms':>9}{'p90 ms':>9}{'mean ms':>9}{'/ bare':>8}{'/ tipg':>8}")
    for name, values in times.items():
        p90 = statistics.quantiles(values, n=10)[8]
        print(f"{name:<12}{p50[name]:>9.2f}{p90:>9.2f}{statistics.mean(values):>9.2f}"
              f"{p50[name] / p50['bare SQL']:>8.2f}{p50[name] / p50['tipg']:>8.2f}")
    bound = 1.5 * p50["bare SQL"] + 5
    for name in ("atlas REST", "atlas OGC"):
        print(f"aim {name}: p50 {p50[name]:.2f} ms <= 1.5 x bare + 5 = {bound:.2f} ms: "
              f"{'met' if p50[name] <= bound else 'NOT met'}; <= tipg / 2 = {p50['tipg'] / 2:.2f} ms: "
              f"{'met' if p50[name] <= p50['tipg'] / 2 else 'NOT met'}")


if __name__ == "__main__":
    sys.exit(main())
