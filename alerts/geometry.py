"""Alert areas as CAP wants them, made in PostGIS: valid polygons only, simplified to a vertex budget, on a grid of
six decimals (the coordinates CAP carries), clipped to a country for the national track."""

import json
import tempfile
from pathlib import Path

import numpy as np
from django.conf import settings
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon
from django.db import connection
from django.utils.translation import gettext as _

from hazards.analysis.features import EQUIDISTANT
from hazards.errors import DomainError
from hazards.models import AdminArea, Country, Layer
from ingest.archive import find_geodata, unpack
from ingest.confined import vector_read
from ingest.formats import content_check, reader_class_for
from ingest.geometry import prepare, transformer_to_wgs84

# Tried in turn until the area has no more vertices than the budget (degrees).
TOLERANCES = "0, 0.00001, 0.00003, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1"

PREPARE = f"""
    WITH source AS (SELECT ST_CollectionExtract(ST_MakeValid(%(geom)s), 3) AS g),
    tries AS (
        SELECT t.tol, ST_Multi(ST_CollectionExtract(ST_MakeValid(
                   ST_SnapToGrid(ST_SimplifyPreserveTopology(s.g, t.tol), 0.000001)), 3)) AS g
        FROM source s, unnest(ARRAY[{TOLERANCES}]::float8[]) AS t(tol)
    )
    SELECT ST_AsEWKB(g), ST_NPoints(g) FROM tries
    WHERE NOT ST_IsEmpty(g) AND ST_NPoints(g) <= %(budget)s ORDER BY tol LIMIT 1"""


def _prepared(sql_geom: str, params: dict) -> MultiPolygon | None:
    with connection.cursor() as cursor:
        cursor.execute(PREPARE.replace("%(geom)s", sql_geom),
                       {**params, "budget": settings.CAP_POLYGON_MAX_VERTICES})
        row = cursor.fetchone()
    if not row:
        return None
    area = GEOSGeometry(memoryview(bytes(row[0])))
    if not isinstance(area, MultiPolygon):  # PREPARE ends in ST_Multi(ST_CollectionExtract(…, 3))
        raise TypeError(f"PREPARE made a {area.geom_type}, not a MultiPolygon")
    return area


def area_from_geojson(geometry: dict) -> MultiPolygon:
    """A valid, simplified MultiPolygon (EPSG:4326) from a GeoJSON Polygon or MultiPolygon in lon/lat."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise DomainError("invalid_area", _("the area must be a GeoJSON Polygon or MultiPolygon"))
    try:
        source = GEOSGeometry(json.dumps(geometry), srid=4326)
    except (ValueError, TypeError, GEOSException, GDALException) as exc:
        raise DomainError("invalid_area", _("the area is not valid GeoJSON: %(error)s") % {"error": exc}) from None
    xmin, ymin, xmax, ymax = source.extent
    if not (-180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90):
        raise DomainError("invalid_area", _("area coordinates must be longitude, latitude in degrees (EPSG:4326)"))
    area = _prepared("ST_GeomFromEWKB(%(source)s)", {"source": bytes(source.ewkb)})
    if area is None:
        raise DomainError("invalid_area", _("the area has no surface left once made valid"))
    return area


def area_from_admin_areas(codes: list[str]) -> MultiPolygon:
    """The union of the admin areas with these codes (ISO 3166-2, KATO or the source's id)."""
    found = set(AdminArea.objects.filter(code__in=codes).values_list("code", flat=True))
    missing = sorted(set(codes) - found)
    if missing:
        raise DomainError("unknown_admin_area", _("unknown admin areas: %(codes)s") % {"codes": ", ".join(missing)})
    area = _prepared("(SELECT ST_Union(geom) FROM hazards_adminarea WHERE code = ANY(%(codes)s))", {"codes": codes})
    if area is None:
        raise DomainError("invalid_area", _("these admin areas have no surface"))
    return area


def area_clip(area: MultiPolygon, country: Country) -> MultiPolygon | None:
    """The part of `area` inside `country`, prepared the same way (None when nothing is inside)."""
    return _prepared("ST_Intersection(ST_GeomFromEWKB(%(area)s), (SELECT geom FROM hazards_country WHERE id = "
                     "%(country)s))", {"area": bytes(area.ewkb), "country": country.pk})


def area_from_features(layer_slug: str, feature_ids: list[int], *, buffer_km: float = 0) -> MultiPolygon:
    """The area of features of a published, public layer (a dam, a lake, a fault segment): their polygons as
    they are, points and lines buffered by `buffer_km` (in the analysis's equidistant conic). Public layers only:
    the area goes out in public messages."""
    layer = Layer.objects.filter(slug=layer_slug, access=Layer.Access.PUBLIC,
                                 published_version__isnull=False).first()
    if layer is None:
        raise DomainError("unknown_layer", _("no public layer %(slug)s") % {"slug": layer_slug})
    if not feature_ids:
        raise DomainError("invalid_area", _("choose at least one feature of the layer"))
    buffered = (f"ST_Transform(ST_Buffer(ST_Transform(f.geom, '{EQUIDISTANT}'), %(metres)s), '{EQUIDISTANT}', 4326)")
    area = _prepared(f"""(SELECT ST_Union(CASE WHEN ST_Dimension(f.geom) = 2 AND %(metres)s = 0 THEN f.geom
                                           ELSE {buffered} END)
                          FROM hazards_feature f WHERE f.version_id = %(version)s::bigint AND f.fid = ANY(%(fids)s))""",
                     {"version": layer.published_version_id, "fids": [int(fid) for fid in feature_ids],
                      "metres": max(float(buffer_km), 0) * 1000})
    if area is None:
        raise DomainError("invalid_area", _("these features have no surface: give a buffer distance for points and "
                                            "lines"))
    return area


def area_from_file(path: str | Path, shown_name: str) -> MultiPolygon:
    """The union of the polygons of an uploaded file (GeoJSON, a zipped Shapefile, GeoPackage, KML/KMZ), read by
    the ingest readers in their confined child process (ingest.confined) in any coordinate system they know;
    IngestError for a bad, hostile or oversized file, DomainError for a raster or a file without polygons."""
    path = Path(path)
    with tempfile.TemporaryDirectory() as work:
        if content_check(path, shown_name) == "zip":
            path = find_geodata(unpack(path, Path(work)), None)
        reader = reader_class_for(path)
        if reader.kind != "vector":
            raise DomainError("invalid_area", _("an alert area comes from a vector file, not a raster"))
        with vector_read(path, shown_format=reader.format, options={}, size=10_000) as read:
            transformer = transformer_to_wgs84(read.info.crs)
            parts, next_fid = [], 1
            for batch in read.batches():
                fids = np.arange(next_fid, next_fid + len(batch.geometries))
                next_fid += len(fids)
                parts += prepare(batch.geometries, fids, transformer).ewkb
    area = _prepared("(SELECT ST_Union(ST_CollectionExtract(ST_GeomFromEWKB(g), 3)) FROM unnest(%(parts)s) AS g)",
                     {"parts": parts})
    if area is None:
        raise DomainError("invalid_area", _("%(name)s has no polygons: an alert area must have a surface")
                          % {"name": shown_name})
    return area
