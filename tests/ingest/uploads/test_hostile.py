"""Hostile GDAL inputs (tests/data/uploads/hostile.py) are refused with a translated reason, and no byte of a canary
secret reaches the answer, the upload, the log or the database, and no request reaches a loopback server."""

import json

import pytest
import rasterio
from django.db import connection
from django.utils import translation

from ingest.child import _too_many
from ingest.confined import _Channel, _job, _scratch
from ingest.errors import IngestError
from ingest.formats.geotiff import _check_size
from ingest.formats.guard import references_check
from ingest.landlock import landlock_abi
from ingest.models import Upload
from tests.data.uploads.hostile import NAMES, hostile_files, vrt_of

from .conftest import CORPUS

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile(tmp_path, canary, loopback):
    folder = tmp_path / "hostile"
    folder.mkdir()
    return hostile_files(folder, canary=canary[0], url=loopback.url)


def _database_text() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(string_agg(properties::text, ' '), '') FROM hazards_feature")
        features = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(string_agg(row_to_json(u)::text, ' '), '') FROM ingest_upload u")
        uploads = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(string_agg(row_to_json(v)::text, ' '), '') FROM hazards_layerversion v")
        return features + uploads + cursor.fetchone()[0]


def test_no_file_of_the_corpus_is_forgotten(hostile):
    assert sorted(hostile) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_a_hostile_upload_is_refused_and_leaks_nothing(send, db_state, hostile, canary, loopback, caplog, name):
    path, code = hostile[name]
    before = db_state()
    response, upload = send(path)
    assert upload["status"] == "failed"
    assert upload["errors"][0]["error"] == code
    assert upload["errors"][0]["detail"]
    assert canary[1] not in response.content.decode()
    assert canary[1] not in json.dumps(Upload.objects.get(pk=upload["id"]).preview)
    assert canary[1] not in caplog.text
    assert canary[1] not in _database_text()
    assert db_state() == before
    assert loopback.requests == []


def _refusals(tmp_path) -> list[IngestError]:
    """One real instance of each refusal this work added, made by the code that raises it."""
    (tmp_path / "a.geojson").write_text(vrt_of("CSV:/etc/passwd"))
    errors = []
    for attempt in (lambda: references_check(tmp_path / "a.geojson"),
                    lambda: _check_size(rasterio.open(CORPUS / "good" / "seismic_counts_utm42.tif"), 1)):
        with pytest.raises(IngestError) as refused:
            attempt()
        errors.append(refused.value)
    channel = object.__new__(_Channel)
    channel.format = "GeoJSON"
    return [*errors, _too_many("too_many_features", 2, 1), _too_many("too_many_vertices", 2, 1),
            channel._limit_error("memory_limit"), channel._limit_error("time_limit")]


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_new_refusal_is_translated(tmp_path, language):
    for error in _refusals(tmp_path):
        with translation.override(language):
            detail = error.as_dict()["detail"]
        assert any("\u0400" <= c <= "\u04ff" for c in detail), (error.code, detail)


def test_the_refusal_of_a_reference_names_the_file_and_what_it_refers_to(tmp_path):
    detail = _refusals(tmp_path)[0].as_dict()["detail"]
    assert "a.geojson" in detail
    assert "VRT" in detail


def test_a_vrt_that_slipped_past_the_check_still_cannot_be_opened(tmp_path, canary, loopback):
    """The driver pin, not only the check: the child is asked to read VRT XML as GeoJSON without formats.guard."""
    path = tmp_path / "inside" / "layer.geojson"
    path.parent.mkdir()
    path.write_text(vrt_of(f"CSV:{canary[0]}"))
    with _scratch() as scratch, pytest.raises(IngestError) as refused:
        channel = _Channel(_job(path, scratch, options={}, size=100), "GeoJSON")
        try:
            channel.receive()
        finally:
            channel.close()
    assert refused.value.code == "unreadable_file"
    assert canary[1] not in str(refused.value.as_dict())
    assert loopback.requests == []


@pytest.mark.skipif(landlock_abi() < 1, reason="this kernel offers no Landlock")
def test_the_child_reads_under_landlock_and_without_network(tmp_path):
    path = tmp_path / "inside" / "towns.geojson"
    path.parent.mkdir()
    path.write_bytes((CORPUS / "good" / "kyrgyzstan_mudflows.geojson").read_bytes())
    with _scratch() as scratch:
        channel = _Channel(_job(path, scratch, options={}, size=100), "GeoJSON")
        channel.close()
    assert channel.applied["landlock"] is True
    assert channel.applied["network_namespace"] is True
    assert channel.applied["drivers"] == ["GeoJSON"]
