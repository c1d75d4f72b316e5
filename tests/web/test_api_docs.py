"""The API documentation pages run no inline script (the CSP allows none) and fetch nothing from outside; the
OGC landing links both. The pages themselves are opened in Chromium in tests/browser/test_api_docs.py."""

from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db


class Scripts(HTMLParser):
    """The page's <script> elements: their attributes and whether they carry code."""

    def __init__(self):
        super().__init__()
        self.scripts, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open = {**dict(attrs), "code": ""}
            self.scripts.append(self._open)

    def handle_data(self, data):
        if self._open is not None:
            self._open["code"] += data.strip()

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


def _scripts(client, path):
    parser = Scripts()
    parser.feed(client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    return parser.scripts


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_docs_pages_have_no_inline_script_only_json_data(client, path):
    scripts = _scripts(client, path)
    inline = [s for s in scripts if s["code"]]
    assert [s.get("type") for s in inline] == ["application/json"]
    assert all(s["src"].startswith("/") for s in scripts if "src" in s)


def test_the_redoc_bundle_names_no_external_address(client):
    response = client.get("/api/redoc/redoc.standalone.js")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert b"Redoc" in body
    assert b"cdn.redoc.ly" not in body


def test_the_redoc_bundle_answers_304_to_its_etag(client):
    etag = client.get("/api/redoc/redoc.standalone.js")["ETag"]
    assert client.get("/api/redoc/redoc.standalone.js", HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304


def test_the_ogc_landing_links_swagger_ui_and_redoc_as_service_doc(client):
    links = client.get("/ogc/?f=json").json()["links"]
    docs = sorted(link["href"].removeprefix("http://testserver") for link in links if link["rel"] == "service-doc")
    assert docs == ["/api/docs/", "/api/redoc/"]
