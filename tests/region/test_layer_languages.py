"""Every region layer speaks Russian, English and Kazakh: titles and descriptions in the catalogue
(region/catalogue.py), the Kazakh in the wording of Kazakh ministries and encyclopaedias (docs/glossary-kk.md),
served on a kk request."""

import re

import pytest

from region.catalogue import LAYERS

pytestmark = pytest.mark.django_db
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.\-/]*")
CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
# Words the glossary replaced: the Russian loan or a wrong sense where Kazakh has its own word.
NOT_KAZAKH = {"плиталар", "бөгендері", "бөгендер", "жарылуы"}
IDS = [spec.slug for spec in LAYERS]


def latin_words(text: str) -> set[str]:
    return {word.rstrip(".-/") for word in LATIN_WORD.findall(text)}


@pytest.mark.parametrize("spec", LAYERS, ids=IDS)
def test_every_region_layer_has_titles_and_descriptions_in_three_languages(spec):
    assert spec.title_ru.strip()
    assert spec.title_en.strip()
    assert spec.title_kk.strip()
    assert spec.description_ru.strip()
    assert spec.description_en.strip()
    assert spec.description_kk.strip()


@pytest.mark.parametrize("spec", LAYERS, ids=IDS)
def test_the_kazakh_description_is_not_the_russian_one(spec):
    assert spec.description_kk != spec.description_ru


@pytest.mark.parametrize("spec", LAYERS, ids=IDS)
def test_the_kazakh_description_is_written_with_kazakh_letters(spec):
    assert KAZAKH_LETTERS & set(spec.description_kk)


@pytest.mark.parametrize("spec", LAYERS, ids=IDS)
def test_the_kazakh_title_is_written_with_kazakh_letters(spec):
    assert KAZAKH_LETTERS & set(spec.title_kk)


@pytest.mark.parametrize("spec", LAYERS, ids=IDS)
def test_latin_words_in_the_kazakh_text_are_only_the_codes_and_names_the_russian_text_keeps(spec):
    # The Russian text is Cyrillic too: a Latin word in it is a code, a source attribute or a name.
    kept = latin_words(spec.title_ru + " " + spec.description_ru)
    assert latin_words(spec.title_kk + " " + spec.description_kk) <= kept


@pytest.mark.parametrize("spec", LAYERS, ids=IDS)
def test_the_kazakh_text_avoids_the_words_the_glossary_replaced(spec):
    words = {w.lower() for w in CYRILLIC_WORD.findall(spec.title_kk + " " + spec.description_kk)}
    assert not words & NOT_KAZAKH


@pytest.mark.parametrize("spec", LAYERS, ids=IDS)
def test_the_api_answers_a_kazakh_request_with_the_kazakh_title_and_description(client, spec):
    body = client.get(f"/api/v1/layers/{spec.slug}/", HTTP_ACCEPT_LANGUAGE="kk").json()
    assert body["title"] == spec.title_kk
    assert body["description"] == spec.description_kk
