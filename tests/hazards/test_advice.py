"""Advice per hazard type and level (ThinkHazard!-style): seeded for every hazard type of the catalogue in three
languages, shown beside each level in the passports — HTML, PDF and JSON — in the page's language."""

import io
import re

import lxml.html
import pypdf
import pytest

from hazards.models import AreaLevel, HazardAdvice, HazardLevel, HazardType
from region.catalogue import HAZARD_TYPES

pytestmark = pytest.mark.django_db
KAZAKH_LETTERS = set("әғқңөұүһі")
LANGS = ("ru", "en", "kk")


def _advice(code: str, level: int, lang: str) -> str:
    return getattr(HazardAdvice.objects.get(hazard_type__code=code, level=level), f"text_{lang}")


def _kgz_levels() -> dict[str, int]:
    return {row.hazard_type.code: row.level for row in AreaLevel.objects.filter(
        country__iso3="KGZ", area=None, audience="public").select_related("hazard_type") if row.level}


def test_every_hazard_type_of_the_catalogue_has_advice_for_every_level_in_three_languages():
    codes = [code for code, *_ in HAZARD_TYPES if code != HazardType.CONTEXT]
    for code in codes:
        for level in HazardLevel:
            advice = HazardAdvice.objects.get(hazard_type__code=code, level=level)
            assert len(advice.text_en) > 60, (code, level)
            assert re.fullmatch(r"[\x20-\x7e–’]+", advice.text_en), (code, level)
            assert re.search("[а-яё]{4}", advice.text_ru), (code, level)
            assert not set(advice.text_ru) & KAZAKH_LETTERS, (code, level)
            # Proper Kazakh: Cyrillic with the Kazakh letters, not a transliteration or the Russian text.
            assert set(advice.text_kk) & KAZAKH_LETTERS, (code, level)
            assert advice.text_kk != advice.text_ru, (code, level)
    # The high-level advice differs from the very-low one (not one text copied to every level).
    assert _advice("seismic", 4, "en") != _advice("seismic", 1, "en")


@pytest.mark.parametrize("lang", LANGS)
def test_the_passport_json_gives_the_advice_of_each_level_in_the_request_language(client, lang):
    body = client.get("/api/v1/passports/KGZ/", HTTP_ACCEPT_LANGUAGE=lang).json()
    levels = _kgz_levels()
    assert levels.get("seismic") == 4  # the region's data: Kyrgyzstan's seismic hazard is high
    hazards = [item["hazard"] for item in body["levels"]]
    assert "seismic" in hazards
    assert [item["advice"] for item in body["levels"]] == [
        _advice(code, levels[code], lang) if code in levels else "" for code in hazards], lang


@pytest.mark.parametrize("lang", LANGS)
def test_the_passport_page_shows_the_advice_beside_the_level(client, lang):
    page = lxml.html.fromstring(client.get("/passport/KGZ/", HTTP_ACCEPT_LANGUAGE=lang).content.decode())
    row = page.xpath("//table[@class='levels']//tr[@data-hazard='seismic']")[0]
    level_text = row.xpath(".//span[contains(@class, 'level')]")[0].text_content()
    assert level_text == {"ru": "высокий", "en": "high", "kk": "жоғары"}[lang]
    assert row.xpath(".//td[@class='advice']")[0].text_content() == _advice("seismic", 4, lang)


def test_the_advice_edited_in_the_admin_shows_in_the_passport(client, admin_client):
    advice = HazardAdvice.objects.get(hazard_type__code="seismic", level=4)
    form = admin_client.get(f"/admin/hazards/hazardadvice/{advice.pk}/change/")
    assert form.status_code == 200
    assert advice.text_ru in form.content.decode()
    response = admin_client.post(f"/admin/hazards/hazardadvice/{advice.pk}/change/", {
        "hazard_type": advice.hazard_type_id, "level": 4, "text_ru": "Проверьте школы до осени.",
        "text_en": advice.text_en, "text_kk": advice.text_kk})
    assert response.status_code == 302
    assert "Проверьте школы до осени." in client.get("/passport/KGZ/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    # The hazard type's own admin page holds its four advice texts inline.
    page = admin_client.get(f"/admin/hazards/hazardtype/{advice.hazard_type_id}/change/").content.decode()
    assert page.count('name="advice-') >= 4 * 3


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_pdf_passport_carries_the_advice(client, lang):
    response = client.get("/passport/KGZ/pdf/", HTTP_ACCEPT_LANGUAGE=lang)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    flat = re.sub(r"\s+", "", text)
    for code in ("seismic", "flood"):
        advice = _advice(code, _kgz_levels()[code], lang)
        assert re.sub(r"\s+", "", advice)[:80] in flat, (lang, code)
