"""The map's Alerts group in Chromium, in Russian: a sent alert drawn from the per-user alert tiles, its popup in
Russian with the link to the CAP; a Private regional message only for its addressee; no console error."""

import pytest

pytestmark = pytest.mark.slow
TOKTOGUL = (41.9, 73.05)   # inside the drawn box, inside Kyrgyzstan
VIEW = "/?lang=ru&z=8&lat=41.75&lon=72.8&layers="   # no layer: the click goes to the alert


@pytest.fixture
def sent_alert(django_db_blocker, atlas_server):
    from tests.alerts.factories import committed_alert

    with committed_alert(django_db_blocker, "map", status="Exercise") as alert:
        yield alert


def _sign_in(page, user):
    page.page.goto(f"{page.base}/accounts/login/?next=/")
    page.page.fill("input[name=username]", user.username)
    page.page.fill("input[name=password]", "pw-atlas-1")
    page.page.click("button[type=submit], input[type=submit]")
    page.page.wait_for_load_state()


def _drawn_ids(page):
    page.wait_idle()
    return set(page.page.evaluate("() => window.atlas.glMap.querySourceFeatures('alerts', {sourceLayer: 'alerts'})"
                                  ".map((f) => f.id)"))


def test_the_alerts_group_shows_a_sent_alert_with_a_russian_popup(page, sent_alert):
    national, regional, _points, _issuer = sent_alert
    page.open(VIEW)
    group = page.page.locator(".alerts-group")
    assert group.locator("h2").inner_text() == "Оповещения"
    assert group.locator("#layer-alerts").is_checked()
    assert _drawn_ids(page) == {national.pk}          # anonymous: the public national alert only
    labels = page.page.evaluate("() => window.atlas.glMap.queryRenderedFeatures({layers: ['alerts::label']})"
                                ".map((f) => f.properties.status)")
    assert labels == ["Exercise"]       # written once, not once per tile
    page.click_at(*TOKTOGUL)
    popup = page.page.locator(".maplibregl-popup-content")
    popup.wait_for(timeout=10_000)
    text = popup.inner_text()
    assert "Угроза прорыва: Токтогульское водохранилище" in text
    assert "Покиньте пойму реки Нарын." in text
    assert "УЧЕНИЯ" in text
    assert "Сильная" in text
    assert "Ожидается" in text
    day = national.expires.astimezone(__import__("zoneinfo").ZoneInfo("UTC"))
    assert str(day.year) in text
    assert any(month in text for month in (
        "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября",
        "декабря"))
    link = popup.locator("a").get_attribute("href")
    assert link.endswith(f"/cap/alerts/{national.identifier}.xml")
    page.shot("map-alerts-popup-ru")
    page.page.uncheck("#layer-alerts")
    assert page.page.evaluate("() => window.atlas.glMap.getLayoutProperty('alerts::fill', 'visibility')") == "none"
    assert page.errors == []
    assert page.external == []


def test_the_addressee_sees_the_regional_message_on_the_map(page, sent_alert):
    national, regional, points, _issuer = sent_alert
    _sign_in(page, points["UZB"].user)
    page.open(VIEW)
    assert _drawn_ids(page) == {national.pk, regional.pk}
    page.shot("map-alerts-addressee-ru")
    assert page.errors == []
    assert page.external == []


def test_the_permalink_keeps_the_alerts_group_switched_off(page, sent_alert):
    page.open(VIEW + "&alerts=0")
    assert not page.page.locator("#layer-alerts").is_checked()
    assert page.page.evaluate("() => window.atlas.glMap.getLayoutProperty('alerts::fill', 'visibility')") == "none"
    assert "alerts=0" in page.page.evaluate("() => window.location.search")  # kept while it is off
    page.page.check("#layer-alerts")
    assert "alerts=0" not in page.page.evaluate("() => window.location.search")
    assert page.errors == []
    assert page.external == []
