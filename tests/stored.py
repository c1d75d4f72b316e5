"""Versions of points written straight in SQL, the way the pipeline stores them (into the version's own partition,
attached once loaded: migration 0019), for tests that need many rows fast or rows of a known shape."""

from django.db import connection

from hazards.models import Layer, LayerVersion
from hazards.services.versions import partition_of


def points_version(layer: Layer, number: int, count: int, *, x: float, y: float, step: float,
                   analysis: bool = False, name: str | None = None) -> LayerVersion:
    """A ready version of `count` points along a parallel from (x + step, y), in Kazakhstan's attributes, with an
    analysis row for each when `analysis`; with `name`, each point's `name` attribute is "<name> <n>" and its
    `name_kk` attribute "<name> <n> kk"."""
    version = LayerVersion.objects.create(layer=layer, number=number, status=LayerVersion.Status.READY,
                                          feature_count=count)
    with connection.cursor() as cursor:
        cursor.execute("SELECT atlas_feature_partition(%s)", [version.pk])
        cursor.execute(
            f"INSERT INTO {partition_of(version.pk)} (version_id, fid, geom, properties, countries, crosses_border,"
            " transboundary) SELECT %s, n, ST_SetSRID(ST_MakePoint(%s + n * %s, %s), 4326),"
            " jsonb_build_object('n', n) || CASE WHEN %s::text IS NULL THEN '{}'::jsonb ELSE"
            " jsonb_build_object('name', %s || ' ' || n, 'name_kk', %s || ' ' || n || ' kk') END,"
            " '{KAZ}', false, false FROM generate_series(1, %s) n",
            [version.pk, x, step, y, name, name, name, count])
        cursor.execute("SELECT atlas_feature_partition_attach(%s)", [version.pk])
        if analysis:
            cursor.execute(
                "INSERT INTO hazards_featureanalysis (feature_id, version_id, border_distance_km, influence_countries,"
                " river, downstream_path) SELECT id, version_id, 1.5, '{KGZ}', '', '{}' FROM hazards_feature"
                " WHERE version_id = %s", [version.pk])
    return version
