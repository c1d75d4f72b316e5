"""Analysis benchmark (issue 23): the queued job after one layer changes, against the whole region from scratch.

    .venv/bin/python bench/analysis.py [--features 10000]

(a) the whole region recomputed from scratch (analysis_recompute(whole=True), what `manage.py analyse` runs);
(b) the job queued by publishing a new layer of N points (flood events spread over the five member countries, a
    GeoJSON file through the upload path: ingest_file, publish);
(c) the job after a second version of it, (d) after rolling back to the first, (e) after deleting the layer.
Each job is taken off the queue and run as the worker runs it (hazards.tasks.recompute_analysis with the queued
job's arguments), timed from outside. Prints each job's seconds against the aims (10 s after one publication,
30 s for the region) and its ratio to the whole run of the same session: the bare database time of "the same SQL"
is the whole run itself, since a job runs that SQL over part of the region. Leaves the region as it found it."""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import _django

_django.setup()

from django.db import connection

from hazards.analysis.service import analysis_recompute
from hazards.models import Country, Feature, HazardType, Layer
from hazards.services.layers import layer_delete, layer_rollback
from hazards.tasks import recompute_analysis
from ingest.pipeline import ingest_file

SLUG = "bench-analysis-floods"
AIM_JOB, AIM_WHOLE = 10.0, 30.0


def points_file(folder: Path, n: int, seed: float) -> Path:
    """N flood events at random places inside the member countries (PostGIS draws them; same seed, same points)."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT ST_X(d.geom), ST_Y(d.geom)
            FROM (SELECT ST_GeneratePoints(ST_Union(geom), %s, %s) AS g FROM hazards_country WHERE is_member) p,
                 LATERAL ST_Dump(p.g) d""", [n, int(seed * 1000)])
        points = cursor.fetchall()
    path = folder / f"floods-{n}-{seed}.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(x, 6), round(y, 6)]},
         "properties": {"name": f"flood {i}", "year": 1950 + i % 70, "deaths": i % 150}}
        for i, (x, y) in enumerate(points)]}))
    return path


def queued_job() -> float:
    """Run the queued analysis job as the worker would; its seconds."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs WHERE task_name = 'recompute_analysis' AND status = 'todo' "
                       "RETURNING args::text")
        rows = cursor.fetchall()
    started = time.perf_counter()
    result = recompute_analysis(**json.loads(rows[0][0])) if rows else "none queued"
    seconds = time.perf_counter() - started
    print(f"    job: {result}, {seconds:.1f} s", flush=True)
    return seconds


def report(name: str, seconds: float, whole: float, aim: float) -> None:
    verdict = "met" if seconds < aim else "NOT MET"
    print(f"{name:<44}{seconds:>7.1f} s  {seconds / whole:>5.2f} × whole run  aim < {aim:.0f} s: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--features", type=int, default=10_000)
    args = parser.parse_args()
    for left in Layer.objects.filter(slug=SLUG):  # an interrupted run's
        layer_delete(layer=left)
    queued_job()  # whatever an earlier change queued: the runs below start from a current analysis
    features = Feature.objects.filter(version_id__in=list(Layer.objects.filter(
        published_version__isnull=False, kind="vector").exclude(hazard_type__code="context").values_list(
        "published_version_id", flat=True))).count()
    started = time.perf_counter()
    timings = analysis_recompute(whole=True)
    whole = time.perf_counter() - started
    print(f"(a) whole region from scratch, {features} hazard features: "
          + ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in timings.items()))
    layer = Layer.objects.create(slug=SLUG, title_ru=SLUG, title_en=SLUG, label_field="name", time_field="year",
                                 hazard_type=HazardType.objects.get(code=HazardType.FLOOD),
                                 owner=Country.objects.get(iso3="KAZ"))
    jobs = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, seed in (("(b) publish a new layer", 0.25), ("(c) publish its second version", 0.5)):
            ingest_file(layer=layer, path=points_file(Path(folder), args.features, seed), publish=True)
            jobs[f"{name} ({args.features} points)"] = queued_job()
    layer_rollback(layer=Layer.objects.get(pk=layer.pk))
    jobs["(d) roll back to the first version"] = queued_job()
    layer_delete(layer=Layer.objects.get(pk=layer.pk))
    jobs["(e) delete the layer"] = queued_job()
    report("(a) whole region from scratch", whole, whole, AIM_WHOLE)
    for name, seconds in jobs.items():
        report(name, seconds, whole, AIM_JOB)


if __name__ == "__main__":
    sys.exit(main())
