"""In Chromium, in Russian and Kazakh: the search box finds objects across scripts and names them in the page's
language, popups use the layer's own attribute labels, and the layer page pages its attribute table; no console
error and no request leaving the machine."""

import pytest

pytestmark = pytest.mark.slow
EMCA = "seismic-earthquakes-emca"


def _clean(page):
    assert page.errors == []
    assert page.external == []


def _search(page, text):
    box = page.page.locator("#search-input")
    box.fill(text)
    items = page.page.locator("#search-results li")
    items.first.wait_for(timeout=10_000)
    return [" ".join(t.split()) for t in items.all_inner_texts()]


@pytest.mark.parametrize(("lang", "query", "first", "kind"), [
    ("ru", "Сарез", "Сарезское озеро", "опасный объект"), ("kk", "Бишкек", "Бішкек", None),
    ("ru", "Toktogul", "Токтогул", None)])
def test_the_search_box_finds_across_scripts_in_the_page_language(page, lang, query, first, kind):
    page.open(f"/?lang={lang}")
    results = _search(page, query)
    assert results[0].startswith(first), results
    assert sum(1 for r in results if r.startswith(f"{first} ")) == 1  # the same place once
    page.shot(f"search-{lang}-{query}")
    _clean(page)


def test_enter_on_a_search_switches_the_first_results_layer_on_and_goes_there(page):
    page.open("/?lang=ru")
    assert _search(page, "Сарез")[0].startswith("Сарезское озеро")
    page.page.keyboard.press("Enter")
    page.page.wait_for_function("() => window.atlas.store.get().layers.includes('flood-outburst-lakes-register')",
                                timeout=10_000)
    centre = page.page.evaluate("() => window.atlas.map.getCenter()")
    assert abs(centre["lat"] - 38.25) < 0.5
    assert abs(centre["lng"] - 72.6) < 0.7
    page.shot("search-ru-Сарез-enter")
    _clean(page)


@pytest.mark.parametrize(("lang", "depth"), [("ru", "Глубина очага, км"), ("kk", "Ошақ тереңдігі, км")])
def test_popups_use_the_layers_own_labels(page, lang, depth):
    page.open(f"/?lang={lang}&z=10&lat=42.9&lon=76.9&layers={EMCA}&from=1911&to=1911")
    page.wait_drawn(EMCA, "n >= 1")
    page.wait_idle()
    page.click_at(42.9, 76.9)
    popup = page.page.locator(".maplibregl-popup-content")
    popup.wait_for(timeout=10_000)
    text = popup.inner_text()
    assert depth in text
    assert "depth_km" not in text
    # The layer panel links the layer's page.
    link = page.page.locator(f".layer[data-slug='{EMCA}'] a[href$='/layers/{EMCA}/']")
    assert link.count() == 1
    _clean(page)


@pytest.mark.parametrize(("lang", "heading"), [("ru", "Магнитуда MLH"), ("kk", "Магнитуда (MLH)")])
def test_the_layer_page_pages_its_attribute_table(page, lang, heading):
    page.page.set_extra_http_headers({"Accept-Language": lang})
    page.page.goto(f"{page.base}/layers/{EMCA}/")
    assert page.page.locator("th[data-attribute='mag_mlh']").inner_text().startswith(heading)
    first_ids = page.page.locator("#attribute-table tbody tr td:first-child").all_inner_texts()
    assert first_ids[:2] == ["1", "2"]
    assert len(first_ids) == 25
    page.page.locator("a[rel=next]").click()
    page.page.wait_for_url("**/?page=2#attributes")
    assert page.page.locator("#attribute-table tbody tr td:first-child").first.inner_text() == "26"
    assert page.page.locator("#extent-map rect").count() == 1
    page.shot(f"layer-page-{lang}", full_page=True)
    _clean(page)
