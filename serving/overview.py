"""What a layer's page shows besides its metadata, read from PostGIS: one page of its attribute table and its
extent drawn over the countries' outlines."""

import json
import math
from dataclasses import dataclass

from django.db import connection

from hazards.models import Layer

from .published import published_version

PAGE_SIZE = 25
# Attributes the atlas adds to every feature: shown in their own columns or not at all.
ATLAS_ATTRIBUTES = ("hazard_level", "countries", "transboundary")


@dataclass(frozen=True)
class AttributePage:
    columns: list[str]
    rows: list[dict]  # {"fid": …, "level": 1..4 | None, "values": [… in column order]}
    page: int
    pages: int
    total: int


def attribute_page(layer: Layer, page: int, *, size: int = PAGE_SIZE) -> AttributePage:
    """Page `page` (1-based, clamped to the pages there are) of the published version's features in source
    order, with the version's attributes as columns. One indexed query on (version, fid)."""
    version = published_version(layer)
    columns = [name for name in (version.fields or {}) if name not in ATLAS_ATTRIBUTES]
    total = version.feature_count
    pages = max(1, math.ceil(total / size))
    page = min(max(1, page), pages)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT fid, hazard_level, properties FROM hazards_feature WHERE version_id = %s::bigint "
            "ORDER BY fid LIMIT %s OFFSET %s", [version.pk, size, (page - 1) * size])
        rows = [{"fid": fid, "level": level, "values": [_properties(props).get(name) for name in columns]}
                for fid, level, props in cursor.fetchall()]
    return AttributePage(columns=columns, rows=rows, page=page, pages=pages, total=total)


def _properties(value: str | dict | None) -> dict:
    """Django's connection hands jsonb over as text."""
    return json.loads(value) if isinstance(value, str) else (value or {})


def extent_outline(bbox: list[float] | None) -> dict | None:
    """The countries around a layer's extent as SVG paths (PostGIS ST_AsSVG, y flipped) and the extent itself as
    a rectangle, in one viewBox: a map that needs no tiles. None when the layer has no extent."""
    if not bbox:
        return None
    west, south, east, north = bbox
    pad = max(east - west, north - south, 2.0) * 0.15
    view = [west - pad, south - pad, east + pad, north + pad]
    tolerance = max(view[2] - view[0], view[3] - view[1]) / 400
    with connection.cursor() as cursor:
        cursor.execute("""
            WITH v AS (SELECT ST_MakeEnvelope(%s, %s, %s, %s, 4326) AS box)
            SELECT c.is_member, ST_AsSVG(ST_SimplifyPreserveTopology(ST_Intersection(c.geom, v.box), %s), 0, 3)
            FROM hazards_country c, v WHERE c.geom && v.box ORDER BY c.is_member""", [*view, tolerance])
        countries = [{"member": member, "path": path} for member, path in cursor.fetchall() if path]
    return {
        "viewBox": f"{view[0]:.3f} {-view[3]:.3f} {view[2] - view[0]:.3f} {view[3] - view[1]:.3f}",
        "countries": countries,
        "extent": {"x": f"{west:.3f}", "y": f"{-north:.3f}", "width": f"{max(east - west, 0.01):.3f}",
                   "height": f"{max(north - south, 0.01):.3f}"},
        "stroke": f"{tolerance * 1.5:.4f}",
    }
