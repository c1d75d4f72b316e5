"""Admin boundaries nest (region/nesting.py, docs/analysis.md "Admin boundaries"): districts inside their region,
regions outside the other countries, measured on the loaded region with PostGIS."""

import pytest
from django.db import connection, transaction

from hazards.models import AdminArea
from region.areas import ADMIN_AREAS, WOF_FILE
from region.boundaries import load_admin_areas
from region.loader import REGION_DIR

pytestmark = pytest.mark.django_db
TOLERANCE_KM2 = 0.1  # what floating-point precision of a clip may leave (measured: at most 16 m²)


def rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def km2(expression: str) -> str:
    return f"ST_Area(({expression})::geography) / 1e6"


def test_every_district_lies_within_its_region():
    outside = rows(f"""
        SELECT d.code, d.name_en, {km2("ST_Difference(d.geom, r.geom)")} FROM hazards_adminarea d
        JOIN hazards_adminarea r ON r.id = d.parent_id
        WHERE d.level = 2 AND {km2("ST_Difference(d.geom, r.geom)")} > %s""", [TOLERANCE_KM2])
    assert outside == []


def test_every_district_has_a_region_of_its_own_country():
    orphans = rows("""
        SELECT d.code FROM hazards_adminarea d LEFT JOIN hazards_adminarea r ON r.id = d.parent_id
        WHERE d.level = 2 AND (r.id IS NULL OR r.level <> 1 OR r.country_id <> d.country_id)""")
    assert orphans == []


def test_no_district_of_the_sources_is_lost_by_the_clip():
    assert AdminArea.objects.filter(level=2).count() == 224 + 58 + 199


def test_districts_of_a_region_do_not_overlap():
    overlaps = rows(f"""
        SELECT a.code, b.code FROM hazards_adminarea a JOIN hazards_adminarea b
          ON a.parent_id = b.parent_id AND a.id < b.id AND a.level = 2 AND b.level = 2 AND a.geom && b.geom
        WHERE ST_Intersects(a.geom, b.geom) AND {km2("ST_Intersection(a.geom, b.geom)")} > %s""", [TOLERANCE_KM2])
    assert overlaps == []


def test_no_region_reaches_into_another_country():
    spills = rows(f"""
        SELECT r.code, c.iso3 FROM hazards_adminarea r JOIN hazards_country c
          ON c.id <> r.country_id AND c.geom && r.geom AND ST_Intersects(c.geom, r.geom)
        WHERE r.level = 1 AND {km2("ST_Intersection(c.geom, r.geom)")} > %s""", [TOLERANCE_KM2])
    assert spills == []


def test_kanimekh_no_longer_reaches_1164_km2_into_bukhara_region():
    # Measured before the clip: Kanimekh (Navoiy Region, OCHA ROCCA districts) covered 1,164.0 km² of Bukhara
    # Region (geoBoundaries OSM regions), where the Gazli earthquakes of 1976 and 1984 struck.
    (inside,) = rows(f"""
        SELECT {km2("ST_Intersection(d.geom, r.geom)")} FROM hazards_adminarea d, hazards_adminarea r
        WHERE d.name_en = 'Kanimekh' AND r.code = 'UZ-BU'""")
    assert inside[0] <= TOLERANCE_KM2


def test_kanimekh_belongs_to_navoiy_region():
    assert AdminArea.objects.get(level=2, name_en="Kanimekh").parent.code == "UZ-NW"


def test_shirin_city_outside_every_source_region_joins_the_nearest_syrdarya_region():
    shirin = AdminArea.objects.get(level=2, name_en="Shirin city")
    assert shirin.parent.code == "UZ-SI"
    assert shirin.geom.area > 0


@pytest.mark.parametrize("code", ["UZ-NW", "UZ-SI"])
def test_a_region_once_lifted_by_its_districts_reach_into_a_neighbour_keeps_its_own_seismic_level(client, code):
    # Before the clip Navoiy Region read "high" (own "medium") through Kanimekh's part of Bukhara Region, and
    # Syrdarya Region "medium" (own "low") through Khavas' part of Jizzakh Region.
    body = client.get(f"/api/v1/passports/UZB/{code}/", HTTP_ACCEPT_LANGUAGE="en").json()
    seismic = next(item for item in body["levels"] if item["hazard"] == "seismic")
    assert seismic["level"] == seismic["own_level"]
    assert "raised_by_part" not in seismic["evidence"]


def test_loading_the_boundaries_again_changes_nothing():
    with transaction.atomic():
        assert load_admin_areas(REGION_DIR, ADMIN_AREAS, WOF_FILE) == 0


def test_sergeli_a_district_of_tashkent_city_stays_in_the_city():
    # gazeta.uz (2016-09-26) "Sergeli district of Tashkent"; the two sources' edges put two thirds of it in the region.
    assert AdminArea.objects.get(level=2, name_en="Sergeli").parent.code == "UZ-TK"


# Districts of the city of Tashkent (primidi.com/tashkent/districts: Chilanzar, Mirobod, Hamza — Yashnobod since 2014).
@pytest.mark.parametrize("name", ["Mirabad", "Chilanzar", "Yashnobod"])
def test_districts_of_tashkent_city_belong_to_the_city_not_the_region_around_it(name):
    assert AdminArea.objects.get(level=2, name_en=name).parent.code == "UZ-TK"
