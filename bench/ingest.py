"""Ingest benchmark: the atlas pipeline against `ogr2ogr -f PostgreSQL` (COPY) on the same files.

    .venv/bin/python bench/ingest.py [--features 500000] [--keep] [--in-process]

Generates a GeoPackage and a Shapefile of N polygons over Central Asia (cached in .state/bench), loads each
with ogr2ogr into a scratch table and through the full pipeline into a scratch layer, and prints the times,
the ratios, the peak memory of this process (which also generated the files) and of the confined child that read
each file (bench/_peak). With --in-process, each file is also loaded with the reader run in this process, as it
was before ingest.confined (same pipeline otherwise; for comparison only): the cost of the confinement, same run.
Run on request; never part of the test suite.

Django is set up in main(), not at import: multiprocessing's fork server imports the main script (as __mp_main__)
in every reading child, which would otherwise set up Django there too — time and memory a worker's child has not."""

import argparse
import resource
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import _django
import _peak
from _data import synthetic


def ogr2ogr(path) -> float:
    from django.db import connection

    started = time.perf_counter()
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", f"PG:{_django.pg_dsn()}", str(path), "-nln", "bench_ogr_scratch",
                    "-overwrite", "-lco", "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=GIST", "-nlt", "GEOMETRY",
                    "--config", "PG_USE_COPY", "YES"], check=True)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_ogr_scratch")
    return elapsed


@contextmanager
def read_in_process(path: Path, *, shown_format: str, options: dict, size: int):
    """ingest.confined.vector_read's stand-in: the reader in this process, as before the confinement."""
    from ingest.formats import reader_class_for

    reader = reader_class_for(path)(path, **options)
    try:
        info = reader.info()
        yield SimpleNamespace(info=info, batches=lambda: reader.batches(size))
    finally:
        reader.close()


def pipeline(path) -> tuple[float, dict]:
    from hazards.models import HazardType, Layer
    from ingest.pipeline import ingest_file

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
    _django.setup()
    import ingest.vector
    from hazards.models import Layer

    _peak.install()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=500_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch layer afterwards")
    parser.add_argument("--in-process", action="store_true", help="also load with the reader in this process")
    parser.add_argument("--in-process-first", action="store_true",
                        help="with --in-process, load in-process before confined (to see the order's effect)")
    args = parser.parse_args()
    gpkg, shp = synthetic(args.features)
    print(f"{args.features} polygons; PostGIS via {_django.pg_dsn()}")
    print(f"{'file':<12}{'ogr2ogr s':>10}{'load s':>9}{'whole s':>9}{'load/ogr':>10}{'whole/ogr':>11}  stages")
    confined = ingest.vector.vector_read
    try:
        for path in (gpkg, shp):
            baseline = ogr2ogr(path)
            ways = [(path.suffix, confined)]
            if args.in_process:
                ways.insert(0 if args.in_process_first else 1, (f"{path.suffix} in-proc", read_in_process))
            for label, read in ways:
                ingest.vector.vector_read = read
                whole, stages = pipeline(path)
                load = stages["read"] + stages["prepare"] + stages["copy"]
                detail = " ".join(f"{k}={v:.1f}" for k, v in stages.items())
                print(f"{label:<12}{baseline:>10.1f}{load:>9.1f}{whole:>9.1f}{load / baseline:>10.2f}"
                      f"{whole / baseline:>11.2f}  {detail}", flush=True)
    finally:
        ingest.vector.vector_read = confined
        if not args.keep:
            Layer.objects.filter(slug="bench-ingest").delete()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the pipeline process: {peak:.0f} MiB; of the reading child, per file: "
          + ", ".join(f"{kib / 1024:.0f} MiB" for kib in _peak.reader_peaks_kib))


if __name__ == "__main__":
    sys.exit(main())
