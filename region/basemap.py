"""The base map's content (table base_feature, drawn by serving.basemap): Natural Earth 1:10m rivers, lakes and
glaciers and GeoNames places of fixtures/region, names in Russian and Kazakh from the names register
(fixtures/names) and the sources' own Cyrillic forms, and the lakes of the objects register (fixtures/basins) as
water labels. fixtures/basemap/SOURCES.md says where each comes from and which rules pick the names."""

import csv
import json
import re
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
RUSSIAN = re.compile(r"^[А-ЯЁа-яё][А-ЯЁа-яё \-]*$")
KAZAKH_LETTERS = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LAKE_KINDS = ("natural_dam_lake", "glacial_lake")
# Population from which a place is drawn at a zoom (the first threshold it reaches); smaller places from 10.
PLACE_ZOOMS = ((1_000_000, 3), (300_000, 4), (100_000, 5), (50_000, 6), (20_000, 7), (10_000, 8), (5_000, 9))

INSERT = """INSERT INTO base_feature (kind, name_ru, name_en, name_kk, rank, min_zoom, source, geom, merc)
            SELECT %s, %s, %s, %s, %s, %s, %s, g, ST_Transform(g, 3857)
            FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326) AS g) s"""
# Lakes are written at the centre of the largest circle inside them, as the admin areas' names are.
LAKE_LABELS = """INSERT INTO base_feature (kind, name_ru, name_en, name_kk, rank, min_zoom, source, geom, merc)
                 SELECT 'water_label', name_ru, name_en, name_kk, rank, min_zoom, source, p, ST_Transform(p, 3857)
                 FROM base_feature CROSS JOIN LATERAL (
                     SELECT (ST_MaximumInscribedCircle(ST_MakeValid(geom))).center AS p) c
                 WHERE kind = 'lake' AND name_en IS NOT NULL"""


def place_min_zoom(population: int) -> int:
    """The zoom from which a place of `population` is drawn."""
    return next((zoom for threshold, zoom in PLACE_ZOOMS if population >= threshold), 10)


def _features(name: str) -> list[dict]:
    return json.loads((FIXTURES / "region" / name).read_text(encoding="utf-8"))["features"]


def _clean(name: str | None) -> str | None:
    """A source's name with its doubled spaces closed ("Amu  Darya")."""
    return " ".join(name.split()) if name else None


def _register(kinds: tuple[str, ...]) -> dict[str, dict]:
    """The names register's rows of `kinds`, by each of their English and variant spellings."""
    places: dict[str, dict] = {}
    with (FIXTURES / "names" / "names.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if row["kind"] in kinds:
                for spelling in [row["name_en"], *row["variants"].split(";")]:
                    places.setdefault(spelling.strip(), row)
    return places


def _only(forms: list[str]) -> str | None:
    """The one form of `forms`, or None when there are none or several (the source does not say which is used)."""
    return forms[0] if len(set(forms)) == 1 else None


def place_names(props: dict, register: dict, ne_russian: dict) -> tuple[str | None, str | None]:
    """(Russian, Kazakh) names of a GeoNames place: the register's first, then Natural Earth's Russian name, then
    the place's one Cyrillic form in Russian letters (Kazakh letters, for a place in Kazakhstan, for Kazakh)."""
    row = register.get(props["name"])
    forms = [f for f in (props.get("alternatenames") or "").split("|") if CYRILLIC.search(f)]
    russian = (row and row["name_ru"]) or ne_russian.get(props["geonameid"]) or _only(
        [f for f in forms if RUSSIAN.match(f)])
    kazakh = (row and row["name_kk"]) or (
        _only([f for f in forms if KAZAKH_LETTERS.search(f)]) if props["countrycode"] == "KZ" else None)
    return russian or None, kazakh or None


def _named(kind: str, name: str | None, register: dict) -> tuple:
    """(kind, Russian, English, Kazakh): the register's names of a water body where it has them."""
    row = register.get(name or "") or {}
    return kind, row.get("name_ru") or None, name, row.get("name_kk") or None


def _rows() -> list[tuple]:
    rows = []
    waters = _register(("lake", "river", "reservoir"))
    for f in _features("ne_10m_rivers_lake_centerlines_ca.geojson"):
        p = f["properties"]
        if p["featurecla"] != "River":  # a lake's centre line would be drawn and named across the lake
            continue
        rows.append((*_named("river", _clean(p["name_en"] or p["name"]), waters), p["scalerank"] or 0,
                     int(p["min_zoom"] or 0), "ne_10m_rivers", json.dumps(f["geometry"])))
    for f in _features("ne_10m_lakes_ca.geojson"):
        p = f["properties"]
        rows.append((*_named("lake", _clean(p["name"]), waters), p["scalerank"] or 0, int(p["min_zoom"] or 0),
                     "ne_10m_lakes", json.dumps(f["geometry"])))
    for f in _features("ne_10m_glaciated_areas_ca.geojson"):
        p = f["properties"]
        rows.append(("glacier", None, None, None, p["scalerank"] or 0, int(p["min_zoom"] or 0),
                     "ne_10m_glaciated_areas", json.dumps(f["geometry"])))
    register = _register(("city",))
    ne_russian = {int(f["properties"]["geonameid"]): f["properties"]["name_ru"]
                  for f in _features("ne_10m_populated_places_ca.geojson")
                  if f["properties"].get("geonameid") and f["properties"].get("name_ru")}
    for f in _features("geonames_cities1000_ca.geojson"):
        p = f["properties"]
        russian, kazakh = place_names(p, register, ne_russian)
        population = int(p["population"] or 0)
        rows.append(("place", russian, p["name"], kazakh, population, place_min_zoom(population),
                     "geonames_cities1000", json.dumps(f["geometry"])))
    return rows + _register_lakes()


def _register_lakes() -> list[tuple]:
    """The objects register's natural-dam and glacial lakes (Lake Sarez, Shadau, …) as water labels from zoom 8:
    the open data the atlas has hold no outline of them."""
    rows = []
    with (FIXTURES / "basins" / "objects.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            # A row without an area is the dam of a lake (the Usoi landslide dam), not water.
            if row["kind"] in LAKE_KINDS and row["lon"] and row["lat"] and row["area_km2"]:
                point = {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]}
                rows.append(("water_label", row["name_ru"] or None, row["name_en"], row["name_kk"] or None,
                             float(row["area_km2"]), 8, "objects_register", json.dumps(point)))
    return rows


@transaction.atomic
def basemap_load() -> int:
    """Replace the base map's rows by the fixtures'; returns how many there are."""
    rows = _rows()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM base_feature")
        cursor.executemany(INSERT, rows)
        cursor.execute(LAKE_LABELS)
        cursor.execute("ANALYZE base_feature")
        cursor.execute("SELECT count(*) FROM base_feature")
        return cursor.fetchone()[0]
