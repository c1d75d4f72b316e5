"""One topology for every layer: a dam, lake or outburst has one answer downstream whichever layer holds it (the
register, WRI GPPD, Natural Earth's reservoirs, HMAGLOFDB), from the one walk of the register's rivers; the
Fergana and Chu tributaries reach their mouths; the same object of two layers is matched and reviewable."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from hazards.models import River
from region.rivers import MATCHES_FILE

pytestmark = pytest.mark.django_db
REGISTERS = ("manmade-dams-register", "flood-outburst-lakes-register", "manmade-legacy-sites-register")


def features(client, url: str) -> list[dict]:
    """The features of a feature API request, decoded."""
    return json.loads(b"".join(client.get(url).streaming_content))["features"]


def analysed(slug: str, **where: str) -> list[dict]:
    """The analysis of the published features of `slug` whose attributes equal `where`."""
    clauses = " AND ".join(f"f.properties ->> '{key}' = %s" for key in where) or "true"
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT f.label, f.countries, a.downstream_countries, a.downstream_path
            FROM hazards_published_feature f
            JOIN hazards_featureanalysis a ON a.feature_id = f.id AND a.version_id = f.version_id
            WHERE f.layer_slug = %s AND {clauses}""", [slug, *where.values()])
        keys = ("label", "countries", "downstream", "path")
        return [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]


def register(code: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT a.downstream_countries, a.downstream_path FROM hazards_published_feature f
            JOIN hazards_featureanalysis a ON a.feature_id = f.id AND a.version_id = f.version_id
            WHERE f.layer_slug = ANY(%s) AND f.properties ->> 'code' = %s""", [list(REGISTERS), code])
        downstream, path = cursor.fetchone()
    return {"downstream": downstream, "path": path}


def test_nurek_in_the_power_plant_layer_reaches_the_same_countries_as_in_the_register(client):
    (nurek,) = features(client, "/api/v1/layers/manmade-hydropower-dams/features/?prop.name=Nurek")
    assert sorted(nurek["properties"]["downstream_countries"]) == ["AFG", "TJK", "TKM", "UZB"]
    assert nurek["properties"]["downstream_countries"] == register("nurek")["downstream"]
    assert nurek["properties"]["downstream_path"] == register("nurek")["path"]


def test_every_matched_pair_gives_the_same_countries_in_both_layers():
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT f.layer_slug, f.label, a.same_as, a.downstream_countries, r.downstream_countries
            FROM hazards_published_feature f
            JOIN hazards_featureanalysis a ON a.feature_id = f.id AND a.version_id = f.version_id
            JOIN hazards_published_feature g ON g.layer_slug = ANY(%s) AND g.properties ->> 'code' = a.same_as
            JOIN hazards_featureanalysis r ON r.feature_id = g.id AND r.version_id = g.version_id
            WHERE a.same_as <> '' AND NOT f.layer_slug = ANY(%s)""", [list(REGISTERS), list(REGISTERS)])
        pairs = cursor.fetchall()
    assert len(pairs) >= 100  # 86 Merzbacher outbursts, the Naryn, Vakhsh and Irtysh cascades' plants…
    assert [pair for pair in pairs if pair[3] != pair[4]] == []


def test_every_dam_and_lake_has_one_answer_across_its_layers():
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT a.same_as, count(DISTINCT coalesce(a.downstream_countries, '{}')), count(DISTINCT f.layer_slug)
            FROM hazards_published_feature f
            JOIN hazards_featureanalysis a ON a.feature_id = f.id AND a.version_id = f.version_id
            WHERE a.same_as <> '' GROUP BY 1""")
        objects = {code: (answers, layers) for code, answers, layers in cursor.fetchall()}
    assert objects["toktogul"] == (1, 3)  # the register, GPPD's plant and Natural Earth's reservoir
    assert objects["kapchagay"] == (1, 3)
    assert {code: answers for code, (answers, _) in objects.items() if answers != 1} == {}


def test_toktogul_of_three_layers_is_one_object():
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT f.layer_slug, f.label FROM hazards_published_feature f
            JOIN hazards_featureanalysis a ON a.feature_id = f.id AND a.version_id = f.version_id
            WHERE a.same_as = 'toktogul' ORDER BY 1""")
        assert cursor.fetchall() == [("manmade-dams-register", "Toktogul Dam and Reservoir"),
                                     ("manmade-hydropower-dams", "Toktogul Hydroelectric Power Plant Kyrgyzstan"),
                                     ("manmade-reservoirs", "Toktogul Suu Saktagychy")]


def test_sangtuda_1_and_2_are_not_confused():
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT a.same_as FROM hazards_published_feature f
            JOIN hazards_featureanalysis a ON a.feature_id = f.id AND a.version_id = f.version_id
            WHERE f.layer_slug = 'manmade-hydropower-dams' AND f.label = 'Sangtuda 1'""")
        assert cursor.fetchall() == [("sangtuda_1",)]


def test_every_merzbacher_outburst_reaches_china_through_the_engilchek_and_the_sary_jaz():
    outbursts = analysed("flood-glof-events", Lake_name="Merzbacher")
    assert len(outbursts) == 86
    assert {tuple(o["downstream"]) for o in outbursts} == {("CHN", "KGZ")}
    assert {tuple(o["path"]) for o in outbursts} == {("Engilchek (Inylchek)", "Sary-Jaz (Saryjaz; Aksu in China)")}


def test_ala_archa_outbursts_reach_kazakhstan_by_the_chu():
    events = analysed("flood-glof-events", River_Basin="Ala Archa")
    assert len(events) == 46
    assert {tuple(e["downstream"]) for e in events} == {("KAZ", "KGZ")}
    assert {e["path"][-1] for e in events} == {"Chu (Chuy, Shu)"}


def test_alamedin_outbursts_reach_kazakhstan_by_the_chu():
    events = analysed("flood-glof-events", River_Basin="Alamedin")
    assert len(events) == 23
    assert {tuple(e["downstream"]) for e in events} == {("KAZ", "KGZ")}
    assert {tuple(e["path"]) for e in events} == {("Alamedin (Alamüdün)", "Chu (Chuy, Shu)")}


def test_the_alamedin_debris_flows_reach_kazakhstan_too():
    flows = analysed("mudflow-glof-debris-flows", River_Basin="Alamedin")
    assert flows
    assert {tuple(f["downstream"]) for f in flows} == {("KAZ", "KGZ")}


def test_the_shakhimardan_outburst_of_1998_reaches_uzbekistan_in_both_layers():
    (event,) = analysed("flood-glof-events", River_Basin="Alauddin")
    assert event["downstream"] == ["KGZ", "UZB"]
    assert register("archa_bashi")["downstream"] == ["KGZ", "UZB"]


def test_the_ak_buura_reaches_its_mouth_and_papan_the_syr_darya():
    assert River.objects.get(code="ak_buura").flows_into == "aravan_say"
    assert register("papan")["path"] == ["Ak-Buura (Ak-Bura)", "Aravan-Say", "Kara Darya", "Syr Darya"]
    assert register("papan")["downstream"] == ["KAZ", "KGZ", "TJK", "UZB"]


def test_the_sokh_and_the_shakhimardan_flow_from_kyrgyzstan_into_uzbekistan():
    assert River.objects.get(code="sokh").countries == ["KGZ", "UZB", "KGZ", "UZB"]
    assert River.objects.get(code="shakhimardan").countries == ["KGZ", "UZB", "KGZ", "UZB"]
    assert River.objects.get(code="isfara").countries[-1] == "UZB"


def test_an_outburst_into_lake_issyk_kul_is_not_routed_down_the_naryn_across_the_ridge():
    tong = analysed("flood-glof-events", River_Basin="Tong")
    assert len(tong) == 4
    assert {t["downstream"] is None for t in tong} == {True}
    jeruy = analysed("flood-glof-events", Lake_name="Jeruy")  # no basin named, 55 km from the Naryn
    assert jeruy[0]["downstream"] is None


def test_a_kazakh_lake_named_aksu_is_not_put_on_the_sary_jaz():
    (aksu,) = analysed("flood-glof-events", River_Basin="Aksu")
    assert aksu["countries"] == ["KAZ"]
    assert aksu["downstream"] is None


def test_the_committed_match_file_is_what_the_analysis_matches():
    out = io.StringIO()
    call_command("objects_matches", stdout=out)
    assert out.getvalue() == MATCHES_FILE.read_text(encoding="utf-8")


def test_every_match_is_within_ten_km_and_names_the_register_object():
    rows = list(csv.DictReader(MATCHES_FILE.open(encoding="utf-8")))
    assert len(rows) >= 100
    assert max(float(row["km"]) for row in rows) <= 10
    assert {row["register"] for row in rows} >= {"nurek", "toktogul", "kapchagay", "merzbacher", "bukhtarma"}


def test_register_downstream_expected_is_what_the_walk_gives():
    with open(MATCHES_FILE.parent / "objects.csv", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["river"] and row["lat"]]
    # The derived column counts the object's own countries from the first listed; the walk starts where the point
    # lies (Tuyamuyun's point is in Turkmenistan): compare the countries beyond the object's own.
    expected = {row["code"]: set(row["downstream_expected"].split(";")) - set(row["country"].split(";"))
                for row in rows}
    found = {code: set(register(code)["downstream"] or []) - set(row["country"].split(";"))
             for code, row in zip(expected, rows, strict=True)}
    assert found == expected


def test_the_talgar_outbursts_stay_in_kazakhstan_by_the_ili():
    events = analysed("flood-glof-events", River_Basin="Talgar")
    assert len(events) == 10
    assert {tuple(e["path"]) for e in events} == {("Talgar", "Ili")}
    assert {tuple(e["downstream"]) for e in events} == {("KAZ",)}


def test_the_small_almaty_outbursts_reach_the_ili_by_the_kaskelen():
    events = analysed("flood-glof-events", River_Basin="Kishi Almatinka")
    assert len(events) == 4
    assert {tuple(e["path"]) for e in events} == {("Malaya Almatinka (Small Almaty)", "Kaskelen (Qaskelen)", "Ili")}


def test_sardoba_below_tajikistan_on_the_syr_darya_flows_to_kazakhstan_not_back_into_tajikistan():
    # The Syr Darya is Uzbek twice (Fergana valley, then below Khujand); Sardoba (Sirdaryo region) is on the second
    # stretch: its flood flooded Kazakhstan's Maktaaral (fixtures/events/SOURCES.md A02, A04), never Tajikistan.
    (sardoba,) = analysed("flood-events-register", code="sardoba_dam_failure_2020")
    assert sardoba["path"][0] == "Syr Darya"
    assert sardoba["downstream"] == ["KAZ", "UZB"]


def test_the_kayrakkum_reservoir_in_tajikistan_still_reaches_uzbekistan_and_kazakhstan():
    (kayrakkum,) = analysed("manmade-reservoirs", name="Obanbori Qayroqum")
    assert kayrakkum["downstream"] == ["KAZ", "TJK", "UZB"]


def test_the_registers_shakhimardan_flood_of_1998_gives_the_same_answer_as_hmaglofdbs():
    (event,) = analysed("flood-events-register", code="shakhimardan_glof_1998")
    assert event["path"][0].startswith("Shakhimardan")
    assert event["downstream"] == analysed("flood-glof-events", River_Basin="Alauddin")[0]["downstream"]


def test_the_almaty_mudflow_of_1921_is_on_the_malaya_almatinka():
    (event,) = analysed("mudflow-events-register", code="almaty_mudflow_1921")
    assert event["path"][0].startswith("Malaya Almatinka")
