"""Writing layer versions: create, bulk-load features by COPY, finish, delete. Publishing is
hazards.services.layers.

Every function expects to run inside the caller's transaction (the ingest pipeline wraps a whole load in
one), so a failure anywhere leaves no version and no rows behind."""

import re
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db import OperationalError, connection, transaction
from django.utils.translation import gettext
from psycopg.errors import LockNotAvailable

from hazards.classification import level_sql, year_sql
from hazards.errors import Conflict
from hazards.models import Layer, LayerEvent, LayerVersion
from hazards.services.events import event_record
from hazards.services.media import versions_media_delete

STAGE = "ingest_stage"
JSONB_VERSION = b"\x01"


def version_create(*, layer: Layer, user: User | None = None, **source: Any) -> LayerVersion:
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
            # The version's own partition, not attached (so not visible through hazards_feature) until finished.
            cursor.execute("SELECT atlas_feature_partition(%s)", [version.pk])
    return version


def partition_of(version_id: int) -> str:
    """The table holding one version's features (migration 0019)."""
    return f"hazards_feature_v{int(version_id)}"


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


def version_finish(version: LayerVersion, **counts: int) -> LayerVersion:
    """Move the staged rows into the version's partition in one INSERT…SELECT that also sets each feature's hazard
    level, year, the countries it touches and its transboundary flag; record counts and extent; then attach the
    partition, which builds its keys and indexes once over the loaded rows (never row by row)."""
    layer = version.layer
    level, level_params = level_sql(layer.classification)
    year, year_params = year_sql(layer.time_field)
    partition = partition_of(version.pk)
    with connection.cursor() as cursor:
        # Index the staged rows so the country pass runs from each country part into the features it may
        # touch (a few hundred index probes) instead of from each feature into the parts (one per feature).
        cursor.execute(f"CREATE INDEX ON {STAGE} USING gist (geom)")
        cursor.execute(f"ANALYZE {STAGE}")
        cursor.execute(
            f"""
            INSERT INTO {partition}
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
            f"""
            SELECT count(*), ST_XMin(ST_Extent(geom)), ST_YMin(ST_Extent(geom)),
                   ST_XMax(ST_Extent(geom)), ST_YMax(ST_Extent(geom)),
                   array_agg(DISTINCT ST_GeometryType(geom)),
                   count(*) FILTER (WHERE transboundary),
                   (SELECT coalesce(array_agg(DISTINCT c ORDER BY c), '{{}}')
                    FROM {partition}, unnest(countries) c)
            FROM {partition}
            """
        )
        row = cursor.fetchone()
        cursor.execute(f"DROP TABLE {STAGE}")
        cursor.execute("SELECT atlas_feature_partition_attach(%s)", [version.pk])
        cursor.execute(f"ANALYZE {partition}")  # only the new rows: the other versions' statistics still hold
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


# Dropping a partition takes a brief exclusive lock on the partitioned tables; an open transaction that read them
# (a reader still streaming, an analysis) holds it up, and readers arriving meanwhile would queue behind the drop.
# So a drop waits at most this long; a version whose partitions could not be dropped keeps them, out of every
# reader's reach (no version row points at them any more), until they are dropped after the commit or by the periodic
# sweep, when nobody holds them.
DROP_LOCK_TIMEOUT = "500ms"
PARTITION_NAME = re.compile(r"^hazards_feature(?:analysis)?_v(\d+)$")


def version_partitions_drop(version_ids: list[int], *, sweep_later: bool = True) -> list[int]:
    """Drop the partitions of these versions — their features and analysis rows, none read, deleted or logged one by
    one, memory flat whatever the size — if they have any (raster versions and versions dropped already have none),
    each waiting at most DROP_LOCK_TIMEOUT for its lock. Called for every version row deleted (hazards.signals).
    Returns the versions whose partitions were in use and are left: once the version row is deleted no reader
    reaches them, and partitions_sweep drops them after the commit (unless not `sweep_later`: the sweep itself) or
    later."""
    if not version_ids:
        return []
    left = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        lock_timeout = cursor.fetchone()[0]
        for version_id in version_ids:
            try:
                with transaction.atomic():  # a savepoint: a timed-out drop is undone alone
                    cursor.execute("SELECT set_config('lock_timeout', %s, true)", [DROP_LOCK_TIMEOUT])
                    cursor.execute("SELECT atlas_version_partitions_drop(%s)", [version_id])
            except OperationalError as error:
                if not isinstance(error.__cause__, LockNotAvailable):
                    raise
                left.append(version_id)
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [lock_timeout])
    if left and sweep_later:
        transaction.on_commit(partitions_sweep)
    return left


def partitions_sweep() -> list[int]:
    """Drop the partitions whose version no longer exists (left by a deletion that met a reader), each in its own
    short transaction and only if its lock comes within DROP_LOCK_TIMEOUT; the others wait for the next sweep.
    Returns the versions swept."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent IN ('hazards_feature'::regclass, 'hazards_featureanalysis'::regclass)""")
        versions = {int(m.group(1)) for (name,) in cursor.fetchall() if (m := PARTITION_NAME.match(name))}
    gone = sorted(versions - set(LayerVersion.objects.filter(pk__in=versions).values_list("pk", flat=True)))
    swept = []
    for version_id in gone:
        with transaction.atomic():
            if not version_partitions_drop([version_id], sweep_later=False):
                swept.append(version_id)
    return swept


@transaction.atomic
def version_delete(*, version: LayerVersion, user: User | None = None) -> int:
    """Delete one version that is not published, with its features and what references them, in one
    transaction, and record it in the layer's history (who, which version, its file's checksum). The published
    version is never deleted (Conflict): roll back or publish another one first. Readers never saw an unpublished
    version, so the analysis is not queued. Returns how many features went."""
    layer = Layer.objects.select_for_update().get(pk=version.layer_id)  # no publish of it meanwhile
    if layer.published_version_id == version.pk:
        raise Conflict("published_version", gettext(
            "version %(number)s of %(layer)s is published and cannot be deleted; publish or roll back to another "
            "version first") % {"number": version.number, "layer": layer.slug})
    event_record(layer=layer, action=LayerEvent.Action.DELETED, user=user, version=version,
                 detail=f"version {version.number}")  # the version is forgotten with it; number and checksum stay
    versions_media_delete([version])  # its COG and download files, once this commits
    version.delete()  # its partitions are dropped first (hazards.signals); the collector loads no feature
    return version.feature_count
