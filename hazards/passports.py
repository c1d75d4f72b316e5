"""Hazard passports: what the atlas knows about one country or admin area, and the regional picture.
Pure reads; the pages, the PDF and the API render these dicts. Every function computes for one audience
(hazards.access.audience_for): the public never sees anything derived from a restricted layer."""

import re

from django.db import connection
from django.utils.translation import gettext

from .analysis.audience import PUBLISHED_ROWS, audience_params
from .analysis.levels import RULE_TEXT
from .coverage import coverage_matrix
from .errors import NotFound
from .i18n import localized
from .models import AdminArea, AreaLevel, Country, Exposure, ExposureTotal, HazardAdvice, HazardLevel, HazardType, Layer

LEVEL_CODES = {int(level): level.code for level in HazardLevel}


def passport_unit(iso3: str, area_code: str | None):
    """The member country `iso3` and its admin area `area_code` (None for the country); NotFound otherwise."""
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


# The read models (hazards.models.readmodel) of the versions the layers publish now, for one audience: every read
# below is a few index scans of rows the analysis stored, never a join of features across version partitions.
PUBLISHED = PUBLISHED_ROWS
COUNTRY = "r.country_id = %(country)s AND r.area_id IS NULL"
AREA = "r.country_id = %(country)s AND r.area_id = %(area)s"
SHARED = """
    SELECT r.target, h.code, sum(r.features)::int, max(r.worst_level)
    FROM hazards_unitshared r {published}
    WHERE {unit}
    GROUP BY 1, 2 ORDER BY 1, 2"""
DECADES = """
    SELECT r.decade, h.code, sum(r.events)::int
    FROM hazards_unitdecade r {published}
    WHERE {unit}
    GROUP BY 1, 2 ORDER BY 1, 2"""
OUTLINE = "SELECT r.path, r.x, r.y, r.width, r.height FROM hazards_unitoutline r WHERE {unit}"
# A unit added since the last analysis has no stored outline yet: drawn from its boundary, as the analysis does.
OUTLINE_LIVE = """
    SELECT ST_AsSVG(ST_SimplifyPreserveTopology(g, 0.01), 0, 3), ST_XMin(g), ST_YMax(g), ST_XMax(g) - ST_XMin(g),
           ST_YMax(g) - ST_YMin(g)
    FROM (SELECT coalesce((SELECT geom FROM hazards_adminarea WHERE id = %(area)s),
                          (SELECT geom FROM hazards_country WHERE id = %(country)s)) AS g) x"""
MATRIX = """
    SELECT r.origin, r.target, sum(r.features)::int, max(r.worst_level)
    FROM hazards_matrixcount r {published}
    GROUP BY 1, 2"""
CELL = """
    SELECT l.slug, r.fid, r.level, r.countries, r.influence_countries, r.downstream_countries, r.label
    FROM hazards_cellfeature r {published}
    WHERE r.origin = %(origin)s AND r.target = %(target)s
    ORDER BY r.level DESC NULLS LAST, r.layer_slug, r.fid LIMIT %(limit)s"""


def unit_sql(template: str, country, area) -> tuple[str, dict]:
    """`template` made into the read of one unit (a country, or an area of it) and its parameters."""
    return (template.format(published=PUBLISHED, unit=AREA if area else COUNTRY),
            {"country": country.pk, "area": area.pk if area else None})


def _rows(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _events_by_decade(country, area, audience: str) -> list[dict]:
    """Recorded events (layers with a year) inside the unit, by decade since 1900, and all before."""
    sql, params = unit_sql(DECADES, country, area)
    decades: dict[int, dict] = {}
    for decade, hazard, count in _rows(sql, {**params, **audience_params(audience)}):
        decades.setdefault(decade, {})[hazard] = count
    return [{"decade": "<1900" if d == -1 else f"{d}s", "counts": c} for d, c in sorted(decades.items())]


def _shared(country, area, audience: str) -> list[dict]:
    """Per other member country: features of the unit that reach it (touching, within the influence distance
    or downstream), with the worst level, by hazard type."""
    sql, params = unit_sql(SHARED, country, area)
    rows = _rows(sql, {**params, **audience_params(audience)})
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


def _svg(country, area) -> dict:
    """The unit's outline as an SVG path (PostGIS ST_AsSVG) and its viewBox, for the small map."""
    sql, params = unit_sql(OUTLINE, country, area)
    path, x, y, w, h = (_rows(sql, params) or _rows(OUTLINE_LIVE, params))[0]
    return {"path": path, "viewBox": f"{x:.3f} {-y:.3f} {w:.3f} {h:.3f}"}


def passport(iso3: str, area_code: str | None = None, *, audience: str) -> dict:
    """Everything a passport shows for a member country (or one of its admin areas)."""
    country, area = passport_unit(iso3, area_code)
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
        "shared": _shared(country, area, audience),
        "events_by_decade": _events_by_decade(country, area, audience),
        "areas": [{"code": a.code, "name": localized(a, "name")} for a in
                  AdminArea.objects.filter(country=country, parent=area if area else None,
                                           level=(area.level + 1) if area else 1).order_by("name_en")],
        "map": _svg(country, area),
        "coverage": coverage_matrix(audience=audience, iso3=country.iso3)[0]["hazards"],
    }


def regional_overview(*, audience: str) -> dict:
    """The 5×5 matrix of transboundary hazards between member countries and the levels per country."""
    members = list(Country.objects.filter(is_member=True).order_by("iso3"))
    cells = {(a, b): {"features": n, "worst_level": LEVEL_CODES.get(level)}
             for a, b, n, level in _rows(MATRIX.format(published=PUBLISHED), audience_params(audience))}
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
    rows = _rows(CELL.format(published=PUBLISHED),
                 {"origin": origin, "target": target, "limit": limit, **audience_params(audience)})
    names = country_names()
    titles = {layer.slug: localized(layer, "title") for layer in Layer.objects.filter(slug__in={r[0] for r in rows})}

    def named(codes):
        return [names.get(code, code) for code in codes or []]

    return [{"layer": slug, "layer_title": titles.get(slug, slug), "id": fid, "level": LEVEL_CODES.get(level),
             "countries": countries, "influence_countries": inf, "downstream_countries": down, "label": label,
             "country_names": named(countries), "influence_names": named(inf), "downstream_names": named(down)}
            for slug, fid, level, countries, inf, down, label in rows]
