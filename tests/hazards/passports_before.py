"""The oracle: the request-time SQL the passports, the matrix, its cells and coverage ran before the read models
(hazards/passports.py and hazards/coverage.py at e63e5f3), verbatim, joining the published features with their
analysis across the version partitions. Nested loops are switched off while it runs (a planner setting: the same
rows, found by hash joins in a second instead of a minute); the answers are the facts the read models must give."""

from django.db import connection, transaction

from hazards.analysis.audience import published_features
from hazards.models import AdminArea, Country, HazardType
from hazards.passports import LEVEL_CODES


def _rows(sql: str, params: list) -> list[tuple]:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute(sql, params)
        return cursor.fetchall()


def _unit(iso3: str, area_code: str | None) -> tuple[Country, str, list]:
    country = Country.objects.get(iso3=iso3)
    if area_code:
        area = AdminArea.objects.get(country=country, code=area_code)
        return country, "(SELECT geom FROM hazards_adminarea WHERE id = %s)", [area.pk]
    return country, "(SELECT geom FROM hazards_country WHERE id = %s)", [country.pk]


def shared_before(iso3: str, area_code: str | None, audience: str) -> list[tuple]:
    """(other member country, hazard, features, worst level code) of the unit, in the passport's order."""
    country, unit_sql, params = _unit(iso3, area_code)
    rows = _rows(f"""
            WITH u AS (SELECT ST_Subdivide({unit_sql}, 64) AS g),
            f AS (
                SELECT DISTINCT f.id, f.hazard_level, f.hazard_code AS hazard,
                       ARRAY(SELECT DISTINCT x FROM unnest(f.countries || coalesce(a.influence_countries, '{{}}')
                                                           || coalesce(a.downstream_countries, '{{}}')) x) AS reach
                FROM u JOIN {published_features(audience)} f ON f.geom && u.g AND ST_Intersects(u.g, f.geom)
                JOIN hazards_featureanalysis a ON a.feature_id = f.id AND a.version_id = f.version_id
                WHERE f.hazard_code <> %s
            )
            SELECT c.iso3, f.hazard, count(*), max(f.hazard_level)
            FROM f JOIN hazards_country c ON c.is_member AND c.iso3 = ANY(f.reach) AND c.iso3 <> %s
            GROUP BY 1, 2 ORDER BY 1, 2""", [*params, HazardType.CONTEXT, country.iso3])
    return [(target, hazard, n, LEVEL_CODES.get(level)) for target, hazard, n, level in rows]


def decades_before(iso3: str, area_code: str | None, audience: str) -> list[dict]:
    """The unit's recorded events by decade, as the passport gives them."""
    _, unit_sql, params = _unit(iso3, area_code)
    rows = _rows(f"""
            WITH u AS (SELECT ST_Subdivide({unit_sql}, 64) AS g)
            SELECT CASE WHEN f.year < 1900 THEN -1 ELSE (f.year / 10) * 10 END AS decade, f.hazard_code,
                   count(DISTINCT f.id)
            FROM u JOIN {published_features(audience)} f ON f.geom && u.g AND ST_Intersects(u.g, f.geom)
            WHERE f.year IS NOT NULL AND f.hazard_code <> %s
            GROUP BY 1, 2 ORDER BY 1, 2""", [*params, HazardType.CONTEXT])
    decades: dict[int, dict] = {}
    for decade, hazard, count in rows:
        decades.setdefault(decade, {})[hazard] = count
    return [{"decade": "<1900" if d == -1 else f"{d}s", "counts": c} for d, c in sorted(decades.items())]


def map_before(iso3: str, area_code: str | None) -> dict:
    """The unit's outline and viewBox."""
    _, unit_sql, params = _unit(iso3, area_code)
    path, x, y, w, h = _rows(f"""
            SELECT ST_AsSVG(ST_SimplifyPreserveTopology(g, 0.01), 0, 3), ST_XMin(g), ST_YMax(g),
                   ST_XMax(g) - ST_XMin(g), ST_YMax(g) - ST_YMin(g)
            FROM (SELECT {unit_sql} AS g) x""", params)[0]
    return {"path": path, "viewBox": f"{x:.3f} {-y:.3f} {w:.3f} {h:.3f}"}


def matrix_before(audience: str) -> dict[tuple[str, str], dict]:
    """(origin, target) → features and worst level code, for the member pairs that have features."""
    rows = _rows(f"""
            SELECT o.iso3, t.iso3, count(DISTINCT f.id), max(f.hazard_level)
            FROM {published_features(audience)} f
            JOIN hazards_featureanalysis a ON a.feature_id = f.id AND a.version_id = f.version_id
            JOIN hazards_country o ON o.is_member AND o.iso3 = ANY(f.countries)
            JOIN hazards_country t ON t.is_member AND t.iso3 <> o.iso3
                 AND t.iso3 = ANY(f.countries || a.influence_countries || coalesce(a.downstream_countries, '{{}}'))
            WHERE f.hazard_code <> %s
            GROUP BY 1, 2""", [HazardType.CONTEXT])
    return {(a, b): {"features": n, "worst_level": LEVEL_CODES.get(level)} for a, b, n, level in rows}


def cell_before(origin: str, target: str, audience: str, limit: int = 500) -> list[tuple]:
    """(layer, fid, level, countries, influence, downstream, label) of the cell, in the list's order."""
    return _rows(f"""
            SELECT f.layer_slug, f.fid, f.hazard_level, f.countries, a.influence_countries,
                   a.downstream_countries, f.label
            FROM {published_features(audience)} f
            JOIN hazards_featureanalysis a ON a.feature_id = f.id AND a.version_id = f.version_id
            WHERE f.hazard_code <> %s AND %s = ANY(f.countries)
              AND %s = ANY(f.countries || a.influence_countries || coalesce(a.downstream_countries, '{{}}'))
            ORDER BY f.hazard_level DESC NULLS LAST, f.layer_slug, f.fid LIMIT %s""",
                 [HazardType.CONTEXT, origin, target, limit])


def coverage_before(audience: str) -> set[tuple]:
    """(country, hazard, layer id, features, latest year) of every member country."""
    members = list(Country.objects.filter(is_member=True).values_list("iso3", flat=True))
    return set(_rows(f"""
            SELECT c.iso3, f.hazard_code, f.layer_id, count(*), max(f.year)
            FROM {published_features(audience)} f
            CROSS JOIN LATERAL unnest(f.countries) AS c(iso3)
            WHERE f.hazard_code <> %s AND c.iso3 = ANY(%s)
            GROUP BY 1, 2, 3""", [HazardType.CONTEXT, members]))
