"""Names on the map in the reader's language, in Chromium: the labels MapLibre placed (map.queryRenderedFeatures
over the label layers) give the current official names of the names register — Алматы, not the source's
Алма-Ата; Бохтар, not Курган-Тюбе — and lakes and rivers in Cyrillic on Russian and Kazakh pages."""

import pytest

pytestmark = pytest.mark.slow

# The text of a label as the map's style writes it (static/atlas/js/map/layerstyle.js, labelText): the page's
# language, a Kazakh page falling back to the Russian name, then the layer's label attribute.
LABELS = """(lang) => {
    const gl = window.atlas.glMap;
    const ids = gl.getStyle().layers.filter((l) => l.type === 'symbol' && /::(labels|line-labels)$/.test(l.id))
        .map((l) => l.id);
    const text = (p) => p[`label_${lang}`] ?? (lang === 'kk' ? p.label_ru : undefined) ?? p.label;
    return [...new Set(gl.queryRenderedFeatures({ layers: ids }).map((f) => text(f.properties)))].sort();
}"""


def _labels(page, lang: str, view: str) -> list[str]:
    page.open(f"/?lang={lang}&{view}&layers=context-rivers,context-lakes")
    page.wait_drawn("context-lakes", "n >= 1")
    page.wait_idle()
    return page.page.evaluate(LABELS, lang)


def test_the_russian_map_writes_almaty_and_the_lakes_and_rivers_around_it_in_cyrillic(page):
    labels = _labels(page, "ru", "z=6&lat=45.2&lon=77.5")
    page.shot("names-ru-almaty")
    assert "Алматы" in labels
    assert "Алма-Ата" not in labels
    assert "Балхаш" in labels
    assert "Lake Balkhash" not in labels
    assert "Или" in labels
    assert "Ile" not in labels


def test_the_kazakh_map_writes_the_lakes_and_rivers_in_kazakh(page):
    labels = _labels(page, "kk", "z=6&lat=45.2&lon=77.5")
    page.shot("names-kk-almaty")
    assert "Алматы" in labels
    assert "Балқаш" in labels
    assert "Іле" in labels
    assert "Ile" not in labels


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_bokhtar_is_written_by_its_current_name(page, lang):
    labels = _labels(page, lang, "z=7&lat=37.9&lon=68.9")
    page.shot(f"names-{lang}-bokhtar")
    assert "Бохтар" in labels
    assert "Курган-Тюбе" not in labels
    assert "Qurghonteppa" not in labels
