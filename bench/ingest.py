"""Ingest benchmark: the atlas pipeline against `ogr2ogr -f PostgreSQL` (COPY) on the same files.

    .venv/bin/python bench/ingest.py [--features 500000] [--keep]

Generates a GeoPackage and a Shapefile of N polygons over Central Asia (cached in .state/bench), loads each
with ogr2ogr into a scratch table and through the full pipeline into a scratch layer, and prints the times,
the ratios, and the peak memory of this process. Run on request; never part of the test suite."""

import argparse
import resource
import subprocess
import sys
import time

import _django

_django.setup()

from _data import synthetic
from django.db import connection

from hazards.models import HazardType, Layer
from ingest.pipeline import ingest_file


def ogr2ogr(path) -> float:
    started = time.perf_counter()
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", f"PG:{_django.pg_dsn()}", str(path), "-nln", "bench_ogr_scratch",
                    "-overwrite", "-lco", "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=GIST", "-nlt", "GEOMETRY",
                    "--config", "PG_USE_COPY", "YES"], check=True)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_ogr_scratch")
    return elapsed


def pipeline(path) -> tuple[float, dict]:
    layer, _ = Layer.objects.get_or_create(slug="bench-ingest", defaults={
        "title_ru": "Бенчмарк", "title_en": "Benchmark", "hazard_type": HazardType.objects.get(code="flood"),
        "classification": {"field": "depth_m", "ranges": [[5, "high"], [2, "medium"], [1, "low"], [None, "very_low"]]},
        "time_field": "year"})
    timings: dict = {}
    started = time.perf_counter()
    version = ingest_file(layer=layer, path=path, timings=timings)
    elapsed = time.perf_counter() - started
    assert version.feature_count > 0
    return elapsed, timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=500_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch layer afterwards")
    args = parser.parse_args()
    gpkg, shp = synthetic(args.features)
    print(f"{args.features} polygons; PostGIS via {_django.pg_dsn()}")
    print(f"{'file':<12}{'ogr2ogr s':>10}{'load s':>9}{'whole s':>9}{'load/ogr':>10}{'whole/ogr':>11}  stages")
    try:
        for path in (gpkg, shp):
            baseline = ogr2ogr(path)
            whole, stages = pipeline(path)
            load = stages["read"] + stages["prepare"] + stages["copy"]
            detail = " ".join(f"{k}={v:.1f}" for k, v in stages.items())
            print(f"{path.suffix:<12}{baseline:>10.1f}{load:>9.1f}{whole:>9.1f}{load / baseline:>10.2f}"
                  f"{whole / baseline:>11.2f}  {detail}")
    finally:
        if not args.keep:
            Layer.objects.filter(slug="bench-ingest").delete()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the pipeline process: {peak:.0f} MiB")


if __name__ == "__main__":
    sys.exit(main())
