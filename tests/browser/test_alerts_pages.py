"""A duty officer in Chromium, in Russian: signs in, draws the alert area and picks an admin area on the map, sees
the reach from the atlas, sends; the national and regional CAP validate against the XSD; the dashboard shows the
incident with the neighbours addressed. Zero console errors, nothing requested off the machine."""

import urllib.error
import urllib.request

import pytest
from lxml import etree

from tests.committed import in_own_connection

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

PASSWORD = "atlas-browser-1"
# Around Toktogul reservoir (the Naryn, upstream of Uzbekistan and Kazakhstan), and a point in Naryn region.
DRAWN = [(41.95, 72.55), (41.95, 73.15), (41.55, 73.15), (41.55, 72.55)]
NARYN_REGION = (41.3, 75.6)


def _world():
    from alerts.models import FocalPoint
    from hazards.models import Country
    from hazards.services.users import user_set_role

    user_set_role(username="browser_issuer", role="issuer", country="KGZ", password=PASSWORD)
    FocalPoint.objects.create(duty_unit="ЦЧС (браузер)", address="browser-centre", is_regional_centre=True)
    for iso3 in ("KAZ", "TJK", "UZB"):
        FocalPoint.objects.create(country=Country.objects.get(iso3=iso3), duty_unit=f"МЧС {iso3} (браузер)",
                                  address=f"browser-{iso3.lower()}")


def _cleanup():
    from django.contrib.auth import get_user_model

    from alerts.models import Alert, FocalPoint

    Alert.objects.filter(issuer__username="browser_issuer").delete()
    FocalPoint.objects.filter(address__startswith="browser-").delete()
    get_user_model().objects.filter(username="browser_issuer").delete()


def _wait(page, selector):
    """Wait for `selector`; on a timeout fail with what the page showed and logged, and a screenshot."""
    p = page.page
    try:
        p.wait_for_selector(selector, timeout=30_000)
    except Exception as exc:
        page.shot("alert-compose-failed", full_page=True)
        shown = p.evaluate("() => document.getElementById('compose-error')?.textContent")
        raise AssertionError(f"{selector} never came: {p.url} error shown: {shown!r} logged: {page.errors}") from exc


def _click_at(p, lat, lon):
    x, y = p.evaluate("([lat, lon]) => { const m = window.compose.map; const pt = m.latLngToContainerPoint([lat, lon]);"
                      " const r = m.getContainer().getBoundingClientRect(); return [pt.x + r.left, pt.y + r.top]; }",
                      [lat, lon])
    p.mouse.click(x, y)


def test_a_duty_officer_draws_sees_the_reach_and_sends_in_russian(page):
    from alerts.validation import cap_errors, parse_safely

    in_own_connection(_world)
    try:
        p = page.page
        p.set_extra_http_headers({"Accept-Language": "ru"})
        p.goto(f"{page.base}/alerts/new/")
        p.fill("#id_username", "browser_issuer")
        p.fill("#id_password", PASSWORD)
        p.click("button[type=submit]")
        p.wait_for_url("**/alerts/new/")
        _wait(page, "body[data-ready=true]")
        assert p.input_value("#event-ru") == "Паводок"  # the hazard type's template, in each language
        assert p.inner_text("#check-reach") == "Сохранить черновик и показать охват"
        p.fill("#area-desc", "Токтогульское водохранилище и Нарынская область")
        # Draw the polygon with Leaflet-Geoman, then pick Naryn region by a click on it.
        p.click(".leaflet-pm-icon-polygon")
        for lat, lon in DRAWN:
            _click_at(p, lat, lon)
        _click_at(p, *DRAWN[0])
        _click_at(p, *NARYN_REGION)
        p.wait_for_selector("#picked li")
        assert "Нарын" in p.inner_text("#picked")
        # And an object of the atlas found by name: the Toktogul dam or reservoir, with a zone around it.
        p.fill("#feature-search", "Токтогул")
        p.wait_for_selector("#feature-results button")
        found = p.inner_text("#feature-results")
        assert "Toktogul" in found or "Токтогул" in found
        p.click("#feature-results button >> nth=0")
        p.wait_for_selector("#chosen-features li")
        p.click("#check-reach")
        _wait(page, "#reach:not([hidden])")
        reach = p.inner_text("#reach")
        assert "Страны ниже по течению" in reach
        assert "Узбекистан" in reach
        assert "Казахстан" in reach
        assert "Нарын" in reach  # the regions touched, by name
        page.shot("alert-compose-reach", full_page=True)
        p.on("dialog", lambda dialog: dialog.accept())
        p.click("#send")
        _wait(page, "#sent:not([hidden])")
        links = p.eval_on_selector_all("#sent-body a[href*='/cap/alerts/']", "els => els.map(e => e.href)")
        assert len(links) == 2
        assert "browser-uzb" in p.inner_text("#sent-body")
        assert "browser-centre" in p.inner_text("#sent-body")
        scopes = {}
        for link in links:  # the public one for all; the private one with the duty officer's session
            body = p.request.get(link).body()
            root = parse_safely(body)
            assert cap_errors(root) == []
            ns = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
            assert root.xpath("//cap:info[cap:language='ru']/cap:event/text()", namespaces=ns) == ["Паводок"]
            scopes[root.findtext("cap:scope", namespaces=ns)] = link
        assert set(scopes) == {"Public", "Private"}
        with urllib.request.urlopen(scopes["Public"]) as response:  # anonymous: the national alert only
            assert etree.fromstring(response.read()).findtext(
                "{urn:oasis:names:tc:emergency:cap:1.2}scope") == "Public"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(scopes["Private"])
        assert refused.value.code == 404
        page.shot("alert-compose-sent", full_page=True)

        p.goto(f"{page.base}/alerts/")
        p.wait_for_selector("section.incident.open")
        incident = p.inner_text("section.incident.open")
        assert "Угроза паводка ниже по течению" in incident  # the template's headline, in Russian
        uzb = p.inner_text("tr[data-address=browser-uzb]")
        assert "Узбекистан" in uzb
        assert "отправлено" in uzb
        page.shot("alert-dashboard", full_page=True)
        assert page.errors == []
        assert page.external == []
    finally:
        in_own_connection(_cleanup)
