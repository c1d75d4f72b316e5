"""The reach of an alert area, from what the atlas knows, computed in PostGIS: the countries and admin areas it
touches, the countries within its hazard type's influence distance (buffered in the analysis's equidistant
conic), the countries downstream of the river hazards (dams, reservoirs, lakes, tailings) inside it — from their
feature analysis — and the people of the populated places inside the area or its influence distance.

Always computed for the public audience: the reach goes out with public and regional messages, and nothing
derived from a restricted layer may leak into them."""

from django.contrib.gis.geos import MultiPolygon
from django.db import connection
from django.db.backends.utils import CursorWrapper

from hazards.analysis.audience import published_features
from hazards.analysis.features import EQUIDISTANT
from hazards.i18n import localized
from hazards.models import Audience, Layer, River

SLIVER = 0.01  # share of an admin area (or of the alert area) below which an overlap is a boundary sliver
AREA = "WITH a AS (SELECT ST_GeomFromEWKB(%(area)s) AS g)"
# The area with its influence distance: computed once per reach (buffering a drawn area of thousands of vertices
# is most of the reach's time), then passed to the queries that need it.
BUFFER = (f"SELECT ST_AsEWKB(ST_Transform(ST_Buffer(ST_Transform(ST_GeomFromEWKB(%(area)s), '{EQUIDISTANT}'), "
          f"%(km)s * 1000), '{EQUIDISTANT}', 4326))")
ZONE = "WITH z AS (SELECT ST_GeomFromEWKB(%(zone)s) AS g)"
Params = dict[str, float | bytes | str]  # the queries' named parameters: area, km, zone


def _zone(cursor: CursorWrapper, *, area: bytes, km: float) -> bytes:
    """The EWKB of the area grown by the influence distance (the area itself without one)."""
    if not km:
        return area
    cursor.execute(BUFFER, {"area": area, "km": km})
    row = cursor.fetchone()
    if row is None:  # a SELECT without FROM always has its one row
        raise RuntimeError("the buffer query returned no row")
    return bytes(row[0])


def _countries(cursor: CursorWrapper, params: Params) -> list[str]:
    cursor.execute(f"""{AREA}
        SELECT DISTINCT c.iso3 FROM a JOIN hazards_countrypart p ON p.geom && a.g AND ST_Intersects(p.geom, a.g)
        JOIN hazards_country c ON c.id = p.country_id ORDER BY 1""", params)
    return [row[0] for row in cursor.fetchall()]


def _admin_areas(cursor: CursorWrapper, params: Params) -> list[dict]:
    cursor.execute(f"""{AREA}
        SELECT c.iso3, aa.level, aa.code, aa.name_ru, aa.name_en, aa.name_kk
        FROM a JOIN hazards_adminarea aa ON aa.geom && a.g AND ST_Intersects(aa.geom, a.g)
        JOIN hazards_country c ON c.id = aa.country_id
        -- A region the area only borders is not touched: a picked region, simplified to the CAP vertex budget,
        -- overlaps its neighbours by slivers along the shared boundary. Kept when the overlap is at least
        -- SLIVER of the smaller of the two (a small area inside a region is wholly in it).
        WHERE ST_Area(ST_Intersection(aa.geom, a.g)) >= %(sliver)s * LEAST(ST_Area(aa.geom), ST_Area(a.g))
        ORDER BY c.iso3, aa.level, aa.code""", {**params, "sliver": SLIVER})
    return [{"country": iso3, "level": level, "code": code, "name_ru": ru, "name_en": en, "name_kk": kk}
            for iso3, level, code, ru, en, kk in cursor.fetchall()]


def _influence(cursor: CursorWrapper, params: Params) -> list[str]:
    if not params["km"]:
        return []
    cursor.execute(f"""{ZONE}
        SELECT DISTINCT c.iso3 FROM z JOIN hazards_countrypart p ON p.geom && z.g AND ST_Intersects(p.geom, z.g)
        JOIN hazards_country c ON c.id = p.country_id ORDER BY 1""", params)
    return [row[0] for row in cursor.fetchall()]


def _register_names(cursor: CursorWrapper, codes: set[str]) -> dict[str, dict[str, str]]:
    """The names (ru, en, kk) of the register objects `codes`, from the public register layers (the objects other
    layers are matched to: hazards.analysis.matching)."""
    if not codes:
        return {}
    cursor.execute(f"""
        SELECT DISTINCT ON (r.properties ->> 'code') r.properties ->> 'code', r.properties ->> 'name_ru',
               r.properties ->> 'name_en', r.properties ->> 'name_kk'
        FROM {published_features(Audience.PUBLIC)} r
        JOIN hazards_layer l ON l.id = r.layer_id AND l.river_field <> ''
        WHERE r.properties ->> 'code' = ANY(%(codes)s)
        ORDER BY r.properties ->> 'code', r.layer_slug""", {"codes": sorted(codes)})
    return {code: {"ru": ru or "", "en": en or "", "kk": kk or ""} for code, ru, en, kk in cursor.fetchall()}


def _downstream(cursor: CursorWrapper, params: Params) -> dict[str, list[dict]]:
    """Per country downstream, the river hazards inside the area that reach it: each with its layer, river, the
    register object it is (`object`, empty when none) and that object's names."""
    cursor.execute(f"""{AREA}
        SELECT f.label, f.layer_slug, fa.river, fa.downstream_countries, fa.same_as
        FROM a JOIN {published_features(Audience.PUBLIC)} f ON f.geom && a.g AND ST_Intersects(a.g, f.geom)
        JOIN hazards_featureanalysis fa ON fa.feature_id = f.id AND fa.version_id = f.version_id
        WHERE cardinality(fa.downstream_countries) > 0
        ORDER BY f.layer_slug, f.label""", params)
    rows = cursor.fetchall()
    names = _register_names(cursor, {same_as for *_, same_as in rows if same_as})
    downstream: dict[str, list[dict]] = {}
    for label, layer, river, countries, same_as in rows:
        item = {"feature": label, "layer": layer, "river": river, "object": same_as,
                "names": names.get(same_as, {})}
        for iso3 in countries:
            downstream.setdefault(iso3, []).append(item)
    return dict(sorted(downstream.items()))


def _exposed(cursor: CursorWrapper, params: Params) -> dict[str, dict]:
    cursor.execute(f"""{ZONE}
        SELECT f.countries[1], sum((f.properties->>l.population_field)::bigint), count(*)
        FROM z JOIN {published_features(Audience.PUBLIC)} f ON f.geom && z.g AND ST_Intersects(z.g, f.geom)
        JOIN hazards_layer l ON l.id = f.layer_id
        WHERE f.layer_role = %(role)s AND l.population_field <> ''
          AND f.properties->>l.population_field ~ '^[0-9]+$' AND f.countries[1] IS NOT NULL
        GROUP BY 1 ORDER BY 1""", {**params, "role": Layer.Role.POPULATION})
    return {iso3: {"population": int(population), "places": places} for iso3, population, places in cursor.fetchall()}


def reach_compute(area: MultiPolygon, influence_km: float) -> dict:
    """The reach of `area` for a hazard whose influence distance is `influence_km` (a dict of the Reach fields)."""
    ewkb, km = bytes(area.ewkb), float(influence_km or 0)
    params: Params = {"area": ewkb, "km": km}
    with connection.cursor() as cursor:
        params["zone"] = _zone(cursor, area=ewkb, km=km)
        countries = _countries(cursor, params)
        influence = [iso3 for iso3 in _influence(cursor, params) if iso3 not in countries]
        return {"countries": countries, "admin_areas": _admin_areas(cursor, params),
                "influence_countries": influence, "downstream": _downstream(cursor, params),
                "exposed": _exposed(cursor, params), "influence_km": km}


def _object_name(item: dict, language: str | None) -> str:
    """An object's name in `language`: the register's name when the object is a register object (falling back
    like every translated name), else the feature's own label."""
    names = item.get("names") or {}
    lang = (language or "ru")[:2]
    for candidate in (lang, "ru", "en", "kk"):
        if names.get(candidate):
            return names[candidate]
    return item.get("feature") or ""


def reach_by_river(downstream: dict[str, list[dict]], *, issuer: str | None = None,
                   language: str | None = None) -> list[dict]:
    """A reach's objects downstream (`Reach.downstream`, per country) as a reader wants them: each object once —
    however many layers hold it (the same register object in the register, the power plants and the reservoirs is
    one, named from the register in `language`) and countries it reaches —, grouped by its river, the river named
    in `language` (the curated rivers' names; as recorded when the atlas has none): [{"river", "objects",
    "countries"}], sorted by river; the issuing country `issuer` is left out of the countries."""
    objects: dict[str, dict[str, str]] = {}  # per river: object key → its name in `language`
    countries: dict[str, set[str]] = {}
    for iso3, items in downstream.items():
        if iso3 == issuer:
            continue
        for item in items:
            river = item.get("river") or ""
            key = item.get("object") or item.get("feature") or ""
            objects.setdefault(river, {}).setdefault(key, _object_name(item, language))
            countries.setdefault(river, set()).add(iso3)
    names = {river.name_en: localized(river, "name", language) for river in River.objects.filter(name_en__in=objects)}
    rows = [{"river": names.get(river, river), "objects": sorted(set(filter(None, objects[river].values()))),
             "countries": sorted(countries[river])} for river in objects]
    return sorted(rows, key=lambda row: (not row["river"], row["river"]))
