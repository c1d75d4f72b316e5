"""Vector tiles on a large feature table (issue 12): EMCA point tiles and synthetic polygon tiles with the region,
the 200,000-polygon layer and a 1M-point extra layer loaded (so hazards_feature is large), against anchors over a
one-layer table of the same rows (CREATE TABLE … AS SELECT … FROM hazards_feature WHERE version_id = …, GiST on
geom), all in one run, tile by tile interleaved, best of --rounds:

  atlas             serving.tiles.LayerTiles(layer).tile(z, x, y), in this process (the service of /tiles/)
  atlas HTTP        GET /tiles/{slug}/{z}/{x}/{y}.pbf through gunicorn (with --http)
  same SQL, alone   the atlas's own statement with hazards_feature replaced by the one-layer table and the version
                    condition dropped: the same features (checked), the cost of sharing the table isolated
  plain ST_AsMVT    the textbook statement over the one-layer table (ST_TileEnvelope, &&, ST_AsMVTGeom, ST_AsMVT;
                    no clustering, simplification or sub-pixel filtering: not the same tiles)

    .venv/bin/python bench/tiles.py [--tiles 150] [--points 1000000] [--rounds 2] [--http]

Aim: atlas within 1.2x the plain ST_AsMVT of the same rows. The layers are made through ingest_file once and kept.
Run on request; never in the test suite."""

import argparse
import re
import statistics
import sys
import time

import _django

_django.setup()

from _http import Client, gunicorn, load_average
from _layers import EMCA, feature_rows, one_layer_table, points_layer, synthetic_layer, tile_list
from django.db import connection, transaction

from hazards.models import Layer
from serving.tiles import BUFFER, CLUSTER_MAX_ZOOM, EXTENT, LayerTiles

PLAIN = """
    WITH bounds AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS merc,
                           ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => {margin}), 4326) AS geo)
    SELECT ST_AsMVT(t, %(name)s, {extent}, 'geom', 'id') FROM (
        SELECT f.fid AS id, ST_AsMVTGeom(ST_Transform(f.geom, 3857), bounds.merc, {extent}, {buffer}, true) AS geom,
               f.hazard_level, f.year, f.transboundary
        FROM {table} f, bounds WHERE f.geom && bounds.geo) t"""


def retarget(sql: str, table: str) -> str | None:
    """The atlas's tile statement read from `table` instead of the feature table, without the version condition;
    None when the statement no longer has that shape (then only the plain anchor is measured)."""
    sql, tables = re.subn(r"\bhazards_feature\w*\s+f\b", f"{table} f", sql)
    sql, versions = re.subn(r"f\.version_id\s*=\s*%\(version\)s(::bigint)?\s+AND\s+", "", sql)
    return sql if tables and versions else None


def run(sql: str, params: dict) -> bytes:
    """One tile statement as the service runs it (its transaction, no parallel workers)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute(sql, params)
        return bytes(cursor.fetchone()[0] or b"")


def same_features(a: bytes, b: bytes) -> bool:
    """Whether two tiles hold the same features (id, geometry, attributes), whatever their order in the tile."""
    import mapbox_vector_tile

    def features(tile):
        return sorted(repr(sorted(f.items())) for layer in mapbox_vector_tile.decode(tile).values()
                      for f in layer["features"])

    return a == b or features(a) == features(b)


def best(fn, rounds: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times) * 1000, result


def measure_layer(layer: Layer, args, client: Client | None) -> dict:
    table = one_layer_table(layer)
    source = LayerTiles(layer)
    plain = PLAIN.format(margin=BUFFER / EXTENT, extent=EXTENT, buffer=BUFFER, table=table)
    times = {"atlas": [], "atlas HTTP": [], "same SQL, alone": [], "plain ST_AsMVT": []}
    identical, comparable, zooms = 0, 0, []
    for z, x, y in tile_list(layer, args.tiles):
        zooms.append(z)
        sql, params = source.query(z, x, y)
        sides = {"atlas": lambda: source.tile(z, x, y),  # noqa: B023 (called within the iteration)
                 "plain ST_AsMVT": lambda: run(plain, {"z": z, "x": x, "y": y, "name": layer.slug})}  # noqa: B023
        if client:
            sides["atlas HTTP"] = lambda: client.get(f"/tiles/{layer.slug}/{z}/{x}/{y}.pbf")  # noqa: B023
        alone = retarget(sql, table)
        if alone:
            sides["same SQL, alone"] = lambda: run(alone, params)  # noqa: B023
        results = {}
        for side, fn in sides.items():
            elapsed, results[side] = best(fn, args.rounds)
            times[side].append(elapsed)
        if alone:
            comparable += 1
            identical += same_features(results["same SQL, alone"], results["atlas"])
    return {"times": {k: v for k, v in times.items() if v}, "identical": identical, "comparable": comparable,
            "rows": layer.published_version.feature_count, "zooms": zooms}


def report(name: str, result: dict) -> None:
    times = result["times"]
    plain, alone = sum(times["plain ST_AsMVT"]), sum(times.get("same SQL, alone", [0]))
    print(f"\n{name}: {result['rows']:,} features, {len(times['atlas'])} tiles; same features as the atlas from "
          f"the same SQL alone: {result['identical']} of {result['comparable']}")
    print(f"{'side':<18}{'total s':>9}{'p50 ms':>9}{'max ms':>9}{'/ plain':>9}{'/ alone':>9}")
    for side, values in times.items():
        total = sum(values)
        print(f"{side:<18}{total / 1000:>9.2f}{statistics.median(values):>9.2f}{max(values):>9.1f}"
              f"{total / plain:>9.2f}" + (f"{total / alone:>9.2f}" if alone else f"{'-':>9}"))
    low = [i for i, z in enumerate(result["zooms"]) if z < CLUSTER_MAX_ZOOM]
    if low:  # points are clustered below CLUSTER_MAX_ZOOM: the two bands cost differently
        for name, band in (("below", low), ("from", [i for i in range(len(result["zooms"])) if i not in low])):
            print(f"  z {name} {CLUSTER_MAX_ZOOM}: " + ", ".join(
                f"{side} {sum(values[i] for i in band) / 1000:.2f} s" for side, values in times.items()))
    ratio = sum(times["atlas"]) / plain
    print(f"aim: atlas / plain ST_AsMVT {ratio:.2f} <= 1.2: {'met' if ratio <= 1.2 else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", type=int, default=150, help="tiles per layer, z3-z12")
    parser.add_argument("--points", type=int, default=1_000_000, help="the extra point layer (0: none)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--http", action="store_true", help="also through gunicorn")
    parser.add_argument("--port", type=int, default=8773)
    args = parser.parse_args()
    if args.points:
        extra = points_layer(args.points)
        print(f"extra layer {extra.slug}: {extra.published_version.feature_count:,} points")
    layers = {"EMCA points": Layer.objects.get(slug=EMCA), "synthetic polygons": synthetic_layer()}
    print(f"{feature_rows():,} rows in hazards_feature; {load_average()}")
    if args.http:
        with gunicorn(args.port, 2):
            client = Client(args.port)
            results = {name: measure_layer(layer, args, client) for name, layer in layers.items()}
    else:
        results = {name: measure_layer(layer, args, None) for name, layer in layers.items()}
    for name, result in results.items():
        report(name, result)
    print(load_average())


if __name__ == "__main__":
    sys.exit(main())
