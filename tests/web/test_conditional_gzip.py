"""A client that asks for gzip, as browsers, GDAL, QGIS and feed readers all do, gets 304s: GZipMiddleware sends
the ETag weak (W/"…") and If-None-Match compares weakly (RFC 9110 §13.1.2), on features, tiles and CAP feeds."""

import gzip
import json

import pytest

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip"}
URLS = ["/api/v1/layers/seismic-earthquakes-emca/features/?limit=50", "/tiles/context-rivers/5/22/11.pbf",
        "/cap/feed.atom"]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("url", URLS)
def test_a_gzip_client_repeating_a_request_gets_a_304(client, url):
    first = client.get(url, **GZIP)
    assert first.status_code == 200
    assert first["Content-Encoding"] == "gzip"
    assert first["ETag"].startswith('W/"')  # made weak by the compression
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)
    assert again.status_code == 304
    assert _body(again) == b""


def test_the_gzip_body_is_the_representation_the_tag_names(client):
    first = client.get(URLS[0], **GZIP)
    assert json.loads(gzip.decompress(_body(first)))["numberReturned"] == 50
    other = client.get(URLS[0].replace("limit=50", "limit=51"), HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)
    assert other.status_code == 200
