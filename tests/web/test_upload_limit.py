"""A file over the upload limit is refused while it streams in (413, JSON, in the reader's language) and leaves no
temporary file behind: the part already written to FILE_UPLOAD_TEMP_DIR is deleted with the refusal."""

import io

import pytest
from django.utils import translation

from tests.ingest.uploads.conftest import new_layer_fields

pytestmark = pytest.mark.django_db
LIMIT = 100_000


@pytest.fixture
def refused(client, kaz_editor, settings, tmp_path):
    """An upload of three times the limit, in Russian; returns (response, the temporary folder)."""
    settings.UPLOAD_MAX_BYTES = LIMIT
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    client.force_login(kaz_editor)
    upload = io.BytesIO(b'{"type": "FeatureCollection", "features": []}' + b" " * (3 * LIMIT))
    upload.name = "big.geojson"
    response = client.post("/api/v1/layers/", {**new_layer_fields(), "file": upload}, HTTP_ACCEPT_LANGUAGE="ru")
    return response, tmp_path


def test_a_refused_upload_leaves_no_temporary_file(refused):
    _, folder = refused
    assert list(folder.iterdir()) == []


def test_a_refused_upload_is_a_json_413_with_a_translated_detail(refused):
    response, _ = refused
    assert response.status_code == 413
    assert response.json()["error"] == "file_too_large"
    with translation.override("ru"):
        expected = translation.gettext("the file is larger than the limit of %(limit)s bytes") % {"limit": LIMIT}
    assert response.json()["detail"] == expected
    assert expected.startswith("Файл больше")
