"""The register of historic events (fixtures/events): its rows cited and well formed, and its facts as a client
reads them back — the layers' GeoJSON, the passports, the coverage matrix and the matrix cells, asked for with gzip
as browsers and GIS clients ask. Each fact is cited in fixtures/events/SOURCES.md (the source ids beside it)."""

import csv
import datetime
import gzip
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point

from hazards.models import AdminArea, Country
from region.catalogue import LAYERS

pytestmark = pytest.mark.django_db

EVENTS = Path(settings.BASE_DIR) / "fixtures" / "events"
ROWS = list(csv.DictReader((EVENTS / "events.csv").open(encoding="utf-8")))
BY_CODE = {row["code"]: row for row in ROWS}
RIVERS = {row["code"] for row in csv.DictReader((Path(settings.BASE_DIR) / "fixtures" / "basins" / "rivers.csv")
                                                 .open(encoding="utf-8"))}
SOURCE_ROW = re.compile(r"^\| (?P<id>[A-Z]\d+) \| (?P<where>[^|]+) \| (?P<title>[^|]*) \| (?P<sentence>.+) \|$")
SOURCES = {m["id"]: m for m in map(SOURCE_ROW.match, (EVENTS / "SOURCES.md").read_text().splitlines()) if m}
MAPPED = [row for row in ROWS if row["lon"]]
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip"}
PRECISION = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}", "unknown": r""}
KIND_TO_LAYER = {"flood": "flood", "glof": "flood", "dam_failure": "flood", "mudflow": "mudflow",
                 "landslide": "landslide", "industrial": "manmade"}
SEL_OUTBURSTS = {"issyk_lake_outburst_1963", "medeu_mudflow_1973", "dasht_shakhdara_mudflow_2002"}


# --- the register as a file -------------------------------------------------------------------------------------

@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["code"])
def test_every_source_of_a_row_is_listed_with_an_address_and_a_quoted_sentence(row):
    for source in row["source_ids"].split(";"):
        assert source in SOURCES, source
        assert re.match(r"(https?://|fixtures/)", SOURCES[source]["where"].strip()), source
        assert len(SOURCES[source]["sentence"].strip()) > 20, source


def test_no_two_rows_share_a_code():
    codes = [row["code"] for row in ROWS]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["code"])
def test_each_date_is_as_precise_as_it_says_and_parses(row):
    assert re.fullmatch(PRECISION[row["date_precision"]], row["date"])
    padded = {"day": row["date"], "month": row["date"] + "-01", "year": row["date"] + "-01-01",
              "unknown": "0001-01-01"}[row["date_precision"]]
    assert datetime.date.fromisoformat(padded) <= datetime.date(2026, 12, 31)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["code"])
def test_each_row_is_shown_by_the_layer_of_its_kind(row):
    expected = "mudflow" if row["code"] in SEL_OUTBURSTS else KIND_TO_LAYER[row["hazard"]]
    assert row["atlas_hazard"] == expected


@pytest.mark.parametrize("row", [row for row in ROWS if row["river"]], ids=lambda row: row["code"])
def test_a_river_code_is_one_of_the_river_register(row):
    assert row["river"] in RIVERS


def test_the_rows_without_a_point_are_the_number_the_gaps_note_states():
    stated = re.search(r"## Rows without a point: (\d+)", (EVENTS / "GAPS.md").read_text())
    assert int(stated.group(1)) == len(ROWS) - len(MAPPED)


def test_the_rows_without_a_point_are_each_named_in_the_gaps_note():
    gaps = (EVENTS / "GAPS.md").read_text()
    assert [row["code"] for row in ROWS if not row["lon"] and f"`{row['code']}`" not in gaps] == []


def test_every_point_states_its_basis():
    assert [row["code"] for row in MAPPED if not row["point_basis"]] == []


def test_the_layers_select_every_mapped_row_once():
    specs = [spec for spec in LAYERS if spec.file.endswith("events/events.csv")]
    assert sorted(spec.hazard for spec in specs) == ["flood", "landslide", "manmade", "mudflow"]
    assert sum(spec.expected_count or 0 for spec in specs) == len(MAPPED)


@pytest.mark.parametrize("row", MAPPED, ids=lambda row: row["code"])
def test_each_point_lies_in_the_country_named_first(row):
    point = Point(float(row["lon"]), float(row["lat"]), srid=4326)
    first = row["countries_affected"].split(";")[0]
    assert Country.objects.get(iso3=first).geom.contains(point)


# --- the facts as a client reads them -----------------------------------------------------------------------------

def _json(client, url: str) -> dict:
    response = client.get(url, **GZIP)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body)


def _feature(client, hazard: str, code: str) -> dict:
    collection = _json(client, f"/api/v1/layers/{hazard}-events-register/features/?prop.code={code}")
    assert len(collection["features"]) == 1
    return collection["features"][0]


def _level(passport: dict, hazard: str) -> dict:
    return next(level for level in passport["levels"] if level["hazard"] == hazard)


def test_sardoba_2020_lies_in_uzbekistans_syrdarya_region(client):
    feature = _feature(client, "flood", "sardoba_dam_failure_2020")  # A01, A23
    point = Point(*feature["geometry"]["coordinates"], srid=4326)
    assert feature["properties"]["countries"] == ["UZB"]
    assert AdminArea.objects.get(country__iso3="UZB", code="UZ-SI").geom.contains(point)


def test_sardoba_2020_names_kazakhstan_among_the_countries_affected(client):
    feature = _feature(client, "flood", "sardoba_dam_failure_2020")  # A02: Maktaaral district evacuated
    assert feature["properties"]["countries_affected"] == "UZB;KAZ"


def test_the_atlas_walks_sardoba_2020_downstream_into_kazakhstan(client):
    feature = _feature(client, "flood", "sardoba_dam_failure_2020")
    assert "KAZ" in feature["properties"]["downstream_countries"]


def test_sardoba_2020_is_dated_the_first_of_may(client):
    feature = _feature(client, "flood", "sardoba_dam_failure_2020")  # A02, A03
    assert feature["properties"]["date"] == "2020-05-01"
    assert feature["properties"]["year"] == 2020


def test_sardoba_2020_shows_in_the_matrix_cell_from_uzbekistan_to_kazakhstan(client):
    page = client.get("/passport/matrix/UZB/KAZ/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Sardoba dam failure" in page.content.decode()


def test_the_almaty_mudflow_of_1921_killed_about_five_hundred(client):
    feature = _feature(client, "mudflow", "almaty_mudflow_1921")  # A09, A10
    assert feature["properties"]["deaths"] == 500
    assert feature["properties"]["hazard_level"] == "high"
    assert feature["properties"]["year"] == 1921


def test_almatys_decade_chart_counts_two_mudflows_in_the_1920s(client):
    passport = _json(client, "/api/v1/passports/KAZ/KZ-75/")
    twenties = next(d for d in passport["events_by_decade"] if d["decade"] == "1920s")
    # The register's 1921 mudflow (A07-A10) and HMAGLOFDB's 1927 outburst of Tuyuksu lake number 2 (G3).
    assert twenties["counts"]["mudflow"] == 2


def test_shakhimardan_1998_killed_about_a_hundred_in_kyrgyzstan_and_uzbekistan(client):
    feature = _feature(client, "flood", "shakhimardan_glof_1998")  # A24, G3
    assert feature["properties"]["deaths"] == 100
    assert feature["properties"]["countries_affected"] == "KGZ;UZB"
    assert feature["properties"]["date"] == "1998-07-08"


def test_kyzyl_agash_2010_is_a_dam_failure_in_kazakhstan_of_march_2010(client):
    feature = _feature(client, "flood", "kyzyl_agash_dam_failure_2010")  # A17, A19
    assert feature["properties"]["hazard"] == "dam_failure"
    assert feature["properties"]["countries"] == ["KAZ"]
    assert feature["properties"]["date"] == "2010-03-11"
    assert feature["properties"]["deaths"] == 43
    assert feature["properties"]["hazard_level"] == "medium"


def test_the_issyk_outburst_of_1963_is_a_mudflow_with_fifty_two_dead(client):
    feature = _feature(client, "mudflow", "issyk_lake_outburst_1963")  # G3, A11
    assert feature["properties"]["deaths"] == 52
    assert feature["properties"]["year"] == 1963
    assert feature["properties"]["countries"] == ["KAZ"]


def test_the_medeu_mudflow_of_1973_killed_ten(client):
    feature = _feature(client, "mudflow", "medeu_mudflow_1973")  # G3, A15
    assert feature["properties"]["deaths"] == 10
    assert feature["properties"]["date"] == "1973-07-15"


def test_the_khait_landslide_of_1949_is_high(client):
    feature = _feature(client, "landslide", "khait_landslide_1949")  # A21: about 800 by the landslide itself
    assert feature["properties"]["deaths"] == 800
    assert feature["properties"]["hazard_level"] == "high"
    assert feature["properties"]["countries"] == ["TJK"]


def test_the_usoi_landslide_of_1911_dammed_the_bartang(client):
    feature = _feature(client, "landslide", "usoi_landslide_1911")  # A76
    assert feature["properties"]["date"] == "1911-02-18"
    assert feature["properties"]["river"] == "bartang"


def test_the_sharora_landslide_of_1989_killed_274(client):
    feature = _feature(client, "landslide", "sharora_landslide_1989")  # A78
    assert feature["properties"]["deaths"] == 274
    assert feature["properties"]["year"] == 1989


def test_the_arys_depot_explosions_of_2019_killed_three(client):
    feature = _feature(client, "manmade", "arys_depot_explosion_2019")  # A47, A48
    assert feature["properties"]["deaths"] == 3
    assert feature["properties"]["date"] == "2019-06-24"
    assert feature["properties"]["countries"] == ["KAZ"]


def test_the_abadan_explosions_of_2011_are_in_turkmenistan_with_fifteen_official_dead(client):
    feature = _feature(client, "manmade", "abadan_arsenal_explosion_2011")  # A35, A36
    assert feature["properties"]["deaths"] == 15
    assert feature["properties"]["countries"] == ["TKM"]
    assert feature["properties"]["hazard_level"] == "medium"


def test_the_kostenko_mine_explosion_of_2023_killed_46(client):
    feature = _feature(client, "manmade", "kostenko_mine_explosion_2023")  # A111
    assert feature["properties"]["deaths"] == 46
    assert feature["properties"]["date"] == "2023-10-28"


def test_the_barskoon_cyanide_spill_of_1998_lies_at_barskoon(client):
    feature = _feature(client, "manmade", "barskoon_cyanide_spill_1998")  # A139, A52
    assert feature["geometry"]["coordinates"] == pytest.approx([77.60389, 42.15611])
    assert feature["properties"]["countries"] == ["KGZ"]


def test_the_dasht_outburst_of_2002_killed_twenty_one(client):
    feature = _feature(client, "mudflow", "dasht_shakhdara_mudflow_2002")  # A69
    assert feature["properties"]["deaths"] == 21
    assert feature["properties"]["countries"] == ["TJK"]


def test_the_tagtabazar_flood_is_on_the_murghab_without_a_year(client):
    feature = _feature(client, "flood", "tagtabazar_murghab_flood")  # A30, A94: no year stated
    assert feature["properties"]["river"] == "murghab"
    assert feature["properties"]["year"] is None
    assert feature["properties"]["countries"] == ["TKM"]


def test_the_2024_kazakhstan_floods_evacuated_almost_117_000(client):
    feature = _feature(client, "flood", "kazakhstan_spring_floods_2024")  # A42
    assert feature["properties"]["evacuated"] == 117000


def test_the_kagan_depot_explosion_of_2008_is_in_uzbekistan(client):
    feature = _feature(client, "manmade", "kagan_depot_explosion_2008")  # A92, A93
    assert feature["properties"]["deaths"] == 3
    assert feature["properties"]["countries"] == ["UZB"]


@pytest.mark.parametrize(("iso3", "hazard"), [("UZB", "flood"), ("UZB", "mudflow"), ("TKM", "flood"),
                                              ("TKM", "mudflow")])
def test_the_cells_that_read_no_data_now_have_a_level(client, iso3, hazard):
    assert _level(_json(client, f"/api/v1/passports/{iso3}/"), hazard)["level"] is not None


@pytest.mark.parametrize(("iso3", "hazard"), [("UZB", "flood"), ("UZB", "mudflow"), ("TKM", "flood"),
                                              ("TKM", "mudflow"), ("UZB", "manmade"), ("TKM", "manmade")])
def test_the_register_is_among_the_evidence_of_the_cell(client, iso3, hazard):
    findings = _level(_json(client, f"/api/v1/passports/{iso3}/"), hazard)["findings"]
    assert f"{hazard}-events-register" in {finding["layer_slug"] for finding in findings}


def test_the_syrdarya_region_passport_names_sardoba_among_its_floods(client):
    findings = _level(_json(client, "/api/v1/passports/UZB/UZ-SI/"), "flood")["findings"]
    assert "Sardoba dam failure" in {finding["name"] for finding in findings}


def test_the_khait_landslide_raises_tajikistans_landslide_level_to_high(client):
    assert _level(_json(client, "/api/v1/passports/TJK/"), "landslide")["level"] == "high"


@pytest.mark.parametrize(("iso3", "hazard"), sorted({
    (row["countries_affected"].split(";")[0], row["atlas_hazard"]) for row in MAPPED}))
def test_the_coverage_matrix_has_data_where_the_register_has_a_mapped_event(client, iso3, hazard):
    coverage = {row["country"]: row for row in _json(client, "/api/v1/coverage/")["coverage"]}
    cell = next(cell for cell in coverage[iso3]["hazards"] if cell["hazard"] == hazard)
    assert f"{hazard}-events-register" in {layer["layer"] for layer in cell["layers"]}


def test_turkmenistan_landslide_is_the_one_member_cell_still_empty(client):
    coverage = _json(client, "/api/v1/coverage/")["coverage"]
    empty = [(row["country"], cell["hazard"]) for row in coverage for cell in row["hazards"] if not cell["has_data"]]
    assert empty == [("TKM", "landslide")]  # GAPS.md: no landslide in Turkmenistan found in any source


def test_the_sardoba_flood_exposes_people_in_kazakhstan(client):
    exposure = _json(client, "/api/v1/passports/KAZ/")["exposure"]["layers"]
    assert any(row["layer"] == "flood-events-register" and row["origin"] == "UZB" for row in exposure)


def test_the_tau_samal_landslide_of_february_2024_killed_four(client):
    feature = _feature(client, "landslide", "tau_samal_landslide_almaty")  # A49, A146
    assert feature["properties"]["date"] == "2024-02-08"
    assert feature["properties"]["deaths"] == 4
    assert feature["properties"]["countries"] == ["KAZ"]


def test_the_neighbours_events_stay_in_the_register_without_a_point():
    neighbours = [row for row in ROWS if row["countries_affected"].split(";")[0] in {"CHN", "AFG"}]
    assert len(neighbours) == 5
    assert [row["code"] for row in neighbours if row["lon"]] == []
