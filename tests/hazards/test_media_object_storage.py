"""Media on an S3-compatible object store (ATLAS_MEDIA_STORAGE=s3): a real S3 server on loopback (moto's standalone
`moto_server`, an HTTP server speaking the S3 REST protocol), the real upload path, GDAL reading the COG with range
requests through /vsis3/, downloads streamed from the bucket, and deletion removing a version's objects."""

import hashlib
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import morecantile
import numpy as np
import pyogrio
import pytest
import rasterio
from pyproj import Transformer
from rasterio.io import MemoryFile
from rio_cogeo.cogeo import cog_validate
from rio_tiler.colormap import cmap
from rio_tiler.io import Reader

from hazards.media import export_prefix
from hazards.models import Layer
from hazards.services.layers import layer_delete
from hazards.services.versions import version_delete
from ingest.models import Upload
from ingest.uploads import uploads_orphaned_purge

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
CORPUS = Path(__file__).resolve().parents[1] / "data" / "uploads" / "good"
RASTER = CORPUS / "seismic_counts_utm42.tif"  # 14 × 14 cells of 23.6 km, UTM 42N, uint16, nodata 0
VECTOR = CORPUS / "towns_utm42n.geojson"  # five towns, UTM 42N
BUCKET, KEY, SECRET = "atlas-media", "atlas-test-key", "atlas-test-secret"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    """moto's S3 server on a loopback port; its access log (one line per request, with the status) in a file."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("moto") / "access.log"
    log = log_path.open("w")
    server = subprocess.Popen([str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "MOTO_PORT": str(port)})
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(f"moto_server did not start: {log_path.read_text()[-2000:]}") from None
            time.sleep(0.1)
    client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=KEY, aws_secret_access_key=SECRET,
                          region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    yield {"endpoint": endpoint, "client": client, "log": log_path}
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture
def s3_media(settings, s3_server):
    """The atlas's media storage switched to the bucket, exactly as atlas.composite.media_storage configures it."""
    from atlas import composite

    env = {"ATLAS_MEDIA_STORAGE": "s3", "ATLAS_S3_BUCKET": BUCKET, "ATLAS_S3_ENDPOINT": s3_server["endpoint"],
           "ATLAS_S3_ACCESS_KEY": KEY, "ATLAS_S3_SECRET_KEY": SECRET, "ATLAS_S3_PREFIX": "media"}
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        default = composite.media_storage()
    finally:
        for name, value in saved.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value
    settings.STORAGES = {**settings.STORAGES, "default": default}
    return s3_server


def _keys(client) -> set[str]:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
    return {item["Key"] for page in pages for item in page.get("Contents", [])}


def _body(client, key: str) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def _send(client, path: Path, **fields) -> dict:
    data = {"title_ru": "Слой", "title_en": fields.pop("title_en"), "hazard_type": "seismic", "country": "KAZ",
            "licence": "CC BY 4.0", "attribution": "Test", "publish": "true", **fields}
    with open(path, "rb") as handle:
        body = client.post("/api/v1/layers/", {**data, "file": handle}).json()
    assert body["status"] == "published", body
    return body


def _log_lines(log: Path, start: int) -> list[str]:
    """The server's access-log lines after `start`, without the terminal colours werkzeug adds."""
    return re.sub(r"\x1b\[[0-9;]*m", "", log.read_text()[start:]).splitlines()


def test_uploads_rasters_and_exports_live_in_the_bucket_and_go_with_their_version(
        client, kaz_editor, s3_media, django_capture_on_commit_callbacks):
    s3 = s3_media["client"]
    client.force_login(kaz_editor)
    raster_upload = _send(client, RASTER, title_en="Seismic counts on S3")
    vector_upload = _send(client, VECTOR, title_en="Towns on S3")
    raster = Layer.objects.get(slug=raster_upload["layer"])
    vector = Layer.objects.get(slug=vector_upload["layer"])
    cog_key = f"media/{raster.published_version.raster_path}"
    keys = _keys(s3)
    assert {f"media/uploads/{raster_upload['id']}/{RASTER.name}", f"media/uploads/{vector_upload['id']}/{VECTOR.name}",
            cog_key} <= keys, keys
    # The sources are stored byte for byte; nothing went to the local media folder.
    for upload, source in [(raster_upload, RASTER), (vector_upload, VECTOR)]:
        stored = _body(s3, f"media/uploads/{upload['id']}/{source.name}")
        assert stored == source.read_bytes()
        assert hashlib.sha256(stored).hexdigest() == Upload.objects.get(pk=upload["id"]).checksum
    with MemoryFile(_body(s3, cog_key)) as memory:
        assert cog_validate(memory.name, quiet=True)[0]

    # Private objects: only the owner is granted anything, and an unsigned request is refused.
    for key in keys:
        grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        assert [g["Permission"] for g in grants] == ["FULL_CONTROL"], grants
        assert "URI" not in grants[0]["Grantee"], grants
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3_media['endpoint']}/{BUCKET}/{cog_key}", timeout=5)
    assert refused.value.code == 403

    _raster_reads_by_range_match_the_source(client, raster, s3_media)
    _downloads_stream_from_the_bucket(client, raster, vector, s3)
    _a_range_of_the_cog_is_read_from_the_bucket(client, raster, s3)

    # Restricted layers: every media path answers 404 to a reader who may not see them.
    Layer.objects.filter(pk=raster.pk).update(access=Layer.Access.RESTRICTED)
    client.logout()
    assert client.get(f"/api/v1/layers/{raster.slug}/download/?format=tif").status_code == 404
    assert client.get(f"/tiles/{raster.slug}/7/88/47.png").status_code == 404
    Layer.objects.filter(pk=raster.pk).update(access=Layer.Access.PUBLIC)
    client.force_login(kaz_editor)

    # A second version; deleting the first removes its COG (and only it) once the deletion commits.
    with open(RASTER, "rb") as handle:
        second = client.post(f"/api/v1/layers/{raster.slug}/versions/", {"file": handle, "publish": "true"}).json()
    assert second["status"] == "published", second
    raster.refresh_from_db()
    first = raster.versions.get(number=1)
    second_key = f"media/{raster.published_version.raster_path}"
    assert second_key != cog_key
    assert {cog_key, second_key} <= _keys(s3)
    with django_capture_on_commit_callbacks(execute=True):
        version_delete(version=first)
    keys = _keys(s3)
    assert cog_key not in keys
    assert second_key in keys
    # The source file of the deleted version goes with the nightly purge; the other uploads' stay.
    first_source = f"media/uploads/{raster_upload['id']}/{RASTER.name}"
    assert first_source in keys
    assert uploads_orphaned_purge() >= 1
    keys = _keys(s3)
    assert first_source not in keys
    assert f"media/uploads/{second['id']}/{RASTER.name}" in keys
    assert Upload.objects.get(pk=raster_upload["id"]).file == ""

    # Deleting the vector layer removes its download files.
    exports = f"media/{export_prefix(vector.published_version_id)}/"
    assert any(key.startswith(exports) for key in keys)
    with django_capture_on_commit_callbacks(execute=True):
        layer_delete(layer=vector)
    assert not any(key.startswith(exports) for key in _keys(s3))


def _source_value(lon: float, lat: float) -> int:
    with rasterio.open(RASTER) as source:
        x, y = Transformer.from_crs("EPSG:4326", source.crs, always_xy=True).transform(lon, lat)
        row, col = source.index(x, y)
        return int(source.read(1)[row, col])


def _raster_reads_by_range_match_the_source(client, raster: Layer, s3_media) -> None:
    """Tiles and point values come from the COG in the bucket, read by range requests (HTTP 206), never whole."""
    log = s3_media["log"]
    start = len(log.read_text())
    with rasterio.open(RASTER) as source:
        to_wgs = Transformer.from_crs(source.crs, "EPSG:4326", always_xy=True)
        centres = [to_wgs.transform(*source.xy(row, col)) for row in (2, 6, 11) for col in (3, 7, 12)]
    values = [client.get(f"/api/v1/layers/{raster.slug}/value/?lon={lon}&lat={lat}").json() for lon, lat in centres]
    expected = [_source_value(lon, lat) for lon, lat in centres]
    assert [v["value"] if not v["nodata"] else 0 for v in values] == expected
    assert any(expected)
    assert not all(expected)

    lon, lat = centres[4]
    tile = morecantile.tms.get("WebMercatorQuad").tile(lon, lat, 7)
    response = client.get(f"/tiles/{raster.slug}/{tile.z}/{tile.x}/{tile.y}.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    with MemoryFile(response.content) as memory, memory.open() as png:
        rgba = png.read()
    requests = [line for line in _log_lines(log, start) if f"/{BUCKET}/media/rasters/" in line]
    gets = [line for line in requests if '"GET ' in line]
    assert gets, requests
    assert all('" 206 ' in line for line in gets), requests  # partial content (Range) only
    # Exactly what rio-tiler reads from a copy of the stored COG fetched with boto3 (the atlas's media code aside)…
    cog_bytes = _body(s3_media["client"], f"media/{raster.published_version.raster_path}")
    with MemoryFile(cog_bytes) as memory, Reader(memory.name) as cog:
        stored = cog.tile(tile.x, tile.y, tile.z, indexes=1)
    valid = stored.mask > 0
    assert valid.any()
    assert (~valid).any()
    assert ((rgba[3] > 0) == valid).all()
    low, high = _rescale(raster)
    scaled = np.clip((stored.array[0].astype(float) - low) / (high - low) * 255, 0, 255).astype(np.uint8)
    colours = np.array([cmap.get("ylorrd")[i][:3] for i in range(256)], dtype=np.uint8)[scaled]
    assert (rgba[:3].transpose(1, 2, 0)[valid] == colours[valid]).all()
    # …and close to the original UTM file: the COG's cells are one Web Mercator zoom level's pixels, so cell edges
    # move by up to half such a pixel (measured: 91 % of the tile's pixels agree on data/nodata).
    with Reader(str(RASTER)) as source:
        direct = source.tile(tile.x, tile.y, tile.z, indexes=1)
    assert ((direct.mask > 0) == valid).mean() > 0.85



def _rescale(raster: Layer) -> tuple[float, float]:
    stats = raster.published_version.raster_info["statistics"]
    return stats["p2"], stats["p98"] if stats["p98"] > stats["p2"] else stats["p2"] + 1


def _downloads_stream_from_the_bucket(client, raster: Layer, vector: Layer, s3) -> None:
    response = client.get(f"/api/v1/layers/{raster.slug}/download/?format=tif")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content == _body(s3, f"media/{raster.published_version.raster_path}")
    assert int(response["Content-Length"]) == len(content)
    with MemoryFile(content) as memory, memory.open() as cog:
        assert cog.crs.to_epsg() == 3857
        assert cog.tags()["LICENCE"] == "CC BY 4.0"
    # A vector export is made once by ogr2ogr, which reads committed rows only (the region's layer; the test's own
    # upload sits in its rolled-back transaction): its file is kept in the bucket and streamed from there.
    reservoirs = Layer.objects.get(slug="manmade-reservoirs")
    response = client.get(f"/api/v1/layers/{reservoirs.slug}/download/?format=gpkg")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    key = f"media/{export_prefix(reservoirs.published_version_id)}/gpkg/{reservoirs.slug}-v1.gpkg"
    assert _body(s3, key) == content
    found = pyogrio.read_dataframe(io.BytesIO(content))
    assert len(found) == reservoirs.published_version.feature_count > 0
    assert found.crs.to_epsg() == 4326
    assert client.get(f"/api/v1/layers/{vector.slug}/download/?format=gpkg").status_code == 200


def _a_range_of_the_cog_is_read_from_the_bucket(client, raster: Layer, s3) -> None:
    stored = _body(s3, f"media/{raster.published_version.raster_path}")
    response = client.get(f"/api/v1/layers/{raster.slug}/download/?format=tif", HTTP_RANGE="bytes=100-1099")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == stored[100:1100]
    assert response["Content-Range"] == f"bytes 100-1099/{len(stored)}"


def test_on_the_file_system_a_deleted_version_leaves_no_raster_behind(client, kaz_editor, settings,
                                                                       django_capture_on_commit_callbacks):
    client.force_login(kaz_editor)
    layer = Layer.objects.get(slug=_send(client, RASTER, title_en="Seismic counts on disk")["layer"])
    with open(RASTER, "rb") as handle:
        assert client.post(f"/api/v1/layers/{layer.slug}/versions/",
                           {"file": handle, "publish": "true"}).json()["status"] == "published"
    first = layer.versions.get(number=1)
    cog = Path(settings.MEDIA_ROOT) / first.raster_path
    assert cog.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        version_delete(version=first)
    layer.refresh_from_db()
    assert not cog.exists()
    assert (Path(settings.MEDIA_ROOT) / layer.published_version.raster_path).is_file()


def test_a_rolled_back_deletion_keeps_the_files(client, kaz_editor, settings, django_capture_on_commit_callbacks):
    from django.db import transaction

    client.force_login(kaz_editor)
    layer = Layer.objects.get(slug=_send(client, RASTER, title_en="Seismic counts kept")["layer"])
    cog = Path(settings.MEDIA_ROOT) / layer.published_version.raster_path
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        layer_delete(layer=layer)
        assert cog.is_file()  # nothing is removed before the commit
        raise RuntimeError("the deletion fails after the rows went")
    assert callbacks == []
    assert cog.is_file()
    assert Layer.objects.filter(pk=layer.pk).exists()


@pytest.mark.parametrize(("env", "message"), [
    ({"ATLAS_MEDIA_STORAGE": "ftp"}, "must be fs or s3"),
    ({"ATLAS_MEDIA_STORAGE": "s3", "ATLAS_S3_ACCESS_KEY": "k"}, "needs ATLAS_S3_BUCKET, ATLAS_S3_SECRET_KEY"),
    ({"ATLAS_MEDIA_STORAGE": "s3", "ATLAS_S3_BUCKET": "b", "ATLAS_S3_ACCESS_KEY": "k", "ATLAS_S3_SECRET_KEY": "s",
      "ATLAS_S3_ADDRESSING": "dns"}, "ATLAS_S3_ADDRESSING must be path or virtual"),
])
def test_a_media_storage_setting_that_cannot_work_fails_at_start_up(monkeypatch, env, message):
    from django.core.exceptions import ImproperlyConfigured

    from atlas.composite import media_storage

    for name in ("ATLAS_S3_BUCKET", "ATLAS_S3_ACCESS_KEY", "ATLAS_S3_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        media_storage()
