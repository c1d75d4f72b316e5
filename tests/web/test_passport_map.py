"""The passport's small map in the PDF, drawn from the web map's palette: the PDF's first page is rendered to
pixels (pdfium) and the map read off it; a city (Almaty), a large area and a country are drawn, none as a blob."""

import re
from pathlib import Path

import pypdfium2
import pytest

from hazards import palette
from hazards.models import AdminArea, Country
from hazards.passport_map import HEIGHT, WIDTH, passport_map
from tests.map_pixels import HIGHLIGHT, commonest_share, map_box, rgb, share

pytestmark = pytest.mark.django_db
# (path, least and greatest share of the map the unit's highlight may cover)
UNITS = [("/passport/KAZ/KZ-75/pdf/", 0.03, 0.5), ("/passport/KAZ/KZ-19/pdf/", 0.15, 0.8),
         ("/passport/KAZ/pdf/", 0.25, 0.8)]


def _rendered_map(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    page = pypdfium2.PdfDocument(response.content)[0].render(scale=3).to_pil()
    return page.crop(map_box(page))


@pytest.mark.parametrize(("path", "least", "most"), UNITS)
def test_the_pdf_map_shows_the_unit_highlighted_within_its_borders(client, path, least, most):
    image = _rendered_map(client, path)
    # The box found is the map's: its proportions, at the scale rendered (3 × 0.75 pt per CSS pixel).
    assert abs(image.width / image.height - WIDTH / HEIGHT) < 0.08
    assert commonest_share(image) < 0.92  # not one colour: a city leaves its country around it
    assert least <= share(image, HIGHLIGHT) <= most
    assert share(image, rgb(palette.COUNTRY_BORDER), 24) > 0.002


def test_a_city_is_drawn_in_pixels_with_its_surroundings():
    """Almaty (city) is ~0.4° across: its map is at least 150 km wide and its paths are in the map's pixels."""
    country = Country.objects.get(iso3="KAZ")
    drawing = passport_map(country, AdminArea.objects.get(country=country, code="KZ-75"))
    numbers = [float(n) for n in drawing.unit.replace("M", " ").replace("L", " ").replace("Z", " ").split()]
    xs, ys = numbers[0::2], numbers[1::2]
    assert 0 < min(xs) < max(xs) < WIDTH
    assert 0 < min(ys) < max(ys) < HEIGHT
    assert 30 < max(xs) - min(xs) < WIDTH * 0.7
    assert {c["iso3"] for c in drawing.countries} >= {"KAZ", "KGZ"}
    assert drawing.colours["member"] == palette.MEMBER


def test_the_palette_is_the_web_maps_base_style():
    """hazards.palette holds the colours of the web map's base style (basemap.js, layerstyle.js): a colour changed
    on one side only fails here."""
    js = Path(__file__).resolve().parents[2] / "static" / "atlas" / "js" / "map"
    base, layers = (js / "basemap.js").read_text(), (js / "layerstyle.js").read_text()
    declared = dict(re.findall(r'const (\w+) = "(#[0-9a-f]{6})"', base + layers))
    assert declared["LAND"] == palette.LAND
    assert declared["MEMBER"] == palette.MEMBER
    assert declared["WATER"] == palette.WATER
    for colour in (palette.COUNTRY_BORDER, palette.WORLD_BORDER, palette.ADMIN_LINE, palette.HIGHLIGHT):
        assert f'"{colour}"' in base, colour
