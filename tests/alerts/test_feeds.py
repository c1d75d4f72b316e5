"""Atom feeds: valid Atom parsed back, unique entry ids, CAP links, conditional GET, no Private messages."""

import pytest
from lxml import etree

from alerts.models import Alert

from .conftest import draft_payload, token_header

pytestmark = pytest.mark.django_db
A = "{http://www.w3.org/2005/Atom}"


def _sent(client, user, **overrides):
    headers = token_header(user)
    draft = client.post("/api/v1/alerts/", draft_payload(**overrides), content_type="application/json",
                        **headers).json()
    return client.post(f"/api/v1/alerts/{draft['id']}/send/", **headers).json()


def test_feeds_list_public_actual_alerts_with_links_to_the_cap(client, kgz_issuer, focal_points):
    actual = _sent(client, kgz_issuer)
    exercise = _sent(client, kgz_issuer, status="Exercise")
    for url in ("/cap/feed.atom", "/cap/KGZ/feed.atom"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = etree.fromstring(response.content)
        ids = [entry.findtext(A + "id") for entry in feed.iter(A + "entry")]
        assert actual["national"]["identifier"] in ids
        assert len(ids) == len(set(ids))
        assert actual["regional"]["identifier"] not in ids
        assert exercise["national"]["identifier"] not in ids
        entry = next(e for e in feed.iter(A + "entry") if e.findtext(A + "id") == actual["national"]["identifier"])
        link = entry.find(A + "link")
        assert link.get("rel") == "alternate"
        assert link.get("type") == "application/cap+xml"
        cap = client.get(link.get("href").removeprefix("http://testserver"))
        assert cap.status_code == 200
        assert cap.content == bytes(Alert.objects.get(pk=actual["national"]["id"]).xml)
    assert actual["national"]["identifier"] not in client.get("/cap/UZB/feed.atom").content.decode()
    assert client.get("/cap/XXX/feed.atom").status_code == 404


def test_feeds_answer_304_until_something_changes(client, kgz_issuer, focal_points):
    _sent(client, kgz_issuer)
    first = client.get("/cap/feed.atom")
    etag = first["ETag"]
    assert first["Last-Modified"]
    assert client.get("/cap/feed.atom", HTTP_IF_NONE_MATCH=etag).status_code == 304
    _sent(client, kgz_issuer)
    changed = client.get("/cap/feed.atom", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_private_messages_are_served_to_their_addressees_only(client, kgz_issuer, regional_admin, focal_points):
    sent = _sent(client, kgz_issuer)
    url = f"/cap/alerts/{sent['regional']['identifier']}.xml"
    assert client.get(url).status_code == 404
    assert client.get(url, **token_header(focal_points["UZB"].user)).status_code == 200
    assert client.get(url, **token_header(regional_admin)).status_code == 200
    assert client.get(url, **token_header(focal_points["KGZ"].user)).status_code == 404  # not addressed


def test_a_feed_in_another_language_is_another_version(client, kgz_issuer, focal_points):
    """The entries' titles are in the reader's language, so the ETag is too: an If-None-Match of the Russian feed
    never gets a 304 for the English one, and each language's body is its own (served from memory when unchanged)."""
    _sent(client, kgz_issuer)
    russian = client.get("/cap/feed.atom", HTTP_ACCEPT_LANGUAGE="ru")
    english = client.get("/cap/feed.atom", HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=russian["ETag"])
    assert english.status_code == 200
    assert english["ETag"] != russian["ETag"]
    assert "Угроза прорыва" in russian.content.decode()
    assert "Outburst threat" in english.content.decode()
    again = client.get("/cap/feed.atom", HTTP_ACCEPT_LANGUAGE="ru")
    assert again.content == russian.content
    assert again["ETag"] == russian["ETag"]
    assert "Accept-Language" in russian["Vary"]
