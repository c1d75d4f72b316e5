"""Official and provisional layers: a try published by a country (a CSV of earthquakes titled "проверка") is shown
but never counted — the matrix, the Kyrgyz passport (levels, evidence, exposure tables, the decade chart), coverage
and alert reach stay exactly as they were, decoded from the API — until the regional centre marks it official; a
trusted country's layer counts at once; a country's new version of an official layer waits for confirmation again."""

import json

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from alerts.reach import reach_compute
from hazards.analysis.service import analysis_recompute
from hazards.models import AreaLevel, Audience, Country, HazardType, Layer, LayerEvent
from ingest.pipeline import ingest_file

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
SLUG = "proverka-quakes"
# Around Osh and Jalal-Abad (Kyrgyzstan), within the seismic influence distance of Uzbekistan.
QUAKES = [(72.95, 40.55, 6.8, 2019), (73.35, 40.75, 5.9, 2020), (73.10, 41.05, 6.2, 2021)]
OUTPUTS = ["/api/v1/passports/", "/api/v1/coverage/", "/api/v1/passports/KGZ/", "/api/v1/passports/KGZ/KG-O/",
           "/api/v1/passports/UZB/"]


def _csv(tmp_path, rows, header="lon,lat,mag,year,place"):
    path = tmp_path / "proverka.csv"
    path.write_text(header + "\n" + "".join(f"{x},{y},{m},{year},проверка {n}\n"
                                            for n, (x, y, m, year) in enumerate(rows)), encoding="utf-8")
    return path


def _layer(slug, hazard, **fields) -> Layer:
    return Layer.objects.create(slug=slug, title_ru="проверка", title_en="test", label_field="place",
                                time_field="year", hazard_type=HazardType.objects.get(code=hazard),
                                owner=Country.objects.get(iso3="KGZ"), **fields)


@pytest.fixture
def probe(tmp_path, kgz_editor):
    """The try: a Kyrgyz editor's earthquake CSV, published (the analysis done as the queued job would)."""
    analysis_recompute()  # whatever the session left queued: "before" is a current analysis
    layer = _layer(SLUG, HazardType.SEISMIC,
                   classification={"field": "mag", "ranges": [[6.5, "high"], [6, "medium"], [None, "low"]]})
    ingest_file(layer=layer, path=_csv(tmp_path, QUAKES), user=kgz_editor, publish=True)
    return layer


def _outputs(client) -> dict:
    """The decoded answers of OUTPUTS; a passport's exposure rows sorted by layer and origin (the API orders them by
    population only, so rows of equal population may come in either order)."""
    outputs = {}
    for url in OUTPUTS:
        response = client.get(url)
        assert response.status_code == 200, url
        outputs[url] = response.json()
        if "exposure" in outputs[url]:
            outputs[url]["exposure"]["layers"].sort(key=lambda row: (row["layer"], row["origin"]))
    return outputs


def _mentions(outputs: dict, slug: str) -> list[str]:
    return [url for url, body in outputs.items() if slug in json.dumps(body)]


def test_the_provisional_try_leaves_every_output_exactly_as_before(client, tmp_path, kgz_editor):
    analysis_recompute()
    before = _outputs(client)
    layer = _layer(SLUG, HazardType.SEISMIC,
                   classification={"field": "mag", "ranges": [[6.5, "high"], [6, "medium"], [None, "low"]]})
    ingest_file(layer=layer, path=_csv(tmp_path, QUAKES), user=kgz_editor, publish=True)
    analysis_recompute()
    assert Layer.objects.get(pk=layer.pk).official is False
    assert _outputs(client) == before


def test_marking_the_try_official_brings_it_into_the_matrix_passport_exposure_and_coverage(
        client, probe, regional_admin):
    analysis_recompute()
    before = _outputs(client)
    client.force_login(regional_admin)
    answer = client.post(f"/api/v1/layers/{SLUG}/official/", {"official": True}, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json() == {"layer": SLUG, "official": True}
    analysis_recompute()
    client.logout()
    after = _outputs(client)
    coverage = next(c for c in after["/api/v1/passports/KGZ/"]["coverage"] if c["hazard"] == "seismic")
    assert SLUG in [x["layer"] for x in coverage["layers"]]
    assert next(x for x in coverage["layers"] if x["layer"] == SLUG)["features"] == len(QUAKES)
    assert SLUG in [x["layer"] for x in after["/api/v1/passports/KGZ/"]["exposure"]["layers"]]
    assert _cell(after, "KGZ", "UZB") == _cell(before, "KGZ", "UZB") + len(QUAKES)
    assert _decade(after, "2010s") == _decade(before, "2010s") + 1
    assert _decade(after, "2020s") == _decade(before, "2020s") + 2


def _cell(outputs: dict, origin: str, target: str) -> int:
    row = next(r for r in outputs["/api/v1/passports/"]["matrix"] if r["from"] == origin)
    return next(c for c in row["cells"] if c["to"] == target)["features"]


def _decade(outputs: dict, decade: str) -> int:
    rows = {d["decade"]: d["counts"] for d in outputs["/api/v1/passports/KGZ/"]["events_by_decade"]}
    return rows.get(decade, {}).get("seismic", 0)


def test_marking_is_recorded_with_who_and_when(client, probe, regional_admin):
    client.force_login(regional_admin)
    client.post(f"/api/v1/layers/{SLUG}/official/", {"official": True}, content_type="application/json")
    client.post(f"/api/v1/layers/{SLUG}/official/", {"official": False}, content_type="application/json")
    history = client.get(f"/api/v1/layers/{SLUG}/history/").json()
    rows = history["results"] if isinstance(history, dict) else history
    assert [(e["action"], e["user"]) for e in rows[:2]] == [("marked_provisional", "regional_admin"),
                                                            ("marked_official", "regional_admin")]
    assert rows[0]["version"] == 1
    assert rows[0]["at"]


def test_only_regional_administrators_mark_a_layer_and_the_refusal_is_translated(client, probe, kgz_editor):
    client.force_login(kgz_editor)
    answer = client.post(f"/api/v1/layers/{SLUG}/official/", {"official": True}, content_type="application/json",
                         HTTP_ACCEPT_LANGUAGE="ru")
    assert answer.status_code == 403
    assert answer.json()["error"] == "not_regional_admin"
    assert answer.json()["detail"] == ("отмечать слой официальным или предварительным могут только администраторы "
                                       "регионального центра")
    assert Layer.objects.get(pk=probe.pk).official is False
    assert not LayerEvent.objects.filter(layer=probe, action=LayerEvent.Action.MARKED_OFFICIAL).exists()


def test_a_trusted_countrys_layer_counts_at_once(client, tmp_path, kgz_editor):
    analysis_recompute()
    mudflow_before = AreaLevel.objects.get(country__iso3="KGZ", area=None, hazard_type__code=HazardType.MUDFLOW,
                                           audience=Audience.PUBLIC).level
    Country.objects.filter(iso3="KGZ").update(trusted=True)
    layer = _layer("trusted-kgz-mudflows", HazardType.MUDFLOW, classification={"level": "high"})
    # Near Mailuu-Suu (Jalal-Abad region): three mudflows, each of the highest level.
    ingest_file(layer=layer, path=_csv(tmp_path, [(72.45, 41.27, 0, 2001), (72.47, 41.25, 0, 2002),
                                                  (72.43, 41.29, 0, 2003)]), user=kgz_editor, publish=True)
    layer.refresh_from_db()
    assert layer.official is True
    assert layer.events.get(action=LayerEvent.Action.MARKED_OFFICIAL).detail == "the owner country is trusted"
    analysis_recompute()
    level = AreaLevel.objects.get(country__iso3="KGZ", area=None, hazard_type__code=HazardType.MUDFLOW,
                                  audience=Audience.PUBLIC).level
    assert mudflow_before != 4
    assert level == 4
    coverage = next(c for c in client.get("/api/v1/passports/KGZ/").json()["coverage"] if c["hazard"] == "mudflow")
    assert "trusted-kgz-mudflows" in [x["layer"] for x in coverage["layers"]]


def test_a_countrys_new_version_of_an_official_layer_waits_for_confirmation(tmp_path, probe, kgz_editor,
                                                                              regional_admin):
    Layer.objects.filter(pk=probe.pk).update(official=True)
    ingest_file(layer=probe, path=_csv(tmp_path, QUAKES[:1]), user=kgz_editor, publish=True)
    probe.refresh_from_db()
    assert probe.official is False
    event = probe.events.get(action=LayerEvent.Action.MARKED_PROVISIONAL)
    assert event.user == kgz_editor
    assert event.version_number == 2
    Layer.objects.filter(pk=probe.pk).update(official=True)
    ingest_file(layer=probe, path=_csv(tmp_path, QUAKES[1:]), user=regional_admin, publish=True)
    probe.refresh_from_db()
    assert probe.official is True  # the regional centre's own publication keeps the status


def _square(x, y, half):
    return MultiPolygon(Polygon.from_bbox((x - half, y - half, x + half, y + half)), srid=4326)


def test_alert_reach_counts_the_people_of_official_places_only(tmp_path, regional_admin, kgz_editor, client):
    area = _square(72.95, 40.55, 0.05)
    before = reach_compute(area, 30)
    places = _layer("proverka-places", HazardType.CONTEXT, role=Layer.Role.POPULATION, population_field="people")
    ingest_file(layer=places, path=_csv(tmp_path, [(72.95, 40.55, 1000000, 2020)], header="lon,lat,people,year,place"),
                user=kgz_editor, publish=True)
    provisional = reach_compute(area, 30)
    client.force_login(regional_admin)
    assert client.post("/api/v1/layers/proverka-places/official/", {"official": True},
                       content_type="application/json").status_code == 200
    official = reach_compute(area, 30)
    assert provisional == before
    assert official["exposed"]["KGZ"]["population"] == before["exposed"].get("KGZ", {}).get("population", 0) + 1000000
