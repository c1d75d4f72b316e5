"""CSV downloads escape formula cells (OWASP, CSV injection): a text cell or column name that starts with =, +, -,
@, a tab or a carriage return gets a leading ', so Excel and LibreOffice show it instead of running it; numbers,
negative ones included, stay numbers."""

import csv
import io
import json
import zipfile

import pytest

from hazards.models import HazardType, Layer
from hazards.services.layers import layer_delete, layer_publish
from ingest.pipeline import ingest_file
from tests.committed import in_own_connection

pytestmark = pytest.mark.django_db
CELLS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tcmd", "\rcmd", "safe text",
         "a=b"]


SLUG = "test-csv-formulas"


@pytest.fixture
def formulas_layer(tmp_path):
    """A published layer whose attribute `label` holds CELLS, `amount` negative numbers and `=formula` (a name that
    starts a formula) a formula; committed, as ogr2ogr reads it through a connection of its own."""
    path = tmp_path / "formulas.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [70 + i / 10, 40]},
         "properties": {"label": text, "amount": -5 - i, "=formula": "=1+1"}} for i, text in enumerate(CELLS)]}))

    def make():
        layer = Layer.objects.create(slug=SLUG, title_ru="Формулы", title_en="Formulas",
                                     hazard_type=HazardType.objects.get(code=HazardType.CONTEXT))
        layer_publish(layer=layer, version=ingest_file(layer=layer, path=path))

    in_own_connection(make)
    yield SLUG
    in_own_connection(lambda: layer_delete(layer=Layer.objects.get(slug=SLUG)))


@pytest.fixture
def rows(client, formulas_layer) -> list[dict]:
    """The layer's CSV download, parsed back as rows."""
    response = client.get(f"/api/v1/layers/{formulas_layer}/download/?format=csv")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".csv"))
        text = archive.read(name).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_text_cells_that_start_a_formula_get_a_leading_quote(rows):
    assert [row["label"] for row in rows] == ["'" + text for text in CELLS[:6]] + CELLS[6:]


def test_negative_numbers_stay_numbers(rows):
    assert [row["amount"] for row in rows] == [str(-5 - i) for i in range(len(CELLS))]


def test_a_column_name_that_starts_a_formula_gets_a_leading_quote(rows):
    assert "'=formula" in rows[0]
    assert rows[0]["'=formula"] == "'=1+1"
