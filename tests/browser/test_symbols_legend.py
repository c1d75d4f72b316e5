"""Symbols come from the layer, not the page's language, and the exported PNG's legend lists everything the map
draws (the active layers, the alerts by severity, the base map's lines), checked in the decoded PNG."""

import io

import pytest
from PIL import Image

pytestmark = pytest.mark.slow
LAYERS = ["flood-glof-events", "flood-outburst-lakes-register", "seismic-earthquakes-usgs", "manmade-dams-register",
          "manmade-events-register", "seismic-active-faults-gem"]
TOKTOGUL_VIEW = "z=8&lat=41.75&lon=72.8"
SEVERE = (0xef, 0x6c, 0x00)  # alerts.js SEVERITY_COLOURS.Severe


def _symbols(page, lang):
    """The drawn style layers of LAYERS (labels aside, which are text in the page's language) and the panel's
    legend swatches as pixels."""
    page.open(f"/?lang={lang}&layers={','.join(LAYERS)}")
    page.wait_idle()
    return page.page.evaluate("""(slugs) => {
        const gl = window.atlas.glMap;
        const style = gl.getStyle().layers.filter((l) => slugs.some((s) => l.id.startsWith(`${s}::`))
            && !l.id.endsWith('labels') && !l.id.endsWith('cluster-counts'))
            .map((l) => [l.id, l.type, JSON.stringify(l.paint ?? {}), JSON.stringify(l.layout ?? {})]);
        const swatches = slugs.map((s) => [s, [...document.querySelectorAll(
            `#layer-panel .layer[data-slug="${s}"] .legend canvas`)].map((c) => c.toDataURL())]);
        return { style, swatches };
    }""", LAYERS)


def test_the_same_layers_have_the_same_symbols_in_russian_kazakh_and_english(page):
    drawn = {lang: _symbols(page, lang) for lang in ("ru", "kk", "en")}
    assert len(drawn["ru"]["style"]) >= len(LAYERS)
    assert all(urls for _slug, urls in drawn["ru"]["swatches"])
    assert drawn["kk"] == drawn["ru"]
    assert drawn["en"] == drawn["ru"]
    icons = {layer_id: layout for layer_id, _type, _paint, layout in drawn["en"]["style"]}
    # The symbol is what the layer is: a register of objects has a white core (variant 1), events are filled (0).
    assert "-1-" in icons["flood-outburst-lakes-register::points"]
    assert "-1-" in icons["manmade-dams-register::points"]
    assert "-0-" in icons["flood-glof-events::points"]
    assert "-0-" in icons["manmade-events-register::points"]
    assert page.errors == []


@pytest.fixture
def severe_alert(django_db_blocker, atlas_server):
    from tests.alerts.factories import committed_alert

    with committed_alert(django_db_blocker, "legend") as alert:
        yield alert


def _exported(page):
    """The PNG the PNG button downloads, decoded, and the legend rows the same composition drew."""
    with page.page.expect_download(timeout=30_000) as download:
        page.page.click("text=PNG")
    image = Image.open(io.BytesIO(download.value.path().read_bytes())).convert("RGB")
    rows = page.page.evaluate("async () => JSON.parse((await window.atlas.compose()).dataset.legend)")
    return image, rows


def _swatch_pixels(image, row):
    half = row["size"] // 2 + 1
    box = image.crop((row["x"] - half, row["y"] - half, row["x"] + half, row["y"] + half))
    return list(box.getdata())


@pytest.mark.usefixtures("severe_alert")
def test_the_exported_legend_lists_the_layers_the_alerts_and_the_base_map(page):
    page.open(f"/?lang=ru&{TOKTOGUL_VIEW}&layers={LAYERS[0]},{LAYERS[3]}")
    page.wait_idle()
    assert page.page.evaluate("() => window.atlas.alerts.drawn()") == 1
    image, rows = _exported(page)
    groups = list(dict.fromkeys(row["group"] for row in rows))
    titles = page.page.evaluate("() => [...window.atlas.active.keys()].map((s) => document.querySelector("
                                "`#layer-panel .layer[data-slug='${s}'] label`).textContent.trim())")
    assert set(titles) <= set(groups)
    assert "Оповещения" in groups
    assert "Основа карты" in groups
    alert_rows = [row for row in rows if row["group"] == "Оповещения"]
    # The committed alert is Severe (tests/alerts/conftest.py): the severities drawn in the view, no others.
    assert [row["label"] for row in alert_rows] == ["Сильная"]
    assert [row["label"] for row in rows if row["group"] == "Основа карты"] == [
        "Государственная граница", "Граница области", "Граница района", "Река", "Озеро или водохранилище", "Ледник"]
    # The rows are drawn in the PNG: the alert's swatch has its severity's colour, every swatch has ink.
    assert any(all(abs(p - c) <= 30 for p, c in zip(pixel, SEVERE, strict=True))
               for pixel in _swatch_pixels(image, alert_rows[0]))
    for row in rows:
        assert min(min(pixel) for pixel in _swatch_pixels(image, row)) < 200, row
    image.save(str(page_artifact("legend-export-ru.png")))
    assert page.errors == []


def page_artifact(name):
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
