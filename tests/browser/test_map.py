"""The interactive map in Chromium: drawing, popups, filters, languages, permalinks, offline."""

import pytest

pytestmark = pytest.mark.slow
EMCA = "seismic-earthquakes-emca"


def test_map_loads_with_no_errors_and_no_request_leaving_the_machine(page):
    page.open()
    page.wait_drawn("seismic-earthquakes-usgs", "n > 400")
    page.shot("map-default")
    assert page.errors == []
    assert page.external == []
    assert page.page.locator("#layer-panel h2").count() >= 5


def _painted_pixels(page, slug):
    """Pixels of the WebGL canvas that change when the layer is hidden: what the layer itself paints."""
    return page.page.evaluate("""async (slug) => {
        const gl = window.atlas.glMap;
        const snapshot = () => new Promise((resolve) => { gl.once('idle', () => {
            const c = gl.getCanvas(); const x = document.createElement('canvas');
            x.width = c.width; x.height = c.height; const ctx = x.getContext('2d'); ctx.drawImage(c, 0, 0);
            resolve(ctx.getImageData(0, 0, c.width, c.height).data);
        }); gl.triggerRepaint(); });
        const ids = window.atlas.active.get(slug).map((e) => e.id);
        const on = await snapshot();
        ids.forEach((id) => gl.setLayoutProperty(id, 'visibility', 'none'));
        const off = await snapshot();
        ids.forEach((id) => gl.setLayoutProperty(id, 'visibility', 'visible'));
        let count = 0;
        for (let i = 0; i < on.length; i += 4) if (on[i] !== off[i] || on[i + 1] !== off[i + 1]) count++;
        return count;
    }""", slug)


def test_turning_a_layer_on_draws_it(page):
    page.open()
    assert EMCA not in page.page.evaluate("[...window.atlas.active.keys()]")
    page.page.check(f"#layer-{EMCA}")
    drawn = page.wait_drawn(EMCA, "n > 20000")
    assert drawn <= 33608
    assert _painted_pixels(page, EMCA) > 5000
    page.shot("map-emca-on")


def test_popup_shows_a_known_feature(page):
    page.open(f"/?z=10&lat=42.9&lon=76.9&layers={EMCA}&from=1911&to=1911")
    page.wait_drawn(EMCA, "n >= 1")
    point = page.page.evaluate("() => { const p = window.atlas.map.project([76.9, 42.9]);"
                               " const r = document.getElementById('map').getBoundingClientRect();"
                               " return [p.x + r.left, p.y + r.top]; }")
    page.wait_idle()
    page.page.mouse.click(*point)
    popup = page.page.locator(".maplibregl-popup-content")
    popup.wait_for(timeout=10_000)
    text = popup.inner_text()
    assert "1911" in text
    assert "8,2" in text
    assert "Кыргызстан" in text
    page.shot("map-popup-kemin")


def test_country_filter_and_year_range_change_what_is_drawn(page):
    page.open(f"/?z=5&lat=42&lon=72&layers={EMCA}")
    everything = page.wait_drawn(EMCA, "n > 5000")
    page.page.select_option("#filter-country", "KGZ")
    kyrgyz = page.wait_drawn(EMCA, f"n > 0 && n < {everything}")
    page.page.fill("#filter-from", "1900")
    page.page.fill("#filter-to", "2000")
    page.page.press("#filter-to", "Enter")
    page.page.dispatch_event("#filter-to", "change")
    century = page.wait_drawn(EMCA, f"n > 0 && n < {kyrgyz}")
    assert century < kyrgyz < everything
    assert "country=KGZ" in page.page.url
    assert "from=1900" in page.page.url
    page.shot("map-filtered-kgz-1900-2000")


def test_language_switch_changes_the_panel(page):
    page.open()
    page.page.select_option("#language", "kk")
    page.page.wait_for_selector("html[lang=kk]")
    page.page.wait_for_selector("body[data-ready=true]")
    headings = page.page.locator("#layer-panel h2").all_inner_texts()
    assert "Жер сілкінісі" in headings
    assert page.page.locator(f"label[for=layer-{EMCA}]").inner_text().startswith("Жер сілкінісі")
    page.shot("map-kazakh")
    page.page.select_option("#language", "en")
    page.page.wait_for_selector("html[lang=en]")
    page.page.wait_for_selector("body[data-ready=true]")
    assert "Earthquakes" in page.page.locator("#layer-panel h2").all_inner_texts()
    assert page.page.locator("label[for=filter-country]").inner_text() == "Country"


def test_permalink_restores_the_view(page):
    page.open("/?z=7&lat=42.5&lon=75.0&layers=seismic-earthquakes-noaa&country=KGZ&tb=0&lang=en")
    # MapLibre's zoom (512-pixel tiles) is one less than the permalink's (the 256-pixel zoom of Leaflet/OSM links).
    view = page.page.evaluate("() => { const c = window.atlas.map.getCenter();"
                              " return [window.atlas.map.getZoom() + 1, c.lat, c.lng]; }")
    assert view[0] == 7
    assert abs(view[1] - 42.5) < 0.01
    assert abs(view[2] - 75.0) < 0.01
    assert page.page.is_checked("#layer-seismic-earthquakes-noaa")
    assert not page.page.is_checked("#layer-seismic-earthquakes-usgs")
    assert page.page.input_value("#filter-country") == "KGZ"
    assert page.page.get_attribute("html", "lang") == "en"


def test_search_finds_cyrillic_and_latin_names_and_zooms_there(page):
    page.open("/?z=4&lat=43&lon=66")
    page.page.fill("#search-input", "Бишкек")
    page.page.locator("#search-results li").first.wait_for()
    page.page.keyboard.press("Enter")
    page.page.wait_for_function("() => window.atlas.map.getZoom() + 1 >= 9")
    center = page.page.evaluate("() => window.atlas.map.getCenter()")
    assert abs(center["lat"] - 42.87) < 0.2
    assert abs(center["lng"] - 74.59) < 0.2
