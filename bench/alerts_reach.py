"""Early-warning benchmark (issue 11), reach: `alerts.reach.reach_compute` of a 2,000-vertex polygon over the Fergana
valley against the very statements it sends, replayed on a bare psycopg connection in the same run.

    .venv/bin/python bench/alerts_reach.py [--runs 40]

Needs the region loaded (make run once). Writes nothing. Run on request; never part of the test suite.
bench/alerts_send.py and bench/alerts_feed.py measure the rest of issue 11."""

import argparse
import math
import statistics
import sys

import _django

_django.setup()

import psycopg
from _alerts import bare_connection, bare_run, captured, compare, header, load_average, timed
from django.contrib.gis.geos import MultiPolygon, Polygon

from alerts.reach import reach_compute
from hazards.models import HazardType


def fergana(vertices: int = 2000) -> MultiPolygon:
    """A star-shaped (so simple) ring of `vertices` vertices over the Fergana valley: about 70.6–73.2 E,
    40.3–41.2 N, with a wavy edge like a drawn outline."""
    ring = []
    for i in range(vertices):
        t = 2 * math.pi * i / vertices
        r = 1 + 0.06 * math.sin(7 * t) + 0.03 * math.sin(23 * t) + 0.01 * math.sin(131 * t)
        ring.append((71.9 + 1.3 * r * math.cos(t), 40.75 + 0.45 * r * math.sin(t)))
    ring.append(ring[0])
    return MultiPolygon(Polygon(ring), srid=4326)


def bench_reach(bare: psycopg.Connection, runs: int) -> None:
    area = fergana()
    km = HazardType.objects.get(code="flood").influence_km
    statements = captured(lambda: reach_compute(area, km))
    reach = reach_compute(area, km)
    print(f"reach of a {area.num_points}-point polygon over the Fergana valley, flood ({km:g} km): "
          f"{len(statements)} statements; touches {reach['countries']}, {len(reach['admin_areas'])} admin areas, "
          f"influence {reach['influence_countries']}, downstream {sorted(reach['downstream'])}, "
          f"exposed {sum(v['population'] for v in reach['exposed'].values()):,} people")
    header()
    compare("reach_compute vs its SQL on bare psycopg", lambda: reach_compute(area, km),
            lambda: bare_run(bare, statements), runs)
    for sql, params in statements:  # which statement costs what (bare)
        times = [timed(lambda s=sql, p=params: bare_run(bare, [(s, p)])) for _ in range(max(5, runs // 4))]
        first = " ".join(sql.split())[:90]
        print(f"    {statistics.median(times) * 1000:>8.1f} ms  {first}…")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    load_average("before")
    bench_reach(bare_connection(), args.runs)
    load_average("after")


if __name__ == "__main__":
    sys.exit(main())
