"""The layer page /layers/{slug}/: metadata in three languages (the page's first), history with who published,
a paged attribute table from PostGIS with the layer's own attribute labels, the extent, downloads and services."""

import json
import re

import lxml.html
import pytest

from hazards.models import HazardType, Layer
from ingest.pipeline import ingest_file
from serving.downloads import download_formats

pytestmark = pytest.mark.django_db
EMCA = "seismic-earthquakes-emca"


def _page(client, path, lang="ru"):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200, response.status_code
    return lxml.html.fromstring(response.content.decode())


def _table(page) -> tuple[list[str], list[list[str]]]:
    table = page.xpath("//table[@id='attribute-table']")[0]
    headers = [th.get("data-attribute") for th in table.xpath(".//thead/tr/th[@data-attribute]")]
    rows = [[" ".join(td.text_content().split()) for td in tr.xpath("./td")] for tr in table.xpath(".//tbody/tr")]
    return headers, rows


@pytest.mark.parametrize(("lang", "title"), [("ru", "Землетрясения: каталог EMCA (2000 до н. э. – 2009)"),
                                             ("kk", "Жер сілкінісі: EMCA каталогы (б.з.д. 2000 – 2009)")])
def test_the_page_gives_the_metadata_in_its_language_first(client, lang, title):
    page = _page(client, f"/layers/{EMCA}/", lang)
    assert page.xpath("//h1")[0].text_content() == title
    blocks = page.xpath("//section[@id='languages']/div")
    assert [b.get("data-lang") for b in blocks][0] == lang
    assert len(blocks) == 3
    assert page.xpath("//span[@id='layer-hazard']")[0].text_content() == {"ru": "Землетрясения",
                                                                          "kk": "Жер сілкінісі"}[lang]
    facts = " ".join(page.xpath("//table[@id='layer-facts']")[0].text_content().split())
    assert "CC BY-SA 4.0" in facts
    assert "EMCA" in facts
    assert "33 608" in facts.replace("\xa0", " ")
    assert re.search(r"\d{2}\.\d{2}\.\d{4}", facts)  # the version's date as Russia and Kazakhstan write it


def test_the_attribute_table_is_paged_on_the_server_with_the_layers_labels(client):
    first = _page(client, f"/layers/{EMCA}/")
    headers, rows = _table(first)
    assert headers == ["id", "day", "lat", "lon", "hour", "year", "month", "minute", "second", "mag_mlh", "depth_km"]
    label = first.xpath("//th[@data-attribute='mag_mlh']")[0].text_content()
    assert label.startswith("Магнитуда MLH")  # the layer's own label, in the page's language
    assert len(rows) == 25
    assert [int(r[0]) for r in rows] == list(range(1, 26))
    second = _table(_page(client, f"/layers/{EMCA}/?page=2"))[1]
    assert [int(r[0]) for r in second] == list(range(26, 51))
    last_page = _page(client, f"/layers/{EMCA}/?page=99999")  # clamped to the last page
    last = _table(last_page)[1]
    assert [int(r[0]) for r in last] == list(range(33601, 33609))
    assert not last_page.xpath("//a[@rel='next']")
    assert last_page.xpath("//a[@rel='prev']")
    assert _page(client, f"/layers/{EMCA}/", "kk").xpath("//th[@data-attribute='depth_km']")[0] \
        .text_content().startswith("Ошақ тереңдігі, км")


def test_a_bad_page_number_is_a_400(client):
    for bad in ("abc", "-1", "0", "1e9", "9999999"):
        assert client.get(f"/layers/{EMCA}/", {"page": bad}).status_code == 400, bad


def test_downloads_services_and_extent(client):
    page = _page(client, "/layers/manmade-dams-register/")
    layer = Layer.objects.get(slug="manmade-dams-register")
    formats = [a.get("data-format") for a in page.xpath("//p[@id='downloads']/a")]
    assert formats == download_formats(layer)
    assert set(formats) == {"gpkg", "shp", "csv", "kml", "geojson"}
    for a in page.xpath("//p[@id='downloads']/a"):
        assert a.get("href") == f"/api/v1/layers/manmade-dams-register/download/?format={a.get('data-format')}"
    links = " ".join(page.xpath("//table[@id='links']")[0].text_content().split())
    for part in ("/api/v1/layers/manmade-dams-register/", "/ogc/collections/manmade-dams-register",
                 "/tiles/manmade-dams-register.json", "/tiles/manmade-dams-register/{z}/{x}/{y}.pbf"):
        assert part in links
    svg = page.xpath("//*[@id='extent-map']")[0]
    rect = svg.xpath(".//*[local-name()='rect']")[0]
    west, south, east, north = layer.published_version.bbox
    assert float(rect.get("x")) == pytest.approx(west, abs=0.01)
    assert float(rect.get("y")) == pytest.approx(-north, abs=0.01)
    assert len(svg.xpath(".//*[local-name()='path']")) >= 5  # the five members around the dams
    # The JSON of the layer links its page.
    assert client.get("/api/v1/layers/manmade-dams-register/").json()["links"]["page"].endswith(
        "/layers/manmade-dams-register/")


def test_a_raster_layer_has_no_attribute_table_but_its_tiles_and_cog(client):
    page = _page(client, "/layers/seismic-event-density-emca/")
    assert not page.xpath("//table[@id='attribute-table']")
    assert [a.get("data-format") for a in page.xpath("//p[@id='downloads']/a")] == ["tif"]
    assert "{z}/{x}/{y}.png" in page.xpath("//table[@id='links']")[0].text_content()


def test_the_history_says_when_and_who_published_each_version(client, tmp_path, kaz_editor):
    layer = Layer.objects.create(slug="test-history", title_ru="Проверка истории", title_en="History check",
                                 hazard_type=HazardType.objects.get(code="flood"), label_field="name",
                                 attribute_labels={"name": {"ru": "Имя объекта"}})
    path = tmp_path / "a.geojson"
    for n in (1, 2):
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [76.9 + i / 10, 43.2]},
             "properties": {"name": f"v{n}-{i}"}} for i in range(n * 3)]}))
        ingest_file(layer=layer, path=path, publish=True, user=kaz_editor)
    page = _page(client, "/layers/test-history/")
    rows = [[" ".join(td.text_content().split()) for td in tr.xpath("./td")]
            for tr in page.xpath("//table[@id='history']/tbody/tr")]
    assert [r[0][0] for r in rows] == ["2", "1"]
    assert [r[2] for r in rows] == ["6", "3"]
    assert rows[0][3].endswith("· kaz_editor")
    assert rows[0][4].endswith("· kaz_editor")
    assert re.match(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} ", rows[0][4])  # a date written the Russian way
    assert page.xpath("//th[@data-attribute='name']")[0].text_content().startswith("Имя объекта")
    assert [r[1] for r in _table(page)[1]] == [f"v2-{i}" for i in range(6)]


def test_an_unknown_layer_is_a_404(client):
    assert client.get("/layers/no-such-layer/").status_code == 404
