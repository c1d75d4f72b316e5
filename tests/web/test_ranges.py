"""COGs and download files answer HTTP Range requests (RFC 9110 §14) on the real server (gunicorn): GDAL's
/vsicurl/ reads a window of a 40 MB COG fetching a small part of it, with the pixels the file holds; one range is a
206 with Content-Range and the file's own bytes (never compressed), a range past the end 416, If-Range keeps a
resumed download from mixing two versions."""

import http.client
import socket
import threading
from contextlib import closing
from urllib.parse import urlsplit

import numpy as np
import pytest
import rasterio
import requests
from django.db import connection
from rasterio.transform import from_bounds
from rasterio.windows import Window

from hazards.models import HazardType, Layer
from hazards.services.layers import layer_delete
from ingest.pipeline import ingest_file
from tests.committed import in_own_connection

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
SLUG = "test-ranges-big-cog"
SIZE = 4096  # pixels a side of noise (incompressible): a COG of about 40 MB with its overviews


def _noise_geotiff(path) -> None:
    values = np.random.default_rng(23).integers(1, 255, size=(SIZE, SIZE), dtype=np.uint8)
    profile = {"driver": "GTiff", "width": SIZE, "height": SIZE, "count": 1, "dtype": "uint8", "nodata": 0,
               "crs": "EPSG:3857", "transform": from_bounds(7.8e6, 4.6e6, 8.9e6, 5.5e6, SIZE, SIZE)}
    with rasterio.open(path, "w", **profile) as out:
        out.write(values, 1)


def _publish(source) -> str:
    layer = Layer.objects.create(slug=SLUG, kind=Layer.Kind.RASTER, title_ru="Шум", title_en="Noise",
                                 hazard_type=HazardType.objects.get(code="seismic"), licence="CC0")
    return ingest_file(layer=layer, path=source, publish=True).raster_path


def _remove() -> None:
    layer_delete(layer=Layer.objects.get(slug=SLUG))
    with connection.cursor() as cursor:  # no worker runs here: the analyses the publication queued go too
        cursor.execute("DELETE FROM procrastinate_jobs WHERE status = 'todo'")


@pytest.fixture(scope="module")
def cog(django_db_blocker, atlas_server, media_root, tmp_path_factory):
    """(URL of the download of a committed 40 MB raster layer's COG, the COG's local path); removed on exit."""
    source = tmp_path_factory.mktemp("ranges") / "noise.tif"
    _noise_geotiff(source)
    with django_db_blocker.unblock():
        name = in_own_connection(lambda: _publish(source))
        yield f"{atlas_server}/api/v1/layers/{SLUG}/download/?format=tif", media_root / name
        in_own_connection(_remove)


class CountingProxy:
    """A TCP relay on a loopback port in front of the server, counting the bytes the server sends through it."""

    def __init__(self, upstream_port: int):
        self.upstream, self.sent = upstream_port, 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        with closing(self.listener):
            while True:
                try:
                    client, _ = self.listener.accept()
                except OSError:
                    return
                server = socket.create_connection(("127.0.0.1", self.upstream))
                threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
                threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _pump(self, source, target, counted):
        with closing(source), closing(target):
            while data := _receive(source):
                if counted:
                    with self.lock:
                        self.sent += len(data)
                target.sendall(data)

    def close(self):
        self.listener.close()


def _receive(sock) -> bytes:
    try:
        return sock.recv(65536)
    except OSError:
        return b""


@pytest.fixture
def proxied(cog, atlas_server):
    proxy = CountingProxy(int(atlas_server.rsplit(":", 1)[1]))
    yield cog[0].replace(atlas_server, f"http://127.0.0.1:{proxy.port}"), proxy
    proxy.close()


WINDOW = Window(1500, 2100, 64, 48)
GDAL = {"GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR", "GDAL_HTTP_MAX_RETRY": "0",
        "VSI_CACHE": "FALSE"}


def _read_window(path: str):
    with rasterio.Env(**GDAL), rasterio.open(path) as cog:
        return cog.read(1, window=WINDOW)


def test_gdal_reads_a_window_of_the_cog_over_http_with_the_pixels_of_the_file(proxied, cog):
    assert np.array_equal(_read_window(f"/vsicurl/{proxied[0]}"), _read_window(str(cog[1])))


def test_gdal_fetches_a_small_part_of_the_cog_to_read_a_window(proxied, cog):
    url, proxy = proxied
    _read_window(f"/vsicurl/{url}")
    assert proxy.sent < cog[1].stat().st_size / 10


def test_the_whole_file_says_it_takes_ranges_and_is_never_compressed(cog):
    response = requests.get(cog[0], headers={"Accept-Encoding": "gzip"}, stream=True, timeout=30)
    assert response.status_code == 200
    assert response.headers["Accept-Ranges"] == "bytes"
    assert "Content-Encoding" not in response.headers
    assert int(response.headers["Content-Length"]) == cog[1].stat().st_size
    assert response.raw.read(decode_content=False) == cog[1].read_bytes()


RANGES = [("bytes=0-99", slice(0, 100)), ("bytes=1000-", slice(1000, None)), ("bytes=-500", slice(-500, None)),
          ("bytes=16384-32767", slice(16384, 32768)), ("bytes=100-99999999999", slice(100, None))]


@pytest.mark.parametrize(("asked", "part"), RANGES, ids=[asked for asked, _ in RANGES])
def test_one_range_is_a_206_with_the_bytes_of_the_file_never_compressed(cog, asked, part):
    response = requests.get(cog[0], headers={"Range": asked, "Accept-Encoding": "gzip"}, stream=True, timeout=30)
    data = cog[1].read_bytes()
    first, stop, _ = part.indices(len(data))
    assert response.status_code == 206
    assert "Content-Encoding" not in response.headers
    assert response.raw.read(decode_content=False) == data[part]
    assert response.headers["Content-Range"] == f"bytes {first}-{stop - 1}/{len(data)}"


def test_a_range_past_the_end_is_a_416_naming_the_size(cog):
    size = cog[1].stat().st_size
    response = requests.get(cog[0], headers={"Range": f"bytes={size}-"}, timeout=30)
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{size}"
    assert response.json()["error"] == "range_not_satisfiable"


def test_the_416_says_why_in_the_readers_language(cog):
    size = cog[1].stat().st_size
    response = requests.get(cog[0], headers={"Range": f"bytes={size + 10}-", "Accept-Language": "kk"}, timeout=30)
    assert response.json()["detail"] == f"Сұралған ауқым файлдың соңынан кейін басталады ({size} байт)."


def test_several_ranges_are_answered_with_the_whole_file(cog):
    response = requests.get(cog[0], headers={"Range": "bytes=0-9,20-29"}, timeout=30)
    assert response.status_code == 200
    assert len(response.content) == cog[1].stat().st_size


@pytest.mark.parametrize("validator", ["ETag", "Last-Modified"])
def test_if_range_with_the_current_validator_gets_the_range(cog, validator):
    held = requests.head(cog[0], timeout=30).headers[validator]
    response = requests.get(cog[0], headers={"Range": "bytes=0-9", "If-Range": held}, timeout=30)
    assert response.status_code == 206


@pytest.mark.parametrize("validator", ['"an-older-version"', 'W/"{etag}"', "Thu, 01 Jan 1970 00:00:00 GMT"])
def test_if_range_naming_another_representation_gets_the_whole_file(cog, validator):
    etag = requests.head(cog[0], timeout=30).headers["ETag"].strip('"')
    response = requests.get(cog[0], headers={"Range": "bytes=0-9", "If-Range": validator.format(etag=etag)},
                            timeout=30)
    assert response.status_code == 200
    assert len(response.content) == cog[1].stat().st_size


def test_a_head_request_tells_the_size_and_that_ranges_are_taken(cog):
    response = requests.head(cog[0], timeout=30)
    assert response.headers["Accept-Ranges"] == "bytes"
    assert int(response.headers["Content-Length"]) == cog[1].stat().st_size


@pytest.mark.parametrize("asked", [None, "bytes=1000-", "bytes=0-99"], ids=["whole", "from an offset", "a range"])
def test_a_client_that_keeps_its_connection_gets_the_file_again_on_it(cog, asked):
    """GDAL, QGIS and browsers keep the connection for their next request. The production server sends a stored
    file with sendfile; it must leave the connection usable after it (it once failed after sending, seeking the
    window, and closed the connection)."""
    url = urlsplit(cog[0])
    data = cog[1].read_bytes()
    expected = data if asked is None else data[1000:] if asked == "bytes=1000-" else data[:100]
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    try:
        for _ in range(3):
            conn.request("GET", f"{url.path}?{url.query}", headers={"Accept-Encoding": "gzip",
                                                                     **({"Range": asked} if asked else {})})
            response = conn.getresponse()
            assert response.status == (206 if asked else 200)
            assert response.read() == expected
    finally:
        conn.close()
