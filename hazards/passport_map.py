"""The passport's small map: the unit highlighted over its country, the neighbouring countries and areas, in the
web map's base colours (hazards.palette). Geometries come out in the map's pixels (Web Mercator scaled to a
WIDTH × HEIGHT box), so a stroke is a width in pixels whatever the unit's size: a city is not a blob."""

from dataclasses import dataclass

from django.db import connection

from . import palette

WIDTH, HEIGHT = 320, 220
MIN_SPAN_M = 150_000  # the narrowest box drawn (a city shows with its surroundings)
MARGIN = 1.1  # the box's width over the unit's (its surroundings show)

# The unit's box and the box of every country the atlas has (its data stop there), in Web Mercator metres.
EXTENT = """
    SELECT ST_XMin(m), ST_YMin(m), ST_XMax(m), ST_YMax(m), ST_XMin(d), ST_YMin(d), ST_XMax(d), ST_YMax(d)
    FROM (SELECT ST_Transform(coalesce((SELECT geom FROM hazards_adminarea WHERE id = %(area)s),
                                       (SELECT geom FROM hazards_country WHERE id = %(country)s)), 3857) AS m,
                 ST_Transform(ST_SetSRID((SELECT ST_Extent(geom) FROM hazards_country)::geometry, 4326), 3857) AS d
         ) u"""
# Each shape clipped to the box (in degrees, with a margin), projected, moved and scaled to pixels, simplified to
# half a pixel; ST_AsSVG writes y downwards.
PIXELS = ("ST_AsSVG(ST_SimplifyPreserveTopology(ST_TransScale(ST_Transform(ST_ClipByBox2D(geom, box.b4), 3857),"
          " -%(x0)s, -%(y1)s, %(scale)s, %(scale)s), 0.5), 0, 1)")
SHAPES = f"""
    WITH box AS (SELECT ST_Expand(ST_Transform(ST_MakeEnvelope(%(x0)s, %(y0)s, %(x1)s, %(y1)s, 3857), 4326),
                                  0.05)::box2d AS b4)
    SELECT 'country', iso3, is_member, {PIXELS} FROM hazards_country, box
    WHERE geom && box.b4::geometry
    UNION ALL
    SELECT 'area', code, false, {PIXELS} FROM hazards_adminarea, box
    WHERE level = %(level)s AND country_id = %(country)s AND geom && box.b4::geometry
      AND id IS DISTINCT FROM %(area)s
    UNION ALL
    SELECT 'unit', '', true, {PIXELS}
    FROM (SELECT coalesce((SELECT geom FROM hazards_adminarea WHERE id = %(area)s),
                          (SELECT geom FROM hazards_country WHERE id = %(country)s)) AS geom) u, box"""


@dataclass(frozen=True)
class PassportMap:
    """What the template draws, bottom to top: countries (members lighter), the neighbouring areas' lines, the
    unit highlighted, the members' borders; `colours` is hazards.palette by name."""

    width: int
    height: int
    countries: list[dict]
    areas: list[str]
    unit: str
    colours: dict


def _inside(centre: float, half: float, low: float, high: float) -> float:
    """`centre` moved so that centre ± half stays within [low, high] where it fits (else the middle of it)."""
    if 2 * half >= high - low:
        return (low + high) / 2
    return min(max(centre, low + half), high - half)


def _box(x0, y0, x1, y1, dx0, dy0, dx1, dy1) -> dict:
    """The unit's box (Web Mercator metres) widened to the map's aspect, with a margin and a least span, moved
    to stay within the data's box (dx0…dy1) where it fits."""
    span = max((x1 - x0) * MARGIN, (y1 - y0) * MARGIN * WIDTH / HEIGHT, MIN_SPAN_M)
    half_w, half_h = span / 2, span * HEIGHT / WIDTH / 2
    cx, cy = _inside((x0 + x1) / 2, half_w, dx0, dx1), _inside((y0 + y1) / 2, half_h, dy0, dy1)
    return {"x0": cx - half_w, "y0": cy - half_h, "x1": cx + half_w, "y1": cy + half_h, "scale": WIDTH / span}


def passport_map(country, area) -> PassportMap:
    """The small map of `area` (an AdminArea) or, without one, of `country`."""
    params = {"country": country.pk, "area": area.pk if area else None, "level": area.level if area else 1}
    with connection.cursor() as cursor:
        cursor.execute(EXTENT, params)
        params.update(_box(*cursor.fetchone()))
        cursor.execute(SHAPES, params)
        rows = cursor.fetchall()
    return PassportMap(
        width=WIDTH, height=HEIGHT,
        countries=[{"iso3": key, "member": member, "path": path} for kind, key, member, path in rows
                   if kind == "country" and path],
        areas=[path for kind, _key, _member, path in rows if kind == "area" and path],
        unit=next((path for kind, _key, _member, path in rows if kind == "unit"), ""),
        colours={name.lower(): value for name, value in vars(palette).items() if name.isupper()},
    )
