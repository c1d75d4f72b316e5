"""The public page of an alert in Chromium, under the site's CSP: the texts in the chosen language, the area drawn
by MapLibre (served from the atlas, no CDN) over the atlas's own boundary tiles; the language switch; a Private
message not found; no console error, nothing requested off the machine."""

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture
def sent_alert(django_db_blocker, atlas_server):
    from tests.alerts.factories import committed_alert

    with committed_alert(django_db_blocker, "page") as alert:
        yield alert


def test_the_page_draws_the_area_on_a_map_in_the_chosen_language(page, sent_alert):
    national, _regional, _points, _issuer = sent_alert
    page.open(f"/alerts/{national.identifier}/", locale_header="ru")
    assert page.page.text_content("#alert-headline").strip() == "Угроза прорыва: Токтогульское водохранилище"
    assert page.page.get_attribute("#alert-state", "data-state") == "in_force"
    assert page.page.evaluate("() => Boolean(document.createElement('canvas').getContext('webgl2'))")
    drawn = page.page.evaluate("() => window.alertMap.queryRenderedFeatures({layers: ['area-fill']}).length")
    assert drawn > 0
    bounds = page.page.evaluate("() => window.alertMap.getBounds().toArray()")
    (west, south), (east, north) = bounds
    assert west < 72.3
    assert east > 73.2
    assert south < 41.45
    assert north > 42.0
    page.page.select_option("select[name=language]", "en")
    page.page.wait_for_selector("body[data-ready=true]")
    page.page.wait_for_function("() => document.documentElement.lang === 'en'")
    assert page.page.text_content("#alert-headline").strip() == "Outburst threat: Toktogul reservoir"
    assert page.errors == []
    assert page.external == []


def test_a_private_message_is_not_found_in_the_browser(page, sent_alert):
    _national, regional, _points, _issuer = sent_alert
    response = page.page.goto(f"{page.base}/alerts/{regional.identifier}/")
    assert response.status == 404
