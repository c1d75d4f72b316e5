"""Writing layer versions: create, bulk-load features by COPY, finish, delete. Publishing is
hazards.services.layers.

Every function expects to run inside the caller's transaction (the ingest pipeline wraps a whole load in
one), so a failure anywhere leaves no version and no rows behind."""

from collections.abc import Iterable

from django.db import connection, transaction
from django.utils.translation import gettext

from hazards.classification import level_sql, year_sql
from hazards.errors import Conflict
from hazards.models import Layer, LayerVersion
from hazards.services.media import versions_media_delete

STAGE = "ingest_stage"
JSONB_VERSION = b"\x01"


def version_create(*, layer: Layer, user=None, **source) -> LayerVersion:
    """A new version numbered after the layer's last one. Locks the layer row until the transaction ends,
    so concurrent uploads of one layer get distinct numbers and load one after the other."""
    Layer.objects.select_for_update().filter(pk=layer.pk).first()
    last = layer.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = LayerVersion.objects.create(layer=layer, number=last + 1, created_by=user, **source)
    if layer.kind == Layer.Kind.VECTOR:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
            cursor.execute(
                f"CREATE TEMP TABLE {STAGE} (fid integer, geom geometry, properties jsonb) ON COMMIT DROP"
            )
    return version


def version_copy_rows(rows: Iterable[tuple[int, bytes, bytes]]) -> None:
    """COPY (binary) rows of (feature number, EWKB geometry with SRID 4326, JSON text) into the staging
    table of the version being loaded."""
    raw = connection.connection  # psycopg 3 connection under Django's wrapper
    sql = f"COPY {STAGE} (fid, geom, properties) FROM STDIN (FORMAT BINARY)"
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        # The server decodes each column with its own type's binary input; bytea dumpers pass bytes through.
        copy.set_types(["int4", "bytea", "bytea"])
        for fid, ewkb, json_text in rows:
            copy.write_row((fid, ewkb, JSONB_VERSION + json_text))


def version_finish(version: LayerVersion, **counts) -> LayerVersion:
    """Move the staged rows into the feature table in one INSERT…SELECT that also sets each feature's hazard
    level, year, the countries it touches and its transboundary flag; then record counts and extent."""
    layer = version.layer
    level, level_params = level_sql(layer.classification)
    year, year_params = year_sql(layer.time_field)
    with connection.cursor() as cursor:
        # Index the staged rows so the country pass runs from each country part into the features it may
        # touch (a few hundred index probes) instead of from each feature into the parts (one per feature).
        cursor.execute(f"CREATE INDEX ON {STAGE} USING gist (geom)")
        cursor.execute(f"ANALYZE {STAGE}")
        cursor.execute(
            f"""
            INSERT INTO hazards_feature
                (version_id, fid, geom, properties, hazard_level, year, countries, crosses_border, transboundary)
            SELECT %s, s.fid, s.geom, s.properties, {level}, {year},
                   coalesce(c.codes, '{{}}'), coalesce(cardinality(c.codes), 0) > 1,
                   coalesce(cardinality(c.codes), 0) > 1
            FROM {STAGE} s
            LEFT JOIN (
                SELECT t.fid, array_agg(DISTINCT co.iso3 ORDER BY co.iso3) AS codes
                FROM hazards_countrypart p
                JOIN {STAGE} t ON ST_Intersects(p.geom, t.geom)
                JOIN hazards_country co ON co.id = p.country_id
                GROUP BY t.fid
            ) c ON c.fid = s.fid
            """,
            [version.pk, *level_params, *year_params],
        )
        cursor.execute(
            """
            SELECT count(*), ST_XMin(ST_Extent(geom)), ST_YMin(ST_Extent(geom)),
                   ST_XMax(ST_Extent(geom)), ST_YMax(ST_Extent(geom)),
                   array_agg(DISTINCT ST_GeometryType(geom)),
                   count(*) FILTER (WHERE transboundary),
                   (SELECT coalesce(array_agg(DISTINCT c ORDER BY c), '{}')
                    FROM hazards_feature, unnest(countries) c WHERE version_id = %s)
            FROM hazards_feature WHERE version_id = %s
            """,
            [version.pk, version.pk],
        )
        row = cursor.fetchone()
        cursor.execute(f"DROP TABLE {STAGE}")
        cursor.execute("ANALYZE hazards_feature")
    version.feature_count = row[0]
    if row[0]:
        version.bbox = list(row[1:5])
        version.geometry_types = sorted(t.removeprefix("ST_") for t in row[5])
        version.transboundary_count, version.countries = row[6], row[7]
    version.status = LayerVersion.Status.READY
    for name, value in counts.items():
        setattr(version, name, value)
    version.save()
    return version


def version_finish_raster(version: LayerVersion, *, raster_path: str, raster_info: dict) -> LayerVersion:
    """Record a raster version's Cloud-Optimized GeoTIFF and its description; the version becomes ready."""
    version.raster_path = raster_path
    version.raster_info = raster_info
    version.bbox = raster_info["bounds_wgs84"]
    version.geometry_types = ["Raster"]
    version.status = LayerVersion.Status.READY
    version.save()
    return version


# Every table whose rows hang on a feature, then the features: one set-based DELETE each, children first.
FEATURE_ROWS_DELETE = [
    "DELETE FROM hazards_featureanalysis a USING hazards_feature f "
    "WHERE a.feature_id = f.id AND f.version_id = ANY(%s::bigint[])",
    "DELETE FROM hazards_feature WHERE version_id = ANY(%s::bigint[])",
]


def version_rows_delete(version_ids: list[int]) -> int:
    """Delete the features of these versions and every row that references them, one set-based DELETE per table
    (never Django's collector, which loads every row). Run inside the caller's transaction, before the version
    rows themselves are deleted. Returns how many features went."""
    deleted = 0
    with connection.cursor() as cursor:
        for sql in FEATURE_ROWS_DELETE:
            cursor.execute(sql, [list(version_ids)])
            deleted = cursor.rowcount
    return deleted


@transaction.atomic
def version_delete(*, version: LayerVersion) -> int:
    """Delete one version that is not published, with its features and what references them, in one
    transaction. The published version is never deleted (Conflict): roll back or publish another one first.
    Readers never saw an unpublished version, so the analysis is not queued. Returns how many features went."""
    layer = Layer.objects.select_for_update().get(pk=version.layer_id)  # no publish of it meanwhile
    if layer.published_version_id == version.pk:
        raise Conflict("published_version", gettext(
            "version %(number)s of %(layer)s is published and cannot be deleted; publish or roll back to another "
            "version first") % {"number": version.number, "layer": layer.slug})
    deleted = version_rows_delete([version.pk])
    versions_media_delete([version])  # its COG and download files, once this commits
    version.delete()  # the collector finds no features to load: Feature.version is cascaded by the database
    return deleted
