"""Mapbox Vector Tiles made by PostGIS: one query per tile (ST_TileEnvelope, &&, ST_AsMVTGeom, ST_AsMVT).

A tile source is a small class: the SQL of its rows and the attributes it carries. Layers, countries and
admin areas are the three sources."""

from django.db import connection, transaction

EXTENT, BUFFER = 4096, 64
MAX_ZOOM = 16
WEB_MERCATOR_WIDTH = 40075016.68557849
LABEL_MIN_ZOOM = 7


def pixel_size(z: int) -> float:
    """Metres per tile pixel (of the 4096 grid) at zoom z."""
    return WEB_MERCATOR_WIDTH / (2**z) / EXTENT


def screen_pixel_degrees(z: int) -> float:
    """Degrees of longitude covered by one screen pixel of a 256-pixel tile at zoom z."""
    return 360.0 / (2**z) / 256


def mvt_geom(geom: str) -> str:
    """Reproject, simplify lines and polygons to a quarter pixel, and clip to the tile (with a buffer)."""
    merc = f"ST_Transform({geom}, 3857)"
    simplified = f"CASE WHEN ST_Dimension({geom}) > 0 THEN ST_Simplify({merc}, %(tolerance)s, true) ELSE {merc} END"
    return f"ST_AsMVTGeom({simplified}, bounds.merc, {EXTENT}, {BUFFER}, true)"


class TileSource:
    """One source of tiles. `rows_sql` selects the rows of a tile, with an `id`, a `geom` made by
    `mvt_geom` and the attributes in `fields`; it may use %(z)s, %(tolerance)s, the CTE `bounds` (merc:
    the tile in EPSG:3857, geo: the tile plus buffer in EPSG:4326) and the parameters from `params`."""

    name = ""
    description = ""
    fields: dict[str, str] = {}
    min_zoom = 0
    max_zoom = MAX_ZOOM

    def rows_sql(self, z: int) -> str:
        raise NotImplementedError

    def params(self, z: int) -> dict:
        return {}

    def vector_layers(self) -> list[dict]:
        """This source's entry of TileJSON's `vector_layers`: its layer name, fields and zoom range."""
        return [{"id": self.name, "description": self.description, "fields": self.fields,
                 "minzoom": self.min_zoom, "maxzoom": self.max_zoom}]

    def query(self, z: int, x: int, y: int) -> tuple[str, dict]:
        """The one SQL statement of tile z/x/y and its parameters."""
        sql = f"""
            WITH bounds AS (
                SELECT ST_TileEnvelope(%(z)s, %(x)s, %(y)s) AS merc,
                       ST_Transform(ST_TileEnvelope(%(z)s, %(x)s, %(y)s, margin => {BUFFER / EXTENT}), 4326) AS geo
            )
            SELECT ST_AsMVT(t, %(name)s, {EXTENT}, 'geom', 'id') FROM ({self.rows_sql(z)}) t WHERE t.geom IS NOT NULL
        """
        params = {"z": z, "x": x, "y": y, "name": self.name, "tolerance": pixel_size(z) / 4, **self.params(z)}
        return sql, params

    def tile(self, z: int, x: int, y: int) -> bytes:
        """The MVT bytes of tile z/x/y (empty when no feature falls in it)."""
        sql, params = self.query(z, x, y)
        with transaction.atomic(), connection.cursor() as cursor:
            # On a 2-core machine the planner may prefer a parallel sequential scan to the GiST index.
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            cursor.execute(sql, params)
            return bytes(cursor.fetchone()[0] or b"")


class LayerTiles(TileSource):
    fields = {"hazard_level": "Number", "year": "Number", "transboundary": "Boolean", "countries": "String",
              "label": "String", "dim": "Number"}

    def __init__(self, layer):
        self.name = layer.slug
        self.description = layer.title
        self.version_id = layer.published_version_id
        self.label_field = layer.label_field

    def rows_sql(self, z):
        label = "f.properties ->> %(label_field)s" if self.label_field else "NULL::text"
        return f"""
            SELECT f.fid AS id, {mvt_geom("f.geom")} AS geom, f.hazard_level, f.year, f.transboundary,
                   ST_Dimension(f.geom) AS dim,
                   array_to_string(f.countries, ',') AS countries,
                   CASE WHEN %(z)s >= {LABEL_MIN_ZOOM} THEN {label} END AS label
            FROM hazards_feature f, bounds
            WHERE f.version_id = %(version)s::bigint AND f.geom && bounds.geo
              AND (ST_Dimension(f.geom) = 0
                   OR ST_XMax(f.geom) - ST_XMin(f.geom) + ST_YMax(f.geom) - ST_YMin(f.geom) >= %(min_size)s)
        """

    def params(self, z):
        # Lines and polygons smaller than a screen pixel are left out (their bounding box is read, not
        # their shape): at low zoom a dense layer would otherwise cost seconds per tile for invisible dots.
        return {"version": self.version_id, "min_size": screen_pixel_degrees(z), "label_field": self.label_field}


class CountryTiles(TileSource):
    name = "countries"
    description = "countries"
    fields = {"iso3": "String", "name_ru": "String", "name_en": "String", "name_kk": "String", "is_member": "Boolean"}

    def rows_sql(self, z):
        return f"""
            SELECT a.id, {mvt_geom("a.geom")} AS geom, a.iso3, a.name_ru, a.name_en, a.name_kk, a.is_member
            FROM hazards_country a, bounds WHERE a.geom && bounds.geo
        """


class AdminAreaTiles(TileSource):
    """First-level areas at every zoom, districts from zoom 6 on."""

    name = "admin_areas"
    description = "admin areas (level 1; level 2 from zoom 6)"
    fields = {"code": "String", "level": "Number", "name_ru": "String", "name_en": "String", "name_kk": "String",
              "country": "String"}

    def rows_sql(self, z):
        return f"""
            SELECT a.id, {mvt_geom("a.geom")} AS geom, a.code, a.level, a.name_ru, a.name_en, a.name_kk,
                   c.iso3 AS country
            FROM hazards_adminarea a JOIN hazards_country c ON c.id = a.country_id, bounds
            WHERE a.geom && bounds.geo AND (a.level = 1 OR %(z)s >= 6)
        """


BOUNDARY_SOURCES = {"countries": CountryTiles, "admin-areas": AdminAreaTiles}
