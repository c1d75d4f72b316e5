"""The new layer's fields of an upload (web.api.upload_serializers): a code with NUL in a multipart form (the
middleware sees only the path and the query) is a 400 naming the field, not a DataError from the lookup (a 500,
found by the schemathesis run of issue 28)."""

import pytest

from tests.ingest.uploads.conftest import CORPUS, new_layer_fields

pytestmark = pytest.mark.django_db
GEOJSON = CORPUS / "good" / "kyrgyzstan_mudflows.geojson"


def _post(client, user, **fields):
    client.force_login(user)
    with open(GEOJSON, "rb") as handle:
        return client.post("/api/v1/layers/", {**new_layer_fields(**fields), "file": handle})


@pytest.mark.parametrize("field", ["hazard_type", "country"])
def test_a_code_with_nul_answers_400(client, kaz_editor, field):
    assert _post(client, kaz_editor, **{field: "flo\x00od"}).status_code == 400


@pytest.mark.parametrize("field", ["hazard_type", "country"])
def test_a_code_with_nul_is_named_in_the_error(client, kaz_editor, field):
    assert list(_post(client, kaz_editor, **{field: "flo\x00od"}).json()["fields"]) == [field]
