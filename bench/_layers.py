"""The layers the serving benchmarks read, made through the atlas's own services (ingest_file), whatever the
physical layout of the feature table; and their anchors: a one-layer table of the same rows (CREATE TABLE … AS
SELECT … WHERE version_id = …, with its own GiST index) and a view of them for tipg. Import after
_django.setup()."""

import random

import morecantile
from _data import points, synthetic
from _sidecar import SCHEMA
from django.db import connection

from hazards.models import HazardType, Layer
from ingest.pipeline import ingest_file

SYNTHETIC = "bench-synthetic-200k"  # 200,000 polygons (bench/serve.py has made it under this slug since 2026-11)
POINTS = "bench-points-1m"  # the 1M-point extra layer: makes the whole feature table large
EMCA = "seismic-earthquakes-emca"
RASTER = "seismic-event-density-emca"
WEB_MERCATOR = morecantile.tms.get("WebMercatorQuad")


def published(slug: str, title: str, make_file) -> Layer:
    """The published layer `slug`, ingested from make_file() through ingest_file the first time (kept after)."""
    layer = Layer.objects.filter(slug=slug, published_version__isnull=False).first()
    if layer:
        return layer
    layer, _ = Layer.objects.get_or_create(slug=slug, defaults={
        "title_ru": title, "title_en": title, "hazard_type": HazardType.objects.get(code="flood")})
    ingest_file(layer=layer, path=make_file(), publish=True)
    return Layer.objects.get(slug=slug)


def synthetic_layer() -> Layer:
    return published(SYNTHETIC, "Синтетический слой", lambda: synthetic(200_000)[0])


def points_layer(n: int = 1_000_000) -> Layer:
    return published(POINTS if n == 1_000_000 else f"bench-points-{n}", "Синтетические точки", lambda: points(n))


def feature_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM hazards_feature")
        return cursor.fetchone()[0]


def one_layer_table(layer: Layer) -> str:
    """A plain table of the published version's rows (every column of hazards_feature), GiST-indexed on geom and
    analysed; kept for later runs (named by version, so a new version gets a new table)."""
    name = f"bench_one_v{layer.published_version_id}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        if not cursor.fetchone()[0]:
            cursor.execute(f"CREATE TABLE {name} AS SELECT * FROM hazards_feature WHERE version_id = %s::bigint",
                           [layer.published_version_id])
            cursor.execute(f"CREATE INDEX {name}_geom ON {name} USING gist (geom)")
            cursor.execute(f"CREATE INDEX {name}_fid ON {name} (fid)")
            cursor.execute(f"ANALYZE {name}")
    return name


def tipg_view(layer: Layer) -> str:
    """A view of the published version's rows in schema SCHEMA for tipg (id, the atlas's derived columns, the
    source attributes as one jsonb, geom): tipg reads the same rows through the same table as the atlas.
    Its collection id."""
    name = layer.slug.replace("-", "_")
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
        cursor.execute(f"""CREATE OR REPLACE VIEW {SCHEMA}.{name} AS
            SELECT f.fid AS id, f.hazard_level, f.year, f.transboundary, f.countries, f.properties, f.geom
            FROM hazards_feature f WHERE f.version_id = {int(layer.published_version_id)}::bigint""")
    return f"{SCHEMA}.{name}"


def tile_list(layer: Layer, count: int, zooms=range(3, 13), seed=7) -> list[tuple[int, int, int]]:
    """`count` tiles over the layer's extent, spread over `zooms`, from a fixed seed."""
    rng = random.Random(seed)
    west, south, east, north = layer.published_version.bbox
    zooms = list(zooms)
    tiles = []
    for i in range(count):
        tile = WEB_MERCATOR.tile(rng.uniform(west, east), rng.uniform(south, north), zooms[i % len(zooms)])
        tiles.append((zooms[i % len(zooms)], tile.x, tile.y))
    return tiles


def boxes(layer: Layer, count: int, seed=11) -> list[tuple[float, float, float, float]]:
    """`count` bounding boxes inside the layer's extent, 0.1° to 2° wide (a city to a province), fixed seed."""
    rng = random.Random(seed)
    west, south, east, north = layer.published_version.bbox
    result = []
    for _ in range(count):
        size = rng.uniform(0.1, 2.0)
        x, y = rng.uniform(west, east - size), rng.uniform(south, north - size)
        result.append((round(x, 4), round(y, 4), round(x + size, 4), round(y + size, 4)))
    return result


def tipg_dsn() -> str:
    """The Django database as a postgresql:// URL for asyncpg (a socket folder percent-encoded as the host: tipg's
    pydantic URL refuses an empty host, and asyncpg ignores ?host= when the URL has one)."""
    from urllib.parse import quote

    s = connection.settings_dict
    auth = s.get("USER") or ""
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    host = s.get("HOST") or "localhost"
    if host.startswith("/"):
        return f"postgresql://{auth}@{quote(host, safe='')}/{s['NAME']}"
    return f"postgresql://{auth}@{host}:{s.get('PORT') or 5432}/{s['NAME']}"


def bare_page(layer: Layer, **filters) -> tuple[str, list]:
    """The bare SQL of one GeoJSON page of the atlas (serving.features.FeatureQuery's own statement, the page
    assembled by string_agg in PostgreSQL) and its parameters: the anchor of the feature routes."""
    from serving.features import FeatureQuery

    sql, params = FeatureQuery(version_id=layer.published_version_id, **filters).select()
    return (f"SELECT '{{\"type\":\"FeatureCollection\",\"features\":[' || coalesce(string_agg(t, ','), '') || ']}}' "
            f"FROM ({sql}) AS x(fid, t)"), params
