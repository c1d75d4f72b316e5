"""CSV coordinate headers in any case and in the region's languages, uploaded through the API as a client sends
them (tests/data/uploads/csv_headers, written byte for byte as Excel writes them by make_csv_headers.py)."""

import pytest
from django.db import connection

from hazards.models import Feature, Layer

from .conftest import CORPUS

pytestmark = pytest.mark.django_db
HEADERS = CORPUS / "csv_headers"
# Where the files put the five towns (GeoNames), longitude and latitude.
TOWNS = {"Алматы": (76.92861, 43.25667), "Талдыкорган": (78.37389, 45.01556),
         "Усть-Каменогорск": (82.61444, 49.97143), "Шымкент": (69.59601, 42.3), "Караганда": (73.10208, 49.80187)}
FILES = {
    "ru_excel_cp1251.csv": ("CP1251", "semicolon", "Название"),
    "ru_capitals_cp1251.csv": ("CP1251", "semicolon", "НАЗВАНИЕ"),
    "ru_excel_utf8_bom.csv": ("UTF-8", "semicolon", "Название"),
    "kk_excel_utf8_bom.csv": ("UTF-8", "semicolon", "Атауы"),
    "uz_latin_comma.csv": ("UTF-8", "comma", "Nomi"),
    "uz_cyrillic_utf8_bom.csv": ("UTF-8", "semicolon", "Номи"),
    "ky_excel_utf8_bom.csv": ("UTF-8", "semicolon", "Аталышы"),
    "tg_excel_utf8_bom.csv": ("UTF-8", "semicolon", "Ном"),
    "en_quoted_spaced.csv": ("UTF-8", "comma", "Name"),
}


def town_offsets_m(upload: dict, name_column: str) -> dict[str, float]:
    """Per town of the uploaded version: how far its point lies from where the file put it, in metres."""
    layer = Layer.objects.get(slug=upload["layer"])
    offsets = {}
    for feature in Feature.objects.filter(version__layer=layer, version__number=upload["version"]):
        lon, lat = TOWNS[feature.properties[name_column]]
        with connection.cursor() as cursor:
            cursor.execute("SELECT ST_Distance(geom::geography, ST_MakePoint(%s, %s)::geography) FROM hazards_feature "
                           "WHERE id = %s", [lon, lat, feature.pk])
            offsets[feature.properties[name_column]] = cursor.fetchone()[0]
    return offsets


@pytest.mark.parametrize("name", list(FILES))
def test_a_csv_with_coordinate_headers_in_any_case_and_language_is_read(send, name):
    _, upload = send(HEADERS / name, title_en=name)
    assert upload["status"] == "ready", upload
    assert upload["preview"]["feature_count"] == 5


@pytest.mark.parametrize("name", list(FILES))
def test_every_town_of_the_csv_lands_where_its_coordinates_say(send, name):
    _, upload = send(HEADERS / name, title_en=name)
    offsets = town_offsets_m(upload, FILES[name][2])
    assert set(offsets) == set(TOWNS)
    assert max(offsets.values()) < 1.0


@pytest.mark.parametrize("name", list(FILES))
def test_the_csv_encoding_and_separator_are_reported(send, name):
    encoding, separator, _ = FILES[name]
    _, upload = send(HEADERS / name, title_en=name)
    assert upload["detected"]["encoding"] == encoding
    assert f"CSV read with {separator} as separator and {encoding} text" in upload["warnings"]


def test_decimal_commas_of_a_semicolon_csv_keep_their_fraction(send):
    _, upload = send(HEADERS / "ru_excel_cp1251.csv")
    offsets = town_offsets_m(upload, "Название")
    assert offsets["Усть-Каменогорск"] < 1.0  # 82,61444 read as 82 would put it ~44 km west


@pytest.mark.parametrize(("language", "refusal", "expected_word"), [
    ("en", "the CSV has no coordinate columns; its headers are: Название, Население, тыс.", "latitude"),
    ("ru", "в CSV нет столбцов координат; его заголовки: Название, Население, тыс.", "широта"),
    ("kk", "CSV-де координат бағандары жоқ; оның тақырыптары: Название, Население, тыс.", "ендік"),
], ids=["en", "ru", "kk"])
def test_a_csv_without_coordinates_is_refused_naming_its_headers_and_the_expected_ones(
        client, send, language, refusal, expected_word):
    _, sent = send(HEADERS / "no_coordinates_cp1251.csv")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    upload = client.get(f"/api/v1/uploads/{sent['id']}/").json()
    error = upload["errors"][0]
    assert upload["status"] == "failed"
    assert error["error"] == "no_coordinates"
    assert error["detail"].startswith(refusal)
    assert expected_word in error["detail"]
    assert error["found"] == ["Название", "Население, тыс."]
