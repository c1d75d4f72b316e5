"""Alert areas as CAP wants them, made in PostGIS: valid polygons only, simplified to a vertex budget, on a grid of
six decimals (the coordinates CAP carries), clipped to a country for the national track."""

import json

from django.conf import settings
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon
from django.db import connection
from django.utils.translation import gettext as _

from hazards.errors import DomainError
from hazards.models import AdminArea, Country

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
    return GEOSGeometry(memoryview(bytes(row[0]))) if row else None


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
