"""Mapbox Vector Tiles made by PostGIS: one query per tile (ST_TileEnvelope, &&, ST_AsMVTGeom, ST_AsMVT).

A tile source is a small class: the SQL of its rows and the attributes it carries. Layers, countries and
admin areas are the three sources."""

from dataclasses import dataclass

from django.db import connections, transaction

from hazards.models import HazardType, Layer

from .db import read_alias

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
        alias = read_alias()
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            # On a 2-core machine the planner may prefer a parallel sequential scan to the GiST index.
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            cursor.execute(sql, params)
            return bytes(cursor.fetchone()[0] or b"")


# Point clustering: dense point layers (hazard layers of points only, at least CLUSTER_MIN_FEATURES) are drawn
# below CLUSTER_MAX_ZOOM as one point per grid cell (CLUSTER_CELLS × CLUSTER_CELLS per tile) with the count and
# the worst level of its features; from CLUSTER_MAX_ZOOM on every feature is its own point again.
CLUSTER_MIN_FEATURES = 2000
CLUSTER_MAX_ZOOM = 8
CLUSTER_CELLS = 16
WEB_MERCATOR_ORIGIN = -WEB_MERCATOR_WIDTH / 2


def cluster_max_zoom(layer: Layer) -> int | None:
    """The zoom from which `layer`'s points are drawn one by one; None when its tiles are never clustered."""
    version = layer.published_version
    if (layer.kind != "vector" or version is None or layer.hazard_type.code == HazardType.CONTEXT
            or version.feature_count < CLUSTER_MIN_FEATURES
            or not version.geometry_types or any("Point" not in kind for kind in version.geometry_types)):
        return None
    return CLUSTER_MAX_ZOOM


@dataclass(frozen=True)
class TileFilters:
    """The map's filters, applied in the tile query (clusters must count only what the filters let through)."""

    country: str | None = None
    transboundary: bool = False
    year_from: int | None = None
    year_to: int | None = None

    def sql(self) -> str:
        clauses = []
        if self.country:
            clauses.append("f.countries @> ARRAY[%(country)s]::varchar[]")
        if self.transboundary:
            clauses.append("f.transboundary")
        if self.year_from is not None:
            clauses.append("f.year >= %(year_from)s")
        if self.year_to is not None:
            clauses.append("f.year <= %(year_to)s")
        return "".join(f" AND {clause}" for clause in clauses)

    def params(self) -> dict:
        return {"country": self.country, "year_from": self.year_from, "year_to": self.year_to}


class LayerTiles(TileSource):
    """A published vector layer. Labels (the layer's label attribute, and in each language the names register's
    current name of the object or the attribute's `_ru`/`_en`/`_kk` variant where the features have one) come
    from zoom 7 on, or from zoom 3 for reference layers (places, rivers, lakes), whose
    names are the base map's; `population` is the layer's population attribute, for ranking place names."""

    fields = {"hazard_level": "Number", "year": "Number", "transboundary": "Boolean", "countries": "String",
              "label": "String", "label_ru": "String", "label_en": "String", "label_kk": "String",
              "population": "Number", "dim": "Number", "count": "Number"}
    CONTEXT_LABEL_MIN_ZOOM = 3

    def __init__(self, layer: Layer, filters: TileFilters | None = None) -> None:
        self.filters = filters or TileFilters()
        self.cluster_max_zoom = cluster_max_zoom(layer)
        self.name = layer.slug
        self.description = layer.title
        self.version_id = layer.published_version_id
        self.label_field = layer.label_field
        self.population_field = layer.population_field
        self.label_min_zoom = (self.CONTEXT_LABEL_MIN_ZOOM if layer.hazard_type.code == HazardType.CONTEXT
                               else LABEL_MIN_ZOOM)

    def rows_sql(self, z: int) -> str:
        if self.cluster_max_zoom is not None and z < self.cluster_max_zoom:
            return self.clusters_sql()

        def label(suffix: str = "") -> str:
            if not self.label_field:
                return "NULL::text"
            # The names register's current name first (Алматы for the source's Алма-Ата), carried by the feature's
            # search entry (hazards.models.SearchEntry.names: register_ru, register_kk, register_en).
            own = f"f.properties ->> (%(label_field)s || '{suffix}')"
            value = f"coalesce(e.names ->> 'register{suffix}', {own})" if suffix else own
            return f"CASE WHEN %(z)s >= %(label_min_zoom)s THEN {value} END"

        register = ("LEFT JOIN hazards_searchentry e ON e.version_id = f.version_id AND e.feature_id = f.id"
                    if self.label_field else "")

        population = ("CASE WHEN jsonb_typeof(f.properties -> %(population_field)s) = 'number' "
                      "THEN (f.properties ->> %(population_field)s)::float END") if self.population_field else "NULL"
        return f"""
            SELECT f.fid AS id, {mvt_geom("f.geom")} AS geom, f.hazard_level, f.year, f.transboundary,
                   ST_Dimension(f.geom) AS dim,
                   array_to_string(f.countries, ',') AS countries,
                   {label()} AS label, {label("_ru")} AS label_ru, {label("_en")} AS label_en,
                   {label("_kk")} AS label_kk, {population} AS population
            FROM hazards_feature f {register} CROSS JOIN bounds
            WHERE f.version_id = %(version)s::bigint AND f.geom && bounds.geo
              AND (ST_Dimension(f.geom) = 0
                   OR ST_XMax(f.geom) - ST_XMin(f.geom) + ST_YMax(f.geom) - ST_YMin(f.geom) >= %(min_size)s)
              {self.filters.sql()}
        """

    def clusters_sql(self) -> str:
        """One row per grid cell of the tile holding features: at the mean position of its features, with their
        count and worst level (a lone feature keeps its id, year, countries and flag). Cells are aligned with the
        tiles, and a feature belongs to the one tile whose half-open box holds it, so no cell straddles tiles and
        the counts of a tile add up to the features in its area."""
        return f"""
            SELECT min(c.fid) AS id, ST_AsMVTGeom(ST_Centroid(ST_Collect(c.merc)), bounds.merc, {EXTENT}, {BUFFER},
                                                  true) AS geom,
                   max(c.hazard_level) AS hazard_level, count(*) AS count, 0 AS dim,
                   CASE WHEN count(*) = 1 THEN min(c.year) END AS year,
                   CASE WHEN count(*) = 1 THEN bool_or(c.transboundary) END AS transboundary,
                   CASE WHEN count(*) = 1 THEN min(c.countries) END AS countries
            FROM (
                SELECT f.fid, f.hazard_level, f.year, f.transboundary, array_to_string(f.countries, ',') AS countries,
                       ST_Transform(f.geom, 3857) AS merc
                FROM hazards_feature f, bounds
                WHERE f.version_id = %(version)s::bigint AND f.geom && bounds.geo {self.filters.sql()}
            ) c, bounds
            WHERE ST_X(c.merc) >= ST_XMin(bounds.merc) AND ST_X(c.merc) < ST_XMax(bounds.merc)
              AND ST_Y(c.merc) >= ST_YMin(bounds.merc) AND ST_Y(c.merc) < ST_YMax(bounds.merc)
            GROUP BY floor((ST_X(c.merc) - {WEB_MERCATOR_ORIGIN}) / %(cell)s),
                     floor((ST_Y(c.merc) - {WEB_MERCATOR_ORIGIN}) / %(cell)s), bounds.merc
        """

    def params(self, z: int) -> dict:
        # Lines and polygons smaller than a screen pixel are left out (their bounding box is read, not
        # their shape): at low zoom a dense layer would otherwise cost seconds per tile for invisible dots.
        return {"version": self.version_id, "min_size": screen_pixel_degrees(z), "label_field": self.label_field,
                "population_field": self.population_field, "label_min_zoom": self.label_min_zoom,
                "cell": WEB_MERCATOR_WIDTH / 2**z / CLUSTER_CELLS, **self.filters.params()}

    def vector_layers(self) -> list[dict]:
        layers = super().vector_layers()
        if self.cluster_max_zoom is not None:
            layers[0]["cluster_max_zoom"] = self.cluster_max_zoom
        return layers


class CountryTiles(TileSource):
    name = "countries"
    description = "countries"
    fields = {"iso3": "String", "name_ru": "String", "name_en": "String", "name_kk": "String", "is_member": "Boolean"}

    def rows_sql(self, z: int) -> str:
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

    def rows_sql(self, z: int) -> str:
        return f"""
            SELECT a.id, {mvt_geom("a.geom")} AS geom, a.code, a.level, a.name_ru, a.name_en, a.name_kk,
                   c.iso3 AS country
            FROM hazards_adminarea a JOIN hazards_country c ON c.id = a.country_id, bounds
            WHERE a.geom && bounds.geo AND (a.level = 1 OR %(z)s >= 6)
        """


def label_point(geom: str) -> str:
    """Where a polygon's name goes: the centre of the largest circle inside it (its outline simplified to a
    few kilometres first), which stays inside thin or hooked shapes where a centroid would not."""
    return f"(ST_MaximumInscribedCircle(ST_Simplify({geom}, 0.02))).center"


class CountryLabelTiles(TileSource):
    """One point per country, where its name is written."""

    name = "country_labels"
    description = "label points of the countries"
    fields = CountryTiles.fields

    def rows_sql(self, z: int) -> str:
        return f"""
            SELECT a.id, {mvt_geom("p.point")} AS geom, a.iso3, a.name_ru, a.name_en, a.name_kk, a.is_member
            FROM hazards_country a CROSS JOIN LATERAL (SELECT {label_point("a.geom")} AS point) p, bounds
            WHERE a.geom && bounds.geo
        """


class AdminAreaLabelTiles(TileSource):
    """One point per admin area, where its name is written: regions from zoom 5, districts from zoom 7."""

    name = "admin_area_labels"
    description = "label points of the admin areas (level 1 from zoom 5; level 2 from zoom 7)"
    fields = AdminAreaTiles.fields
    min_zoom = 5

    def rows_sql(self, z: int) -> str:
        return f"""
            SELECT a.id, {mvt_geom("p.point")} AS geom, a.code, a.level, a.name_ru, a.name_en, a.name_kk,
                   c.iso3 AS country
            FROM hazards_adminarea a JOIN hazards_country c ON c.id = a.country_id
                 CROSS JOIN LATERAL (SELECT {label_point("a.geom")} AS point) p, bounds
            WHERE a.geom && bounds.geo AND %(z)s >= 5 AND (a.level = 1 OR %(z)s >= 7)
        """


class RowsTiles(TileSource):
    """Tiles of any SQL of rows (`id`, `geom` in EPSG:4326 and the attributes in `fields`) with its parameters,
    such as the active alerts a user may read (web.tiles wires the selector in; serving knows no alert)."""

    def __init__(self, name: str, sql: str, params: dict, fields: dict[str, str], description: str = ""):
        self.name, self.description, self.fields = name, description or name, fields
        self._sql, self._params = sql, params

    def rows_sql(self, z: int) -> str:
        columns = ", ".join(f'r."{field}"' for field in self.fields)
        return f"""
            SELECT r.id, {mvt_geom("r.geom")} AS geom, {columns}
            FROM ({self._sql}) r, bounds WHERE r.geom && bounds.geo
        """

    def params(self, z: int) -> dict:
        return self._params


BOUNDARY_SOURCES = {"countries": CountryTiles, "admin-areas": AdminAreaTiles,
                    "country-labels": CountryLabelTiles, "admin-area-labels": AdminAreaLabelTiles}
