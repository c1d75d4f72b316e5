"""The map page on a 390 × 844 phone and a 1440 × 900 desktop, in Russian, Kazakh and English, in Chromium: no
sideways scroll, the drawer's button inside the screen open and closed, a popup wholly inside the viewport and over
(not under) the map's controls. Element boxes from the browser, compared with the viewport."""

import pytest

pytestmark = pytest.mark.slow
EMCA = "seismic-earthquakes-emca"
KEMIN = (42.9, 76.9)   # the 1911 Kemin earthquake, the only EMCA event of 1911 there
# The Kemin earthquake's view, with the event moved under the map's top-left controls before the click.
VIEW = f"z=10&lat={KEMIN[0]}&lon={KEMIN[1]}&layers={EMCA}&from=1911&to=1911"

INSIDE = """(selector) => { const b = document.querySelector(selector).getBoundingClientRect();
    return [b.left, b.top, b.right, b.bottom, window.innerWidth, window.innerHeight]; }"""
# Points over the popup (inset from its edges) where something else than the popup is on top.
COVERED = """() => { const popup = document.querySelector('.maplibregl-popup');
    const b = popup.getBoundingClientRect(); const out = [];
    for (const fx of [0.05, 0.5, 0.95]) for (const fy of [0.05, 0.5, 0.95]) {
        const x = b.left + fx * b.width, y = b.top + fy * b.height;
        const top = document.elementFromPoint(x, y);
        if (!top || !popup.contains(top)) out.push([Math.round(x), Math.round(y), top ? top.className : null]);
    }
    return out; }"""


def _no_sideways_scroll(page):
    width, scroll = page.page.evaluate("() => [window.innerWidth, document.documentElement.scrollWidth]")
    assert scroll <= width


def _inside_viewport(page, selector):
    left, top, right, bottom, width, height = page.page.evaluate(INSIDE, selector)
    assert left >= 0, selector
    assert top >= 0, selector
    assert right <= width, selector
    assert bottom <= height, selector
    return left, top, right, bottom


def _popup_under_the_controls(page):
    """Moves the Kemin event under the top-left controls, taps it and waits for its popup."""
    page.wait_drawn(EMCA, "n >= 1")
    page.wait_idle()
    page.page.evaluate("""([lat, lon]) => { const m = window.atlas.map; const p = m.project([lon, lat]);
        const c = document.querySelector('.maplibregl-ctrl-zoom-in').getBoundingClientRect();
        const r = m.getContainer().getBoundingClientRect();
        m.panBy([p.x - (c.right - r.left + 30), p.y - (c.bottom - r.top + 20)], {animate: false}); }""", list(KEMIN))
    page.wait_idle()
    page.click_at(*KEMIN)
    page.page.locator(".maplibregl-popup-content").wait_for(timeout=10_000)
    page.page.wait_for_timeout(300)   # the popup is moved inside the map in the next frame


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_a_phone_keeps_the_drawer_button_and_popups_inside_the_screen(phone, lang):
    phone.open(f"/?lang={lang}&{VIEW}")
    phone.wait_idle()
    _no_sideways_scroll(phone)
    assert phone.page.locator(".maplibregl-ctrl-attrib").bounding_box()["height"] <= 48   # folded into its button
    _inside_viewport(phone, "#drawer-toggle")
    _inside_viewport(phone, ".maplibregl-ctrl-zoom-in")
    phone.page.tap("#drawer-toggle")
    phone.page.wait_for_function("() => document.getElementById('sidebar').getBoundingClientRect().x >= 0")
    phone.page.wait_for_timeout(300)   # the drawer slides in
    left, _, right, bottom = _inside_viewport(phone, "#drawer-toggle")
    assert right - left >= 40
    assert bottom > 40
    drawer = phone.page.locator("#sidebar").bounding_box()
    assert left >= drawer["x"] + drawer["width"]            # beside the drawer, not over it
    _no_sideways_scroll(phone)
    phone.shot(f"map-phone-drawer-{lang}")
    phone.page.tap("#drawer-toggle")
    phone.page.wait_for_function("() => document.getElementById('sidebar').getBoundingClientRect().right <= 0")
    _popup_under_the_controls(phone)
    _inside_viewport(phone, ".maplibregl-popup")
    assert phone.page.evaluate(COVERED) == []
    assert "1911" in phone.page.locator(".maplibregl-popup-content").inner_text()
    _no_sideways_scroll(phone)
    phone.shot(f"map-phone-popup-{lang}")
    assert phone.errors == []
    assert phone.external == []


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_a_desktop_popup_opens_over_the_controls_and_inside_the_map(desktop, lang):
    desktop.open(f"/?lang={lang}&{VIEW}")
    _no_sideways_scroll(desktop)
    desktop.wait_idle()
    scale = desktop.page.locator(".maplibregl-ctrl-scale").bounding_box()
    sources = desktop.page.locator(".maplibregl-ctrl-attrib").bounding_box()
    assert scale["x"] + scale["width"] <= sources["x"]        # the sources wrap beside the scale bar, not over it
    _popup_under_the_controls(desktop)
    _inside_viewport(desktop, ".maplibregl-popup")
    popup = desktop.page.locator(".maplibregl-popup").bounding_box()
    area = desktop.page.locator("#map").bounding_box()
    assert popup["x"] >= area["x"]
    assert popup["x"] + popup["width"] <= area["x"] + area["width"]
    assert desktop.page.evaluate(COVERED) == []
    desktop.shot(f"map-desktop-popup-{lang}")
    assert desktop.errors == []
    assert desktop.external == []
