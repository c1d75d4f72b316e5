"""Hazard levels per country, admin-1 area and admin-2 district, ThinkHazard!-style: one small rule class per
hazard type (RULES), each a documented SQL query over the published layers; then every area takes the highest
level of its parts. docs/analysis.md states each rule and threshold."""

import time
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext_noop

from hazards.models import AreaLevel, Audience, HazardLevel, HazardType, Layer

from .audience import AUDIENCE_FEATURES, audience_view_set, restricted_layers_published
from .seismic import RETURN_PERIOD, intensity_level, intensity_per_unit
from .units import units_prepare

HIGH, MEDIUM, LOW = int(HazardLevel.HIGH), int(HazardLevel.MEDIUM), int(HazardLevel.LOW)
FEATURES = AUDIENCE_FEATURES  # the published features of the audience being computed (see audience.py)


@dataclass
class Finding:
    level: int | None
    evidence: dict = field(default_factory=dict)


class Rule:
    """One hazard type's rule. `evaluate` returns {unit key: Finding} for the units with evidence."""

    hazard = ""
    description = ""
    buffer_km = 0.0
    thresholds: dict = {}
    quick = True  # recomputed alone within seconds (hazards.analysis.access_change runs it inline)

    def hits(self, cursor, *, where: str = "true", buffer_km: float | None = None) -> dict[str, dict]:
        """Per unit: the highest level, the number of features, the top five (distinct features of published
        layers of this hazard type inside the unit, or within `buffer_km` of it)."""
        zones = "unit_zones" if (buffer_km if buffer_km is not None else self.buffer_km) else "unit_parts"
        cursor.execute(f"""
            WITH hit AS (
                SELECT DISTINCT z.key, f.id, f.fid, f.hazard_level, f.year, f.layer_slug AS slug, f.label,
                       f.layer_role AS role
                FROM {zones} z
                JOIN {FEATURES} f ON f.geom && z.g AND ST_Intersects(z.g, f.geom)
                WHERE f.hazard_code = %s AND {where}
            )
            SELECT key, max(hazard_level), count(*), array_agg(DISTINCT slug), array_agg(DISTINCT role),
                   (array_agg(json_build_object('layer', slug, 'id', fid, 'level', hazard_level, 'year', year,
                                                'label', label)
                              ORDER BY hazard_level DESC NULLS LAST, year DESC NULLS LAST, id))[1:5]
            FROM hit GROUP BY key""", [self.hazard])
        return {key: {"max": top, "count": n, "layers": sorted(layers), "roles": set(roles), "top": features}
                for key, top, n, layers, roles, features in cursor.fetchall()}

    def evaluate(self, cursor) -> dict[str, Finding]:
        raise NotImplementedError


def _bump(level: int | None, at_least: int) -> int:
    return max(level or 0, at_least)


class EventRule(Rule):
    """Recorded events (floods and outbursts, mudflows, landslides): the worst event's level, raised by the
    number of events; areas with no recorded event have no level ("no data")."""

    thresholds = {"at_least_medium_from_events": 10, "at_least_low_from_events": 1}

    def __init__(self, hazard: str):
        self.hazard = hazard
        self.description = (f"{hazard}: the highest level of the recorded events in the area; 10 or more events "
                            "make it at least medium, one or more at least low")

    def evaluate(self, cursor):
        findings = {}
        for key, hit in self.hits(cursor).items():
            level = hit["max"]
            if hit["count"] >= self.thresholds["at_least_medium_from_events"]:
                level = _bump(level, MEDIUM)
            elif hit["count"] >= self.thresholds["at_least_low_from_events"]:
                level = _bump(level, LOW)
            findings[key] = Finding(level, {"events": hit["count"], "layers": hit["layers"], "top": hit["top"]})
        return findings


class SeismicRule(Rule):
    """The MSK-64 intensity with a 10 % probability of exceedance in 50 years (return period 475 years) from a
    probabilistic model over the earthquake catalogue and the active faults (hazards/analysis/seismic.py): the
    highest in the area; ≥ 8 high, 7 medium, 6 low, below very low (ThinkHazard!: levels from return-period
    hazard, not from the strongest event). The recorded events within the area and 25 km around it are kept as
    evidence."""

    hazard = HazardType.SEISMIC
    buffer_km = 25
    quick = False  # the model over the whole catalogue takes seconds
    thresholds = {"intensity_high": 8, "intensity_medium": 7, "intensity_low": 6, "events_buffer_km": 25,
                  "return_period_years": RETURN_PERIOD, "probability_in_50_years": 0.10}
    description = ("seismic: the MSK-64 intensity with a 10 % probability of exceedance in 50 years (475-year "
                   "return period) from a probabilistic model (PSHA) over the earthquake catalogue — declustered "
                   "(Gardner–Knopoff), complete periods, smoothed-seismicity sources with Weichert b-values, active "
                   "faults raising the maximum magnitude, Shebalin's intensity equation I = 1.5·MLH − 3.5·lg R + 3 "
                   "with σ = 0.7 — the highest in the area: ≥ 8 high, 7 medium, 6 low, below 6 very low")

    def evaluate(self, cursor):
        model = intensity_per_unit(cursor, FEATURES)
        events = self.hits(cursor, where="ST_Dimension(f.geom) = 0")
        findings = {}
        cursor.execute("SELECT key FROM units")
        for (key,) in cursor.fetchall():
            expected, hit = model.get(key), events.get(key)
            if expected is None and hit is None:
                continue
            hit = hit or {"count": 0, "layers": [], "top": []}
            findings[key] = Finding(
                intensity_level(expected["intensity"]) if expected else hit.get("max"),
                {"intensity": expected["intensity"] if expected else None,
                 "intensity_at": expected["at"] if expected else None, "return_period_years": RETURN_PERIOD,
                 "model": expected["model"] if expected else None,
                 "events": hit["count"], "layers": hit["layers"], "top": hit["top"]})
        return findings


class ManmadeRule(Rule):
    """Nuclear test explosions in the area: high. Dams and reservoirs in the area: their own level (hydropower
    capacity classes), a reservoir at least low. A large dam (≥1000 MW) upstream of a country: at least medium."""

    hazard = HazardType.MANMADE
    thresholds = {"nuclear": "high", "large_dam_upstream": "medium"}
    description = ("man-made: nuclear explosions in the area make it high; dams and reservoirs in it give their "
                   "level; a large dam (≥1000 MW) upstream of a country makes the country at least medium")

    def evaluate(self, cursor):
        findings = {}
        for key, hit in self.hits(cursor).items():
            nuclear = Layer.Role.NUCLEAR_TESTS in hit["roles"]
            level = HIGH if nuclear else _bump(hit["max"], LOW)
            findings[key] = Finding(level, {"features": hit["count"], "layers": hit["layers"], "top": hit["top"],
                                            "nuclear_test_site": nuclear})
        cursor.execute(f"""
            SELECT u.key, array_agg(DISTINCT f.label || ' (' || array_to_string(f.countries, ',') || ')')
            FROM units u
            JOIN hazards_country c ON c.id = u.country_id AND u.level = 0
            JOIN hazards_featureanalysis a ON c.iso3 = ANY(a.downstream_countries)
            JOIN {FEATURES} f ON f.id = a.feature_id AND f.version_id = a.version_id
                 AND f.hazard_level = %s AND NOT (c.iso3 = ANY(f.countries))
            WHERE f.hazard_code = %s
            GROUP BY u.key""", [HIGH, self.hazard])
        for key, dams in cursor.fetchall():
            finding = findings.setdefault(key, Finding(None, {"features": 0, "top": []}))
            finding.level = _bump(finding.level, MEDIUM)
            finding.evidence["large_dams_upstream"] = sorted(dams)
        return findings


# The rules in words for people, by hazard type: English msgids, translated where passports show them (the
# `description` of each rule, stored in the evidence, stays the analysis's own English record).
RULE_TEXT = {
    HazardType.SEISMIC: gettext_noop(
        "The macroseismic intensity (MSK-64) exceeded with a probability of one in ten in 50 years (once in 475 "
        "years on average), the highest anywhere in the area, from a probabilistic model of the whole earthquake "
        "catalogue and the active faults: 8 or more is high, 7 medium, 6 low, below 6 very low."),
    HazardType.FLOOD: gettext_noop(
        "The highest level of the floods and outbursts recorded in the area (by lives lost); 10 or more events make "
        "it at least medium, one or more at least low."),
    HazardType.MUDFLOW: gettext_noop(
        "The highest level of the mudflows recorded in the area (by lives lost); 10 or more events make it at least "
        "medium, one or more at least low."),
    HazardType.LANDSLIDE: gettext_noop(
        "The highest level of the landslides recorded in the area (by lives lost); 10 or more events make it at "
        "least medium, one or more at least low."),
    HazardType.MANMADE: gettext_noop(
        "Nuclear test explosions in the area make it high; dams, reservoirs and tailings in it give their level; a "
        "large dam upstream of a country makes the country at least medium."),
}

RULES = [SeismicRule(), EventRule(HazardType.FLOOD), EventRule(HazardType.MUDFLOW), EventRule(HazardType.LANDSLIDE),
         ManmadeRule()]


def prepare_units(cursor) -> None:
    """The temporary views units, unit_parts and unit_zones (buffered by the seismic rule's distance) the rules
    read: the member countries and their admin areas, stored cut and buffered (hazards.analysis.units)."""
    units_prepare(cursor, buffer_m=SeismicRule.buffer_km * 1000)


def levels_compute(timings: dict, *, hazard_types: frozenset[int] | None = None) -> None:
    """Replace the AreaLevel rows of `hazard_types` (ids; None: every row), per audience: each rule's own level
    per unit, then the highest of an area and its parts. Without published restricted layers the public results
    are stored for both audiences (the full audience's rows of the other types are then the public ones too)."""
    started = time.perf_counter()
    types = {t.code: t for t in HazardType.objects.all()}
    rules = [rule for rule in RULES if hazard_types is None or types[rule.hazard].pk in hazard_types]
    audiences = list(Audience) if restricted_layers_published() else [Audience.PUBLIC]
    rows = []
    if rules:
        with connection.cursor() as cursor:
            prepare_units(cursor)
            cursor.execute("SELECT key, country_id, area_id, parent_key FROM units")
            units = {key: (country, area, parent) for key, country, area, parent in cursor.fetchall()}
            for audience in audiences:
                audience_view_set(cursor, audience)
                rows += _audience_levels(cursor, units, audience, rules, types)
    if len(audiences) == 1:
        rows += [_copy(row, audience=Audience.FULL) for row in rows]
    stored = AreaLevel.objects.all() if hazard_types is None else AreaLevel.objects.filter(
        hazard_type_id__in=hazard_types)
    stored.delete()
    AreaLevel.objects.bulk_create(rows)
    timings["levels"] = time.perf_counter() - started


def levels_refresh_is_quick(hazard: str) -> bool:
    """Whether `levels_refresh` of this hazard type takes seconds, not tens of seconds."""
    return all(rule.quick for rule in RULES if rule.hazard == hazard)


def levels_refresh(*, hazard: str, audience: str) -> int:
    """Replace `audience`'s levels of one hazard type by its rule's result over the layers that audience sees now
    (a layer's access changed); other hazard types and the other audience keep their rows. Returns how many rows
    were written (none when no rule reads that hazard type: reference layers)."""
    rules = [rule for rule in RULES if rule.hazard == hazard]
    if not rules:
        return 0
    hazard_type = HazardType.objects.get(code=hazard)
    rows = []
    with connection.cursor() as cursor:
        prepare_units(cursor)
        cursor.execute("SELECT key, country_id, area_id, parent_key FROM units")
        units = {key: (country, area, parent) for key, country, area, parent in cursor.fetchall()}
        audience_view_set(cursor, audience)
        for rule in rules:
            rows += _inherit(rule, rule.evaluate(cursor), units, hazard_type)
    for row in rows:
        row.audience = audience
    AreaLevel.objects.filter(hazard_type=hazard_type, audience=audience).delete()
    AreaLevel.objects.bulk_create(rows)
    return len(rows)


def _audience_levels(cursor, units: dict, audience: str, rules: list[Rule], types: dict) -> list:
    rows = []
    for rule in rules:
        rows += _inherit(rule, rule.evaluate(cursor), units, types[rule.hazard])
    for row in rows:
        row.audience = audience
    return rows


def _copy(row, **changes):
    values = {f.attname: getattr(row, f.attname) for f in AreaLevel._meta.concrete_fields if not f.primary_key}
    return AreaLevel(**{**values, **changes})


def _inherit(rule: Rule, findings: dict, units: dict, hazard_type) -> list:
    """Areas take the highest level of their parts (districts → region → country)."""
    level = {key: findings[key].level if key in findings else None for key in units}
    source = {key: None for key in units}
    for depth in (2, 1):  # districts raise regions, regions raise countries
        for key, (_, _area, parent) in units.items():
            if parent and _depth(key, units) == depth and (level[key] or 0) > (level.get(parent) or 0):
                level[parent], source[parent] = level[key], key
    rows = []
    for key, (country, area, _) in units.items():
        own = findings.get(key)
        evidence = {"rule": rule.description, "thresholds": rule.thresholds, **(own.evidence if own else {})}
        if source[key]:
            evidence["raised_by_part"] = source[key]
        if level[key] is None:
            evidence["note"] = ("no recorded evidence in the atlas's layers for this area; absence of records is "
                                "not absence of hazard")
        rows.append(AreaLevel(country_id=country, area_id=area, hazard_type=hazard_type, level=level[key],
                              own_level=own.level if own else None, evidence=evidence))
    return rows


def _depth(key: str, units: dict) -> int:
    depth, parent = 0, units[key][2]
    while parent:
        depth, parent = depth + 1, units[parent][2]
    return depth
