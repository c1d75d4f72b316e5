from pathlib import Path

import pytest
from django.db import connection

from hazards.models import Feature, Layer, LayerEvent, LayerVersion
from ingest.models import Upload

CORPUS = Path(__file__).resolve().parents[2] / "data" / "uploads"


@pytest.fixture
def corpus() -> Path:
    return CORPUS


def new_layer_fields(**overrides) -> dict:
    fields = {"title_ru": "Тестовый слой", "title_en": "Test layer", "hazard_type": "flood", "country": "KAZ",
              "licence": "CC BY 4.0", "attribution": "Test"}
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


@pytest.fixture
def send(client, kaz_editor):
    """POST a corpus file as a new layer (or a new version with `slug`) and return (response, upload json),
    signed in as Kazakhstan's editor."""
    client.force_login(kaz_editor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the reasons below are checked in English

    def send(path: Path, *, slug: str | None = None, query: str = "", **fields):
        url = f"/api/v1/layers/{slug}/versions/" if slug else "/api/v1/layers/"
        data = {} if slug else new_layer_fields()
        data.update({k: v for k, v in fields.items() if v is not None})
        with open(path, "rb") as handle:
            response = client.post(f"{url}{query}", {**data, "file": handle})
        return response, response.json()

    return send


@pytest.fixture
def db_state():
    """A snapshot of what an upload may write, to check that a failed one wrote nothing."""

    def snapshot():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM hazards_feature")
            features = cursor.fetchone()[0]
        return (Layer.objects.count(), LayerVersion.objects.count(), features, Feature.objects.count(),
                sorted(Layer.objects.values_list("slug", "published_version_id")))

    return snapshot


__all__ = ["CORPUS", "LayerEvent", "Upload", "new_layer_fields"]
