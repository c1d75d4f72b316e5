"""The passport's small map in Chromium, in the three languages: a screenshot of the map element is decoded and
read — the unit highlighted (a sensible share), the members' border drawn, not one colour (Almaty city was a
black blob: its outline stroke was 0.03° wide on a map 0.4° across)."""

import io

import pytest
from PIL import Image

from hazards import palette
from tests.map_pixels import HIGHLIGHT, commonest_share, rgb, share

pytestmark = pytest.mark.slow
UNITS = [("/passport/KAZ/KZ-75/", 0.03, 0.5), ("/passport/KAZ/KZ-19/", 0.15, 0.8), ("/passport/KGZ/", 0.2, 0.8)]


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
@pytest.mark.parametrize(("path", "least", "most"), UNITS)
def test_the_passport_map_shows_the_unit_highlighted_in_the_maps_colours(page, path, least, most, lang):
    page.page.set_extra_http_headers({"Accept-Language": lang})
    page.page.goto(f"{page.base}{path}")
    element = page.page.locator("svg.map")
    box = element.bounding_box()
    assert box is not None
    assert (round(box["width"]), round(box["height"])) == (322, 222)  # 320 × 220 and its 1-pixel border
    image = Image.open(io.BytesIO(element.screenshot())).convert("RGB")
    assert commonest_share(image) < 0.92
    assert least <= share(image, HIGHLIGHT) <= most
    assert share(image, rgb(palette.COUNTRY_BORDER), 24) > 0.002
    assert share(image, rgb(palette.MEMBER), 3) > 0.01 or share(image, rgb(palette.LAND), 3) > 0.01
    assert page.errors == []
