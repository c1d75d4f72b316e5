"""The WebGL map in Chromium (SwiftShader), in Russian and Kazakh: labels, symbols, filters, popups, admin clicks,
exports with a legend and a phone-sized screen; no console error and no request leaving the machine."""

import io

import pytest

pytestmark = pytest.mark.slow
EMCA = "seismic-earthquakes-emca"
USGS = "seismic-earthquakes-usgs"
GLOF = "flood-glof-events"
NAMES = {"ru": ("Казахстан", "Бишкек", "Магнитуда", "Уровень опасности"),
         "kk": ("Қазақстан", "Бишкек", "Магнитуда", "Қауіп деңгейі")}


def _rendered(page, layer, prop):
    return page.page.evaluate("([layer, prop]) => window.atlas.glMap.queryRenderedFeatures({layers: [layer]})"
                              ".map((f) => f.properties[prop])", [layer, prop])


def _clean(page):
    assert page.errors == []
    assert page.external == []


def test_the_browser_draws_with_webgl2(page):
    page.open()
    assert page.page.evaluate("() => Boolean(document.createElement('canvas').getContext('webgl2'))")
    assert page.page.evaluate("() => window.atlas.glMap.getCanvas().getContext('webgl2') !== null")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_labels_of_countries_areas_and_cities_in_the_page_language(page, lang):
    country, city, _, _ = NAMES[lang]
    glyphs = []
    page.page.on("response", lambda r: glyphs.append((r.url, r.status)) if "/vendor/glyphs/" in r.url else None)
    page.open(f"/?lang={lang}&z=6&lat=43.3&lon=76.9&layers=context-rivers,context-lakes")
    page.wait_idle()
    assert country in _rendered(page, "base::country-labels", f"name_{lang}")
    assert _rendered(page, "base::admin-labels", "name_ru")  # regions are named from zoom 5
    places = page.page.evaluate("() => window.atlas.glMap.queryRenderedFeatures({layers: ['base-places::labels']})"
                                ".map((f) => f.properties.label_ru)")
    assert city in places
    cyrillic = [url for url, status in glyphs if url.endswith("/1024-1279.pbf")]
    assert cyrillic
    assert all(status == 200 for url, status in glyphs)
    page.shot(f"webgl-labels-{lang}")
    _clean(page)


def test_the_transboundary_filter_changes_what_is_drawn(page):
    page.open(f"/?lang=ru&z=5&lat=41&lon=72&layers={GLOF},{USGS}")
    everything = page.wait_drawn(USGS, "n > 100")
    page.page.check("#filter-transboundary")
    crossing = page.wait_drawn(USGS, f"n < {everything}")
    assert 0 <= crossing < everything
    assert "tb=1" in page.page.url
    page.wait_idle()
    flags = page.page.evaluate(f"() => window.atlas.glMap.queryRenderedFeatures({{layers: ['{USGS}::points']}})"
                               ".map((f) => f.properties.transboundary)")
    assert all(flags)
    page.shot("webgl-transboundary")
    _clean(page)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_popups_are_translated_and_name_countries(page, lang):
    _, _, magnitude, level = NAMES[lang]
    page.open(f"/?lang={lang}&z=10&lat=42.9&lon=76.9&layers={EMCA}&from=1911&to=1911")
    page.wait_drawn(EMCA, "n >= 1")
    page.wait_idle()
    page.click_at(42.9, 76.9)
    popup = page.page.locator(".maplibregl-popup-content")
    popup.wait_for(timeout=10_000)
    text = popup.inner_text()
    assert magnitude in text
    assert level in text
    assert "8,2" in text
    assert "KGZ" not in text
    assert "mag_mlh" not in text
    assert "border_distance_km" not in text
    assert ("Кыргызстан" if lang == "ru" else "Қырғызстан") in text
    page.shot(f"webgl-popup-{lang}")
    _clean(page)


def test_an_admin_area_click_opens_its_panel_with_layers_on(page):
    page.open(f"/?lang=kk&z=7&lat=47.0&lon=70.0&layers={USGS},{GLOF}")
    page.wait_idle()
    page.click_at(47.0, 70.0)  # the steppe of central Kazakhstan: no hazard feature within reach at zoom 7
    assert page.page.evaluate(f"() => window.atlas.active.has('{USGS}') && window.atlas.active.has('{GLOF}')")
    page.page.wait_for_selector("#side-panel:not([hidden])", timeout=10_000)
    assert page.page.locator("#side-panel h2").inner_text()
    assert page.page.locator(".maplibregl-popup").count() == 0
    page.shot("webgl-area-panel-kk")
    _clean(page)


def test_the_export_has_the_map_a_legend_and_a_title(page):
    from PIL import Image

    page.open(f"/?lang=ru&z=5&lat=42&lon=72&layers={GLOF},{USGS}")
    page.wait_idle()
    with page.page.expect_download(timeout=30_000) as download:
        page.page.click("text=PNG")
    exported = Image.open(io.BytesIO(download.value.path().read_bytes()))
    image = exported.convert("L")
    map_width = page.page.evaluate("() => document.getElementById('map').clientWidth")
    assert image.width >= map_width + 240  # the legend column beside the map
    legend = image.crop((image.width - 240, 0, image.width, image.height // 2))
    assert legend.getextrema()[0] < 100  # dark text and symbols in the legend
    assert page.page.locator(".tools .map-button").count() == 3   # PNG, print, link; full screen is MapLibre's
    assert page.page.locator(".maplibregl-ctrl-fullscreen").count() == 1
    assert page.page.locator(".export-progress").count() == 0
    page.shot("webgl-export-page")
    exported.save(str(page_artifact("webgl-export.png")))
    _clean(page)


def page_artifact(name):
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def test_a_phone_sees_a_full_width_map_and_a_drawer(phone):
    phone.open(f"/?lang=ru&z=4&lat=43&lon=66&layers={USGS}")
    phone.wait_idle()
    box = phone.page.locator("#map").bounding_box()
    assert box["width"] == 390
    assert box["height"] > 700
    assert phone.page.locator("#sidebar").bounding_box()["x"] < -300  # the drawer is closed
    for selector in ["#drawer-toggle", ".maplibregl-ctrl-zoom-in", ".tools .map-button >> nth=0"]:
        target = phone.page.locator(selector).bounding_box()
        assert target["width"] >= 40, selector
        assert target["height"] >= 40, selector
    phone.shot("webgl-phone-map")
    phone.page.tap("#drawer-toggle")
    phone.page.wait_for_function("() => document.getElementById('sidebar').getBoundingClientRect().x >= 0")
    assert phone.page.locator(f"label[for=layer-{USGS}]").is_visible()
    row = phone.page.locator(f".layer[data-slug={USGS}] .layer-head").bounding_box()
    assert row["height"] >= 40
    phone.shot("webgl-phone-drawer")
    _clean(phone)


RENDERS = """() => new Promise((resolve) => { const gl = window.atlas.map; let n = 0; const count = () => { n += 1; };
    gl.on('render', count); setTimeout(() => { gl.off('render', count); resolve(n); }, 1500); })"""


def _hazard_label_layers(page):
    return page.page.evaluate(f"() => window.atlas.map.getStyle().layers.map((l) => l.id)"
                              f".filter((id) => id === '{GLOF}::labels' || id === '{USGS}::labels')")


def test_software_webgl_takes_the_light_path(phone):
    phone.open(f"/?lang=ru&z=5&lat=41&lon=72&layers={GLOF},{USGS}")
    phone.wait_idle()
    assert phone.page.evaluate("() => document.body.dataset.renderer") == "software"   # SwiftShader
    assert _hazard_label_layers(phone) == []
    width = phone.page.evaluate("() => window.atlas.map.getCanvas().width")
    assert width == 390                       # one canvas pixel per CSS pixel at a pixel ratio of 3
    assert phone.page.evaluate(RENDERS) == 0  # an idle map draws nothing
    assert phone.drawn(USGS) > 100
    _clean(phone)


def test_the_full_path_can_be_forced_on_software_webgl(phone):
    phone.open(f"/?lang=ru&z=5&lat=41&lon=72&layers={GLOF},{USGS}&renderer=gpu")
    phone.wait_idle()
    assert phone.page.evaluate("() => document.body.dataset.renderer") == "gpu"
    assert sorted(_hazard_label_layers(phone)) == sorted([f"{USGS}::labels", f"{GLOF}::labels"])
    assert phone.page.evaluate("() => window.atlas.map.getCanvas().width") == 390 * 3
    assert phone.page.evaluate(RENDERS) == 0
    _clean(phone)


def test_hazard_tiles_are_drawn_before_the_catalogue_answers_and_then_styled_once(page):
    import re

    held = []
    page.page.route(re.compile(r"/api/v1/layers/\?limit="), lambda route: held.append(route))
    page.page.goto(f"{page.base}/?layers={USGS},{GLOF}&z=5&lat=41&lon=72")
    # While the layer list is held back, the earthquakes' tiles are fetched and drawn by the provisional layers.
    page.page.wait_for_function(f"() => window.atlas && window.atlas.drawn({USGS!r}) > 0", timeout=40_000)
    page.page.wait_for_function(f"() => window.atlas.glMap.queryRenderedFeatures("
                                f"{{layers: ['{USGS}::early-points']}}).length > 0", timeout=20_000)
    assert held
    assert page.page.evaluate("() => document.body.dataset.ready") is None
    for route in held:
        route.continue_()
    page.page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    page.wait_idle()
    ids = page.page.evaluate("() => window.atlas.glMap.getStyle().layers.map((l) => l.id)")
    assert [i for i in ids if "::early-" in i] == []
    assert len(ids) == len(set(ids))
    # The layer's own style: its points layer, with the features drawn and the hazard type's colour.
    own = page.page.evaluate(f"() => window.atlas.glMap.queryRenderedFeatures({{layers: ['{USGS}::points', "
                             f"'{USGS}::clusters'].filter((id) => window.atlas.glMap.getLayer(id))}}).length")
    assert own > 0
    assert page.drawn(USGS) > 0
    _clean(page)
