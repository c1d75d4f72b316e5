"""A duty officer's alert-area upload goes through the same confined reading as layer uploads: hostile GDAL inputs
(tests/data/uploads/hostile.py) answer 400 with a reason, leak no byte of a canary and fetch nothing."""

import pytest

from tests.data.uploads.hostile import NAMES, hostile_files

pytestmark = pytest.mark.django_db
# A raster is no area: the GeoTIFF with a hostile side file is refused as such before it is opened.
CODES = {"aux_xml.zip": "invalid_area", "shp_link.zip": "zip_link"}


@pytest.mark.parametrize("name", NAMES)
def test_a_hostile_area_file_is_refused_and_leaks_nothing(client, kgz_issuer, tmp_path, canary, loopback, caplog,
                                                          name):
    folder = tmp_path / "hostile"
    folder.mkdir()
    path, _ = hostile_files(folder, canary=canary[0], url=loopback.url)[name]
    client.force_login(kgz_issuer)
    with open(path, "rb") as file:
        response = client.post("/api/v1/alerts/areas/from-file/", {"file": file}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert response.json()["error"] == CODES.get(name, "external_reference")
    assert canary[1] not in response.content.decode()
    assert canary[1] not in caplog.text
    assert loopback.requests == []


def test_a_hostile_area_file_is_refused_in_russian(client, kgz_issuer, tmp_path, canary, loopback):
    path, _ = hostile_files(tmp_path, canary=canary[0], url=loopback.url)["vrt_file.geojson"]
    client.force_login(kgz_issuer)
    with open(path, "rb") as file:
        response = client.post("/api/v1/alerts/areas/from-file/", {"file": file}, HTTP_ACCEPT_LANGUAGE="ru")
    assert "ссылается на другие файлы" in response.json()["detail"]
