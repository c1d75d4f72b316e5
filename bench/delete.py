"""Deleting a big layer version: Django's cascade collector (the path before migration 0016) against the atlas's
path (hazards.services.versions.version_delete: the version's partitions dropped, migration 0019) and the bare
`DELETE FROM hazards_feature WHERE version_id = …` (the anchor), measured in the same run.

Each case gets its own scratch version of POINTS points, made by COPY into its own partition (and, with
BENCH_ANALYSIS=1, an analysis row per feature, as a published-then-replaced version has), and runs in a fresh child
process so its peak RSS (resource.getrusage) is its own. Prints seconds (commit included), peak RSS and the growth
of RSS during the delete, and the ratios against the anchor. Run: .venv/bin/python bench/delete.py"""

import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._django import setup  # noqa: E402

POINTS = int(os.environ.get("BENCH_POINTS", 500_000))
ANALYSIS = os.environ.get("BENCH_ANALYSIS", "") == "1"
SLUG = "bench-delete"
CASES = ["anchor", "service", "orm"]


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scratch_version() -> int:
    """A ready (unpublished) version of the scratch layer with POINTS points, loaded by COPY."""
    from django.db import connection, transaction

    from hazards.models import HazardType, Layer, LayerVersion
    from hazards.services.versions import partition_of

    layer, _ = Layer.objects.get_or_create(slug=SLUG, defaults={
        "title_ru": "Удаление", "title_en": "Deletion bench", "hazard_type": HazardType.objects.get(code="flood")})
    with transaction.atomic():
        number = (layer.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = LayerVersion.objects.create(layer=layer, number=number, status=LayerVersion.Status.READY)
        rng = random.Random(number)
        raw = connection.connection
        with connection.cursor() as cursor:
            cursor.execute("SELECT atlas_feature_partition(%s)", [version.pk])
        sql = (f"COPY {partition_of(version.pk)} (version_id, fid, geom, properties, countries, crosses_border, "
               "transboundary) FROM STDIN")
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for fid in range(1, POINTS + 1):
                x, y = rng.uniform(50, 85), rng.uniform(37, 55)
                copy.write(f'{version.pk}\t{fid}\tSRID=4326;POINT({x:.6f} {y:.6f})\t{{"n": {fid}}}\t{{KAZ}}\tf\tf\n')
        with connection.cursor() as cursor:
            cursor.execute("SELECT atlas_feature_partition_attach(%s)", [version.pk])
            if ANALYSIS:
                cursor.execute("INSERT INTO hazards_featureanalysis (feature_id, version_id, border_distance_km, "
                               "influence_countries, river, downstream_path) "
                               "SELECT id, version_id, 1, '{}', '', '{}' FROM hazards_feature WHERE version_id = %s",
                               [version.pk])
        LayerVersion.objects.filter(pk=version.pk).update(feature_count=POINTS)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {partition_of(version.pk)}")
    return version.pk


def delete_in_child(case: str, version_id: int) -> dict:
    """Run one case in a fresh interpreter (its own peak RSS); returns what it measured."""
    out = subprocess.run([sys.executable, __file__, "--one", case, str(version_id)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def one(case: str, version_id: int) -> None:
    """The child: delete `version_id` the `case` way, print seconds and RSS as JSON."""
    from django.db import connection, models, transaction

    from hazards.models import Feature, LayerVersion
    from hazards.services.versions import version_delete

    version = LayerVersion.objects.get(pk=version_id)
    connection.ensure_connection()
    base = rss_mib()
    started = time.perf_counter()
    if case == "anchor":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM hazards_feature WHERE version_id = %s::bigint", [version_id])
    elif case == "service":
        version_delete(version=version)
    else:  # Django's collector, as before migration 0016: a Python-level cascade from version to features
        Feature._meta.get_field("version").remote_field.on_delete = models.CASCADE
        with transaction.atomic():
            LayerVersion.objects.filter(pk=version_id).delete()
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mib": rss_mib(), "growth_mib": rss_mib() - base}))


def main() -> None:
    setup()
    if sys.argv[1:2] == ["--one"]:
        one(sys.argv[2], int(sys.argv[3]))
        return
    from hazards.models import Layer
    from hazards.services.layers import layer_delete

    print(f"{POINTS:,} points per version{', with an analysis row each' if ANALYSIS else ''}")
    results = {}
    try:
        for case in CASES:
            started = time.perf_counter()
            version_id = scratch_version()
            print(f"  made version {version_id} by COPY in {time.perf_counter() - started:.1f} s", flush=True)
            results[case] = delete_in_child(case, version_id)
            r = results[case]
            print(f"{case:8} {r['seconds']:7.2f} s  peak RSS {r['peak_mib']:6.0f} MiB  "
                  f"growth {r['growth_mib']:6.0f} MiB", flush=True)
    finally:
        for layer in Layer.objects.filter(slug=SLUG):
            layer_delete(layer=layer)
    anchor = results["anchor"]["seconds"]
    for case in ("service", "orm"):
        print(f"{case} / anchor: {results[case]['seconds'] / anchor:.2f}x time")


if __name__ == "__main__":
    main()
