"""Bad input gets a clear error and nothing is lost: one test per file of tests/data/uploads/bad."""

import threading

import pytest
from django.db import connections

from hazards.models import Layer, LayerEvent
from ingest.models import Upload

from .conftest import CORPUS, new_layer_fields

pytestmark = pytest.mark.django_db
BAD = CORPUS / "bad"

CASES = [
    ("path_escapes.zip", "zip_unsafe_path", "outside the archive"),
    ("link.zip", "zip_link", "is a link"),
    ("too_many_members.zip", "zip_too_many_members", "1001 files"),
    ("zip_bomb.zip", "zip_bomb", "expands"),
    ("no_geodata.zip", "no_geodata", "no geodata"),
    ("shapefile_without_shx.zip", "shapefile_incomplete", ".shx"),
    ("shapefile_without_dbf.zip", "shapefile_incomplete", ".dbf"),
    ("shapefile_without_shp.zip", "shapefile_incomplete", "no .shp"),
    ("shapefile_without_crs.zip", "no_crs", "coordinate system"),
    ("truncated.gpkg", "unreadable_file", "cannot be read"),
    ("truncated.geojson", "unreadable_file", "GeoJSON"),
    ("truncated.kml", "unreadable_file", "KML"),
    ("truncated.zip", "corrupt_archive", "damaged"),
    ("truncated.tif", "unreadable_file", "GeoTIFF"),
    ("picture_renamed.geojson", "not_geodata", "not one"),
    ("text_renamed.gpkg", "not_geodata", "not one"),
    ("empty.geojson", "no_features", "no features"),
    ("no_coordinates.csv", "no_coordinates", "no coordinate columns"),
    ("raster_without_crs.tif", "no_crs", "coordinate system"),
    ("coordinates_out_of_range.geojson", "coordinates_out_of_range", "features 2"),
]


@pytest.mark.parametrize(("name", "code", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_fails_with_a_reason_and_writes_nothing(send, db_state, name, code, message):
    before = db_state()
    response, upload = send(BAD / name)
    assert response.status_code == 202
    assert upload["status"] == "failed"
    assert upload["errors"][0]["error"] == code
    assert message in upload["errors"][0]["detail"]
    assert db_state() == before


def test_a_bad_new_version_leaves_the_published_one_and_records_the_failure(send, db_state):
    _, first = send(CORPUS / "good" / "kyrgyzstan_mudflows.geojson", query="?publish=true")
    before = db_state()
    response, upload = send(BAD / "truncated.geojson", slug=first["layer"])
    assert response.status_code == 202
    assert upload["status"] == "failed"
    assert db_state() == before
    layer = Layer.objects.get(slug=first["layer"])
    assert layer.published_version.number == 1
    assert layer.events.filter(action=LayerEvent.Action.FAILED).exists()


@pytest.mark.parametrize(("fields", "field"), [
    ({"title_ru": None}, "title_ru"), ({"title_ru": "Я" * 251}, "title_ru"),
    ({"hazard_type": "volcano"}, "hazard_type"),
    ({"licence": None}, "licence"), ({"country": "XXX"}, "country"), ({"srid": "999999"}, "srid"),
    ({"encoding": "martian"}, "encoding"), ({"classification": '{"field": "x", "ranges": [[1, "extreme"]]}'},
                                            "classification"),
    ({"slug": "countries"}, "slug"),
])
def test_bad_metadata_is_a_400_before_anything_is_stored(client, kaz_editor, db_state, fields, field):
    client.force_login(kaz_editor)
    before, uploads = db_state(), Upload.objects.count()
    data = new_layer_fields(**fields)
    with open(CORPUS / "good" / "kyrgyzstan_mudflows.geojson", "rb") as handle:
        response = client.post("/api/v1/layers/", {**data, "file": handle})
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert db_state() == before
    assert Upload.objects.count() == uploads


def test_missing_file_is_a_400(client, kaz_editor):
    client.force_login(kaz_editor)
    response = client.post("/api/v1/layers/", new_layer_fields())
    assert response.status_code == 400
    assert "file" in response.json()["fields"]


def test_a_file_over_the_size_limit_is_refused_while_streaming(client, kaz_editor, settings, db_state):
    settings.UPLOAD_MAX_BYTES = 10_000
    client.force_login(kaz_editor)
    before = db_state()
    with open(CORPUS / "good" / "kyrgyzstan_mudflows.geojson", "rb") as handle:  # 13 kB
        response = client.post("/api/v1/layers/", {**new_layer_fields(), "file": handle})
    assert response.status_code == 413
    assert response.json()["error"] == "file_too_large"
    assert "10000" in response.json()["detail"]
    assert db_state() == before


def test_an_unsupported_extension_is_refused(send, tmp_path):
    path = tmp_path / "map.dwg"
    path.write_bytes(b"AC1032 drawing")
    _, upload = send(path)
    assert upload["status"] == "failed"
    assert upload["errors"][0]["error"] == "unsupported_format"


def test_editors_change_only_their_own_countrys_layers(client, kgz_editor, analyst, send, db_state):
    _, upload = send(CORPUS / "good" / "kyrgyzstan_mudflows.geojson", query="?publish=true")  # as KAZ editor
    slug = upload["layer"]
    before = db_state()
    for user in (kgz_editor, analyst):
        client.force_login(user)
        with open(CORPUS / "good" / "kyrgyzstan_mudflows.geojson", "rb") as handle:
            assert client.post(f"/api/v1/layers/{slug}/versions/", {"file": handle}).status_code == 403
        assert client.post(f"/api/v1/layers/{slug}/publish/").status_code == 403
        assert client.post(f"/api/v1/layers/{slug}/rollback/").status_code == 403
        with open(CORPUS / "good" / "kyrgyzstan_mudflows.geojson", "rb") as handle:
            response = client.post("/api/v1/layers/", {**new_layer_fields(country="KAZ"), "file": handle})
        assert response.status_code == 403
    assert db_state() == before
    client.logout()
    with open(CORPUS / "good" / "kyrgyzstan_mudflows.geojson", "rb") as handle:
        assert client.post("/api/v1/layers/", {**new_layer_fields(), "file": handle}).status_code in (401, 403)


def test_two_uploads_of_one_layer_at_once_get_distinct_versions(kaz_editor):
    """Two jobs in two threads, each with its own database connection, load the same layer concurrently."""
    from hazards.models import Country, HazardType
    from ingest.pipeline import ingest_file

    results, errors = [], []

    def run(target, *args):
        try:
            results.append(target(*args))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    def create():
        return Layer.objects.create(slug="test-concurrent", title_ru="Параллельно", hazard_type=HazardType.objects.get(
            code="flood"), owner=Country.objects.get(iso3="KAZ")).pk

    def load(layer_id):
        return ingest_file(layer=Layer.objects.get(pk=layer_id), path=CORPUS / "good" / "kyrgyzstan_mudflows.geojson",
                           publish=True).number

    thread = threading.Thread(target=run, args=(create,))
    thread.start()
    thread.join()
    layer_id = results.pop()
    try:
        threads = [threading.Thread(target=run, args=(load, layer_id)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors, errors
        assert sorted(results) == [1, 2]
    finally:
        cleanup = threading.Thread(target=run, args=(lambda: Layer.objects.filter(pk=layer_id).delete(),))
        cleanup.start()
        cleanup.join()
    assert not errors, errors  # the clean-up too
    assert not Layer.objects.filter(pk=layer_id).exists()


@pytest.mark.parametrize(("lang", "expected"), [("ru", "архив"), ("kk", "мұрағат"), ("en", "archive")])
def test_reasons_and_stages_speak_the_uploaders_language_and_quote_no_server_path(client, send, settings, lang,
                                                                                   expected):
    details = {}
    for name in ("path_escapes.zip", "truncated.gpkg"):
        _, upload = send(BAD / name)
        shown = client.get(f"/api/v1/uploads/{upload['id']}/", HTTP_ACCEPT_LANGUAGE=lang).json()
        detail = details[name] = shown["errors"][0]["detail"]
        assert str(settings.MEDIA_ROOT) not in detail
        assert "/tmp" not in detail
        assert "sqlite" not in detail.lower()
        assert shown["stage_label"]
        assert "message" not in shown["errors"][0]
    assert expected in details["path_escapes.zip"].lower(), details
