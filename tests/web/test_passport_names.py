"""Passports name countries, hazard types and layers in the page's language: no ISO code, hazard code or layer
slug is left in what a reader sees (links may still carry them)."""

import re

import lxml.html
import pytest

from hazards.models import AdminArea, Country, HazardType, Layer

pytestmark = pytest.mark.django_db
PAGES = ["/passport/", "/passport/KGZ/", "/passport/TJK/", "/passport/KGZ/KG-J/", "/passport/matrix/KGZ/UZB/",
         "/passport/matrix/TJK/UZB/"]


def _visible_text(html: str) -> str:
    page = lxml.html.fromstring(html)
    # Names of features are data (a NASA record may be called "Aini landslide"): left out of the check.
    for node in page.xpath("//style|//script|//title|//*[@class='name']"):
        node.drop_tree()
    return " ".join(page.text_content().split())


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize("path", PAGES)
def test_no_code_or_slug_is_left_in_the_passport_text(client, path, lang):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    text = _visible_text(response.content.decode())
    codes = set(Country.objects.values_list("iso3", flat=True)) | set(
        AdminArea.objects.filter(country__iso3__in=["KGZ", "TJK"]).values_list("code", flat=True))
    hazard_codes = set(HazardType.objects.values_list("code", flat=True))
    slugs = set(Layer.objects.values_list("slug", flat=True))
    words = set(re.findall(r"[\w-]+", text))
    assert not words & codes, (path, words & codes)
    assert not words & hazard_codes, (path, words & hazard_codes)
    assert not words & slugs, (path, words & slugs)


def test_the_shared_hazards_and_the_chart_legend_are_named(client):
    html = client.get("/passport/KGZ/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    page = lxml.html.fromstring(html)
    legend = page.xpath("//p[contains(@class, 'chart-legend')]")[0].text_content()
    assert "Землетрясения" in legend
    assert "Сели" in legend
    shared = " ".join(page.xpath("//h2[contains(., 'соседями') or contains(., 'neighbours')]"
                                 "/following-sibling::div[1]/table")[0].text_content().split())
    assert "Узбекистан" in shared
    assert "Землетрясения" in shared
    # The chart's bars are titled with the hazard type's name.
    assert re.search(r"<title>\d{4}s Землетрясения: \d+</title>", html)


def test_the_matrix_cell_names_the_layers_and_links_their_pages(client):
    html = client.get("/passport/matrix/KGZ/UZB/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Кыргызстан" in html
    assert "Узбекистан" in html
    assert 'href="/layers/manmade-dams-register/"' in html
    assert "Крупные плотины и водохранилища (реестр)" in html
    assert client.get("/passport/matrix/KGZ/XXX/").status_code == 404
