"""Hazard passports: what the atlas knows about one country or admin area, and the regional picture.
Pure reads; the pages, the PDF and the API render these dicts. Every function computes for one audience
(hazards.access.audience_for): the public never sees anything derived from a restricted layer."""

import re

from django.db import connection
from django.utils.translation import gettext

from .analysis.audience import published_features
from .analysis.levels import RULE_TEXT
from .coverage import coverage_matrix
from .errors import NotFound
from .i18n import localized
from .models import AdminArea, AreaLevel, Country, Exposure, ExposureTotal, HazardAdvice, HazardLevel, HazardType, Layer

LEVEL_CODES = {int(level): level.code for level in HazardLevel}


def _unit(iso3: str, area_code: str | None):
    country = Country.objects.filter(iso3=iso3.upper(), is_member=True).first()
    if country is None:
        raise NotFound("not_found", f"no member country {iso3!r}")
    if area_code is None:
        return country, None
    area = AdminArea.objects.filter(country=country, code=area_code).select_related("parent").first()
    if area is None:
        raise NotFound("not_found", f"no admin area {area_code!r} in {country.iso3}")
    return country, area


def _levels(country, area, audience: str) -> list[dict]:
    rows = AreaLevel.objects.filter(country=country, area=area, audience=audience).select_related("hazard_type")
    by_type = {row.hazard_type_id: row for row in rows}
    titles = {layer.slug: localized(layer, "title") for layer in Layer.objects.all()}
    advice = {(a.hazard_type_id, a.level): localized(a, "text") for a in HazardAdvice.objects.all()}
    countries = country_names()
    levels = []
    for hazard in HazardType.objects.exclude(code=HazardType.CONTEXT):
        row = by_type.get(hazard.pk)
        evidence = row.evidence if row else {"note": "not computed yet"}
        levels.append({
            "hazard": hazard.code, "name": localized(hazard, "name"), "colour": hazard.colour,
            "level": LEVEL_CODES.get(row.level) if row else None,
            "own_level": LEVEL_CODES.get(row.own_level) if row else None,
            # What to do about it at this level (ThinkHazard!-style), in the reader's language; "" without a level.
            "advice": advice.get((hazard.pk, row.level), "") if row and row.level else "",
            "evidence": evidence,
            # For people, in the reader's language: the rule, and the strongest findings as named objects.
            "rule_text": gettext(RULE_TEXT[hazard.code]) if hazard.code in RULE_TEXT else "",
            "dams_upstream": [_named_origin(text, countries) for text in evidence.get("large_dams_upstream") or []],
            "findings": [{"name": item.get("label") or "—", "year": item.get("year"),
                          "layer": titles.get(item.get("layer"), ""), "layer_slug": item.get("layer"),
                          "level": LEVEL_CODES.get(item.get("level"))}
                         for item in evidence.get("top", [])],
        })
    return levels


def _named_origin(text: str, countries: dict[str, str]) -> str:
    """"Toktogul Dam (KGZ)" as the evidence records it → "Toktogul Dam (Kyrgyzstan)" in the reader's language."""
    return re.sub(r"\(([A-Z]{3})\)$", lambda m: f"({countries.get(m.group(1), m.group(1))})", text)


def _geometry_sql(area) -> tuple[str, list]:
    if area:
        return "(SELECT geom FROM hazards_adminarea WHERE id = %s)", [area.pk]
    return "(SELECT geom FROM hazards_country WHERE id = %s)", []


def _events_by_decade(unit_sql: str, params: list, audience: str) -> list[dict]:
    """Recorded events (layers with a year) inside the unit, by decade since 1900, and all before."""
    with connection.cursor() as cursor:
        cursor.execute(f"""
            WITH u AS (SELECT ST_Subdivide({unit_sql}, 64) AS g)
            SELECT CASE WHEN f.year < 1900 THEN -1 ELSE (f.year / 10) * 10 END AS decade, f.hazard_code,
                   count(DISTINCT f.id)
            FROM u JOIN {published_features(audience)} f ON f.geom && u.g AND ST_Intersects(u.g, f.geom)
            WHERE f.year IS NOT NULL AND f.hazard_code <> %s
            GROUP BY 1, 2 ORDER BY 1, 2""", [*params, HazardType.CONTEXT])
        rows = cursor.fetchall()
    decades: dict[int, dict] = {}
    for decade, hazard, count in rows:
        decades.setdefault(decade, {})[hazard] = count
    return [{"decade": "<1900" if d == -1 else f"{d}s", "counts": c} for d, c in sorted(decades.items())]


def _shared(country, unit_sql: str, params: list, audience: str) -> list[dict]:
    """Per other member country: features of the unit that reach it (touching, within the influence distance
    or downstream), with the worst level, by hazard type."""
    with connection.cursor() as cursor:
        cursor.execute(f"""
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
        rows = cursor.fetchall()
    countries, hazards = country_names(), hazard_names()
    return [{"country": iso3, "country_name": countries.get(iso3, iso3), "hazard": hazard,
             "hazard_name": hazards.get(hazard, hazard), "features": n, "worst_level": LEVEL_CODES.get(level)}
            for iso3, hazard, n, level in rows]


def country_names() -> dict[str, str]:
    """ISO3 → the country's name in the active language."""
    return {c.iso3: localized(c, "name") for c in Country.objects.only("iso3", "name_ru", "name_en", "name_kk")}


def hazard_names() -> dict[str, str]:
    """Hazard type code → its name in the active language."""
    return {h.code: localized(h, "name") for h in HazardType.objects.all()}


def _exposure(country, area, audience: str) -> dict:
    """People of the country's places reached, per hazard type (each counted once) and per layer and origin."""
    if area is not None:
        return {"totals": [], "layers": []}  # computed per country; the area page points to its country's
    totals = (ExposureTotal.objects.filter(country=country, audience=audience).select_related("hazard_type")
              .order_by("hazard_type__sort_order"))
    rows = (Exposure.objects.filter(country=country, audience=audience).select_related("layer", "origin")
            .order_by("-population"))
    return {
        "totals": [{"hazard": t.hazard_type.code, "name": localized(t.hazard_type, "name"),
                    "population": t.population, "places": t.places} for t in totals],
        "layers": [{"layer": e.layer.slug, "title": localized(e.layer, "title"), "origin": e.origin.iso3,
                    "origin_name": localized(e.origin, "name"), "population": e.population, "places": e.places}
                   for e in rows],
    }


def _svg(unit_sql: str, params: list) -> dict:
    """The unit's outline as an SVG path (PostGIS ST_AsSVG) and its viewBox, for the small map."""
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT ST_AsSVG(ST_SimplifyPreserveTopology(g, 0.01), 0, 3), ST_XMin(g), ST_YMax(g),
                   ST_XMax(g) - ST_XMin(g), ST_YMax(g) - ST_YMin(g)
            FROM (SELECT {unit_sql} AS g) x""", params)
        path, x, y, w, h = cursor.fetchone()
    return {"path": path, "viewBox": f"{x:.3f} {-y:.3f} {w:.3f} {h:.3f}"}


def passport(iso3: str, area_code: str | None = None, *, audience: str) -> dict:
    """Everything a passport shows for a member country (or one of its admin areas)."""
    country, area = _unit(iso3, area_code)
    unit_sql, params = _geometry_sql(area)
    params = params or [country.pk]
    unit = area or country
    return {
        "country": {"iso3": country.iso3, "name": localized(country, "name")},
        "area": {"code": area.code, "level": area.level, "name": localized(area, "name"),
                 "parent": area.parent.code if area.parent else None,
                 "parent_name": localized(area.parent, "name") if area.parent else None} if area else None,
        "name": localized(unit, "name"),
        "audience": audience,
        "levels": _levels(country, area, audience),
        "exposure": _exposure(country, area, audience),
        "shared": _shared(country, unit_sql, params, audience),
        "events_by_decade": _events_by_decade(unit_sql, params, audience),
        "areas": [{"code": a.code, "name": localized(a, "name")} for a in
                  AdminArea.objects.filter(country=country, parent=area if area else None,
                                           level=(area.level + 1) if area else 1).order_by("name_en")],
        "map": _svg(unit_sql, params),
        "coverage": coverage_matrix(audience=audience, iso3=country.iso3)[0]["hazards"],
    }


def regional_overview(*, audience: str) -> dict:
    """The 5×5 matrix of transboundary hazards between member countries and the levels per country."""
    members = list(Country.objects.filter(is_member=True).order_by("iso3"))
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT o.iso3, t.iso3, count(DISTINCT f.id), max(f.hazard_level)
            FROM {published_features(audience)} f
            JOIN hazards_featureanalysis a ON a.feature_id = f.id AND a.version_id = f.version_id
            JOIN hazards_country o ON o.is_member AND o.iso3 = ANY(f.countries)
            JOIN hazards_country t ON t.is_member AND t.iso3 <> o.iso3
                 AND t.iso3 = ANY(f.countries || a.influence_countries || coalesce(a.downstream_countries, '{{}}'))
            WHERE f.hazard_code <> %s
            GROUP BY 1, 2""", [HazardType.CONTEXT])
        cells = {(a, b): {"features": n, "worst_level": LEVEL_CODES.get(level)} for a, b, n, level in cursor.fetchall()}
    levels: dict[str, dict] = {}
    for row in AreaLevel.objects.filter(area__isnull=True, audience=audience).select_related("country",
                                                                                              "hazard_type"):
        levels.setdefault(row.country.iso3, {})[row.hazard_type.code] = LEVEL_CODES.get(row.level)
    hazards = list(HazardType.objects.exclude(code=HazardType.CONTEXT))
    return {
        "audience": audience,
        "hazards": [{"code": h.code, "name": localized(h, "name")} for h in hazards],
        "matrix": [{"from": a.iso3, "name": localized(a, "name"), "cells": [
            {"to": b.iso3, "self": True} if a == b else
            {"to": b.iso3, **cells.get((a.iso3, b.iso3), {"features": 0, "worst_level": None})}
            for b in members]} for a in members],
        "levels": [{"iso3": c.iso3, "name": localized(c, "name"),
                    "levels": [{"hazard": h.code, "level": levels.get(c.iso3, {}).get(h.code)} for h in hazards]}
                   for c in members],
    }


def matrix_cell(origin: str, target: str, *, audience: str, limit: int = 500) -> list[dict]:
    """The features located in `origin` that reach `target`."""
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT f.layer_slug, f.fid, f.hazard_level, f.countries, a.influence_countries,
                   a.downstream_countries, f.label
            FROM {published_features(audience)} f
            JOIN hazards_featureanalysis a ON a.feature_id = f.id AND a.version_id = f.version_id
            WHERE f.hazard_code <> %s AND %s = ANY(f.countries)
              AND %s = ANY(f.countries || a.influence_countries || coalesce(a.downstream_countries, '{{}}'))
            ORDER BY f.hazard_level DESC NULLS LAST, f.layer_slug, f.fid LIMIT %s""",
                       [HazardType.CONTEXT, origin, target, limit])
        rows = cursor.fetchall()
    names = country_names()
    titles = {layer.slug: localized(layer, "title") for layer in Layer.objects.filter(slug__in={r[0] for r in rows})}

    def named(codes):
        return [names.get(code, code) for code in codes or []]

    return [{"layer": slug, "layer_title": titles.get(slug, slug), "id": fid, "level": LEVEL_CODES.get(level),
             "countries": countries, "influence_countries": inf, "downstream_countries": down, "label": label,
             "country_names": named(countries), "influence_names": named(inf), "downstream_names": named(down)}
            for slug, fid, level, countries, inf, down, label in rows]
