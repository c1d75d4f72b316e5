"""In Chromium, in Russian and Kazakh: the map's layer list marks a provisional layer with a translated badge (and
says why in its tooltip), and no official layer carries one."""

import pytest
from django.utils import timezone

from hazards.models import Layer
from tests.committed import in_own_connection

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
SLUG = "manmade-reservoirs"


@pytest.fixture
def provisional(atlas_server):
    """The region's reservoirs layer made provisional where the server sees it (committed), official again after."""
    def mark(official):
        return lambda: Layer.objects.filter(slug=SLUG).update(official=official, updated_at=timezone.now())

    in_own_connection(mark(False))
    yield SLUG
    in_own_connection(mark(True))


@pytest.mark.parametrize(("lang", "badge", "why"), [("ru", "предварительный", "не учитывается"),
                                                     ("kk", "алдын ала", "есептелмейді")])
def test_the_layer_list_badges_the_provisional_layer_only(page, provisional, lang, badge, why):
    page.open(f"/?lang={lang}")
    row = page.page.locator(f'.layer[data-slug="{provisional}"]')
    row.wait_for(state="attached", timeout=20_000)
    marked = row.locator(".layer-head label .badge.provisional")
    assert marked.text_content() == badge
    assert why in marked.get_attribute("title")
    assert page.page.locator(".layer .badge.provisional").count() == 1
    assert page.page.locator(".layer").count() >= 20
    row.scroll_into_view_if_needed()
    page.shot(f"provisional-badge-{lang}")
    assert page.errors == []
    assert page.external == []
