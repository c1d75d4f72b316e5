"""The feeds and CAP documents as other systems read them: the public test feed (Test status only; the public feeds
stay Actual-only), superseded messages leaving the feeds while Cancels stay, If-Modified-Since answered with 304 to
a client that sends Accept-Encoding: gzip, and CORS (any origin, read-only, never with credentials)."""

import pytest
from django.utils.http import http_date
from lxml import etree

from alerts.models import Alert
from alerts.sending import alert_send
from alerts.services import alert_cancel, alert_update_draft

from .conftest import draft_payload, token_header
from .factories import send

pytestmark = pytest.mark.django_db
A = "{http://www.w3.org/2005/Atom}"
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate"}


def _entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {e.findtext(f"{A}id"): e.find(f"{A}category").get("term")
            for e in etree.fromstring(response.content).findall(f"{A}entry")}


def test_a_test_alert_sent_through_the_api_goes_to_the_test_feed_only(client, kgz_issuer, focal_points):
    headers = token_header(kgz_issuer)
    draft = client.post("/api/v1/alerts/", draft_payload(status="Test"), content_type="application/json", **headers)
    assert draft.status_code == 201
    sent = client.post(f"/api/v1/alerts/{draft.json()['id']}/send/", **headers)
    assert sent.status_code == 201, sent.content[:300]
    test_national = Alert.objects.get(pk=sent.json()["national"]["id"])
    assert test_national.status == "Test"
    actual, _ = send(kgz_issuer)
    assert set(_entries(client, "/cap/test/feed.atom")) == {test_national.identifier}
    assert set(_entries(client, "/cap/feed.atom")) == {actual.identifier}
    assert set(_entries(client, "/cap/KGZ/feed.atom")) == {actual.identifier}
    title = etree.fromstring(client.get("/cap/test/feed.atom", HTTP_ACCEPT_LANGUAGE="en").content).findtext(
        f"{A}title")
    assert "test" in title.lower()


def test_a_superseded_message_leaves_the_feed_and_the_cancel_stays_in_it(client, kgz_issuer, focal_points):
    national, _ = send(kgz_issuer)
    update, _ = alert_send(alert=alert_update_draft(alert=national, user=kgz_issuer), user=kgz_issuer)
    assert _entries(client, "/cap/feed.atom") == {update.identifier: "Update"}
    cancel, _ = alert_cancel(alert=update, user=kgz_issuer)
    assert _entries(client, "/cap/feed.atom") == {cancel.identifier: "Cancel"}


@pytest.mark.parametrize("url", ["/cap/feed.atom", "/cap/KGZ/feed.atom", "/cap/test/feed.atom"])
def test_a_gzip_client_asking_if_modified_since_gets_a_304(client, kgz_issuer, focal_points, url):
    send(kgz_issuer)
    send(kgz_issuer, status="Test")
    first = client.get(url, **GZIP)
    assert first.status_code == 200
    assert first["Content-Encoding"] == "gzip"
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"], **GZIP)
    assert again.status_code == 304
    assert again.content == b""


def test_a_feed_changed_since_the_date_is_sent_in_full(client, kgz_issuer, focal_points):
    national, _ = send(kgz_issuer)
    earlier = http_date(national.sent.timestamp() - 60)
    assert client.get("/cap/feed.atom", HTTP_IF_MODIFIED_SINCE=earlier, **GZIP).status_code == 200


def test_a_cap_document_answers_if_modified_since_with_304(client, kgz_issuer, focal_points):
    national, _ = send(kgz_issuer)
    url = f"/cap/alerts/{national.identifier}.xml"
    first = client.get(url, **GZIP)
    assert first.status_code == 200
    assert first["Last-Modified"] == http_date(national.sent.timestamp())
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"], **GZIP).status_code == 304


@pytest.mark.parametrize("url", ["/cap/feed.atom", "/cap/KGZ/feed.atom", "/cap/test/feed.atom", "cap"])
def test_feeds_and_cap_documents_allow_any_origin_without_credentials(client, kgz_issuer, focal_points, url):
    national, _ = send(kgz_issuer)
    url = f"/cap/alerts/{national.identifier}.xml" if url == "cap" else url
    response = client.get(url, HTTP_ORIGIN="https://viewer.example.net")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(url, HTTP_ORIGIN="https://viewer.example.net",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert set(preflight["Access-Control-Allow-Methods"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


def test_the_inbox_and_the_alert_pages_get_no_cors(client, kgz_issuer, focal_points):
    national, _ = send(kgz_issuer)
    for url in ("/cap/inbox/", f"/alerts/{national.identifier}/", "/cap/acknowledge/x/"):
        preflight = client.options(url, HTTP_ORIGIN="https://viewer.example.net",
                                   HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
        assert "Access-Control-Allow-Origin" not in preflight, url


@pytest.mark.parametrize("url", ["/cap/feed.atom", "/cap/TJK/feed.atom", "/cap/test/feed.atom"])
def test_an_empty_feed_has_a_last_modified_and_answers_if_modified_since(client, url):
    first = client.get(url, **GZIP)
    assert first.status_code == 200
    assert "Last-Modified" in first
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"], **GZIP).status_code == 304


@pytest.mark.parametrize("url", ["/cap/feed.atom", "/cap/KGZ/feed.atom", "/cap/test/feed.atom", "cap"])
def test_head_is_answered_with_the_validators_and_if_modified_since(client, kgz_issuer, focal_points, url):
    national, _ = send(kgz_issuer)
    url = f"/cap/alerts/{national.identifier}.xml" if url == "cap" else url
    head = client.head(url, **GZIP)
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"]
    assert head["Last-Modified"]
    assert client.head(url, HTTP_IF_MODIFIED_SINCE=head["Last-Modified"], **GZIP).status_code == 304
