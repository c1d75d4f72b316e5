"""The base map's tiles (issue 25) against a plain ST_AsMVT over the same rows, in one run, tile by tile
interleaved, best of --rounds, over the tiles of the region (44–90° E, 33–57° N) at zooms 3–12:

  atlas             serving.basemap.BaseMapTiles().tile(z, x, y), in this process (the service of /tiles/basemap/)
  plain ST_AsMVT    the textbook statement over base_feature (ST_TileEnvelope, &&, ST_AsMVTGeom, ST_AsMVT) with the
                    same zoom condition (min_zoom <= z) and attributes, no simplification: the same rows

    .venv/bin/python bench/basemap.py [--tiles 120] [--rounds 3]

Aim: atlas within 1.2x the plain ST_AsMVT. Run on request; never in the test suite."""

import argparse
import math
import random
import statistics
import sys
import time

import _django

_django.setup()

from _http import load_average
from django.db import connection, transaction

from serving.basemap import BaseMapTiles
from serving.tiles import BUFFER, EXTENT

PLAIN = f"""
    WITH bounds AS (SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS merc,
                           ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => {BUFFER / EXTENT}), 4326) AS geo)
    SELECT ST_AsMVT(t, 'basemap', {EXTENT}, 'geom', 'id') FROM (
        SELECT b.id, ST_AsMVTGeom(ST_Transform(b.geom, 3857), bounds.merc, {EXTENT}, {BUFFER}, true) AS geom,
               b.kind, b.name_ru, b.name_en, b.name_kk, b.rank
        FROM base_feature b, bounds WHERE b.geom && bounds.geo AND b.min_zoom <= %(z)s) t"""


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)


def tiles(count: int) -> list[tuple[int, int, int]]:
    """`count` tiles at zooms 3–12 around random places of the region (seeded: the same list every run)."""
    rng = random.Random(25)
    return [(z, *tile_of(rng.uniform(50, 85), rng.uniform(36, 52), z))
            for z in (rng.randint(3, 12) for _ in range(count))]


def run(sql: str, params: dict) -> bytes:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        cursor.execute(sql, params)
        return bytes(cursor.fetchone()[0] or b"")


def best(fn, rounds: int) -> tuple[float, bytes]:
    times, result = [], b""
    for _ in range(rounds):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    source = BaseMapTiles()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM base_feature")
        rows = cursor.fetchone()[0]
    print(f"{rows:,} rows in base_feature; {load_average()}")
    times: dict[str, list[float]] = {"atlas": [], "plain ST_AsMVT": []}
    sizes: dict[str, int] = {"atlas": 0, "plain ST_AsMVT": 0}
    for z, x, y in tiles(args.tiles):
        sides = {"atlas": lambda: source.tile(z, x, y),  # noqa: B023 (called within the iteration)
                 "plain ST_AsMVT": lambda: run(PLAIN, {"z": z, "x": x, "y": y})}  # noqa: B023
        for side, fn in sides.items():
            elapsed, data = best(fn, args.rounds)
            times[side].append(elapsed)
            sizes[side] += len(data)
    plain = sum(times["plain ST_AsMVT"])
    print(f"{'side':<16}{'total s':>9}{'p50 ms':>9}{'max ms':>9}{'bytes':>11}{'/ plain':>9}")
    for side, values in times.items():
        print(f"{side:<16}{sum(values) / 1000:>9.3f}{statistics.median(values):>9.2f}{max(values):>9.1f}"
              f"{sizes[side]:>11,}{sum(values) / plain:>9.2f}")
    ratio = sum(times["atlas"]) / plain
    print(f"aim: atlas / plain ST_AsMVT {ratio:.2f} <= 1.2: {'met' if ratio <= 1.2 else 'NOT met'}")
    print(load_average())


if __name__ == "__main__":
    sys.exit(main())
