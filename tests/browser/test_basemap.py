"""The base map at local scale in Chromium: lakes drawn in water colour where they are, Lake Sarez named at zoom 10,
and the same base (rivers, lakes, places in the page's language) under the composer's and the upload preview's
small maps. Zero console errors, nothing requested off the machine."""

import io

import pytest
from PIL import Image

from tests.committed import in_own_connection

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
PASSWORD = "atlas-browser-1"
WATER = (0x8F, 0xBF, 0xE0)  # shared/basestyle.js, the lakes' fill


def _rendered(p, glmap: str, layer: str, prop: str) -> list:
    return p.evaluate(f"([layer, prop]) => {glmap}.queryRenderedFeatures({{layers: [layer]}})"
                      ".map((f) => f.properties[prop])", [layer, prop])


def _pixel(page, lon: float, lat: float) -> tuple[int, int, int]:
    """The colour the map drew at (lon, lat), from a screenshot of the page."""
    x, y = page.page.evaluate("([lon, lat]) => { const gl = window.atlas.glMap; const p = gl.project([lon, lat]);"
                              " const r = gl.getCanvas().getBoundingClientRect();"
                              " return [p.x + r.left, p.y + r.top]; }", [lon, lat])
    shot = Image.open(io.BytesIO(page.page.screenshot())).convert("RGB")
    return shot.getpixel((round(x), round(y)))


def _near(colour, target, tolerance=12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, target, strict=True))


def test_issyk_kul_is_drawn_in_water_colour_and_the_land_beside_it_is_not(page):
    page.open("/?lang=ru&z=9&lat=42.45&lon=77.3")
    page.wait_idle()
    assert _rendered(page.page, "window.atlas.glMap", "base::lakes", "name_en").count("Issyk-Kul") >= 1
    assert _near(_pixel(page, 77.3, 42.45), WATER)  # the middle of the lake
    assert not _near(_pixel(page, 76.2, 42.05), WATER)  # Kochkor valley, south-west of the lake
    page.shot("basemap-issyk-kul-ru")
    assert page.errors == []
    assert page.external == []


@pytest.mark.parametrize(("lang", "name"), [("ru", "Сарезское озеро"), ("en", "Lake Sarez"),
                                            ("kk", "Сарезское озеро")])
def test_lake_sarez_is_named_at_zoom_10_in_the_page_language(page, lang, name):
    # No atlas layer on (`layers=`): the base map alone (a hazard layer's symbols there would take the label's place).
    page.open(f"/?lang={lang}&z=10&lat=38.22&lon=72.72&layers=")
    page.wait_idle()
    page.shot(f"basemap-sarez-{lang}")
    labels = page.page.evaluate("() => window.atlas.glMap.queryRenderedFeatures({layers: ['base::water-labels']})"
                                ".map((f) => f.properties)")
    texts = {p.get(f"name_{lang}") or p.get("name_ru") or p.get("name_en") for p in labels}
    assert name in texts
    assert _rendered(page.page, "window.atlas.glMap", "base::glaciers", "kind")  # the Pamir's ice around it
    assert page.errors == []
    assert page.external == []


def _sign_in(p, base: str, path: str, username: str, ready: str) -> None:
    p.goto(f"{base}{path}")
    p.fill("#id_username", username)
    p.fill("#id_password", PASSWORD)
    p.click("button[type=submit]")
    p.wait_for_url(f"**{path}")
    p.wait_for_selector(ready, timeout=30_000)


def _wait_base(p, container: str) -> None:
    p.wait_for_function(f"() => {{ const gl = document.querySelector({container!r})?.atlasBase;"
                        " return gl && gl.loaded() && gl.areTilesLoaded(); }", timeout=30_000)
    p.evaluate(f"() => new Promise((resolve) => {{ const gl = document.querySelector({container!r}).atlasBase;"
               " gl.once('idle', resolve); gl.triggerRepaint(); })")


def test_the_composer_has_the_base_rivers_lakes_and_places_in_russian(page):
    from hazards.services.users import user_set_role

    in_own_connection(lambda: user_set_role(username="browser_base_issuer", role="issuer", country="KGZ",
                                             password=PASSWORD))
    p = page.page
    p.set_extra_http_headers({"Accept-Language": "ru"})
    _sign_in(p, page.base, "/alerts/new/", "browser_base_issuer", "body[data-ready=true]")
    _wait_base(p, "#area-map")
    gl = "document.querySelector('#area-map').atlasBase"
    for layer in ("base::rivers", "base::lakes", "base::place-labels"):
        assert p.evaluate(f"(id) => Boolean({gl}.getLayer(id))", layer)
    assert "Ташкент" in _rendered(p, gl, "base::place-labels", "name_ru")
    assert _rendered(p, gl, "base::rivers", "name_en")
    page.shot("basemap-composer-ru")
    assert page.errors == []
    assert page.external == []


def test_the_upload_preview_has_the_base_with_almaty_in_kazakh(page):
    from hazards.services.users import user_set_role

    in_own_connection(lambda: user_set_role(username="browser_base_editor", role="editor", country="KAZ",
                                             password=PASSWORD))
    p = page.page
    p.set_extra_http_headers({"Accept-Language": "kk"})
    _sign_in(p, page.base, "/upload/", "browser_base_editor", "#file")
    # The preview's map as the page makes it after an upload, over the extent of Almaty region.
    p.evaluate("""async () => {
        const config = JSON.parse(document.getElementById('upload-config').textContent);
        const { createExtentMap } = await import(document.querySelector('script[src*="upload/main.js"]').src
            .replace(/upload\\/main\\.js.*$/, 'upload/preview.js'));
        const box = Object.assign(document.createElement('div'), { id: 'base-check' });
        box.style.cssText = 'width: 600px; height: 400px';
        document.body.append(box);
        createExtentMap('base-check', config.tiles.countries, config.vendor, config.tiles.basemap)
            .show([76.4, 43.0, 77.6, 43.6], null);
    }""")
    _wait_base(p, "#base-check")
    gl = "document.querySelector('#base-check').atlasBase"
    assert p.evaluate(f"() => Boolean({gl}.getLayer('base::rivers'))")
    assert "Алматы" in _rendered(p, gl, "base::place-labels", "name_kk")
    p.locator("#base-check").scroll_into_view_if_needed()
    page.shot("basemap-upload-preview-kk")
    assert page.errors == []
    assert page.external == []
