"""Polling external CAP feeds for real: an http.server on loopback serves an Atom feed (ETag, Last-Modified, 304)
and its CAP files; the poller ingests each new entry once, through the inbox's path."""

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from alerts.models import Alert, ExternalFeed, RejectedMessage
from alerts.polling import feeds_poll
from alerts.tasks import poll_external_feeds

from .test_inbox import _message

pytestmark = pytest.mark.django_db
ENTRY = """<entry><id>{identifier}</id><title>alert</title><updated>2025-04-01T05:00:00Z</updated>
<link rel="alternate" type="application/cap+xml" href="/cap/{n}.xml"/></entry>"""


class FeedServer:
    """An Atom feed of CAP messages on loopback, answering conditional GETs with 304 like a real hub."""

    def __init__(self):
        self.documents, self.requests, self.down = {}, [], False
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, self.headers.get("If-None-Match"),
                                        self.headers.get("If-Modified-Since")))
                if server.down:
                    self.send_response(503)
                    self.end_headers()
                    return
                if self.path == "/feed.atom":
                    return self._feed()
                body = server.documents.get(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "application/cap+xml")
                self.end_headers()
                self.wfile.write(body or b"")

            def _feed(self):
                body = server.feed()
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/atom+xml")
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", "Tue, 01 Apr 2025 05:00:00 GMT")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/feed.atom"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def publish(self, n: int, body: bytes, identifier: str):
        self.documents[f"/cap/{n}.xml"] = body
        self.entries = getattr(self, "entries", []) + [ENTRY.format(identifier=identifier, n=n)]

    def feed(self) -> bytes:
        return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                "<id>urn:test:feed</id><title>UZB</title><updated>2025-04-01T05:00:00Z</updated>"
                + "".join(getattr(self, "entries", [])) + "</feed>").encode()

    def cap_requests(self) -> list[str]:
        return [path for path, *_ in self.requests if path.startswith("/cap/")]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hub():
    server = FeedServer()
    yield server
    server.close()


def _cap(serial: int, **kwargs) -> bytes:
    return _message(f"urn:oid:2.49.0.1.860.9.{serial}", **kwargs)


def test_a_feed_is_polled_conditionally_and_each_entry_ingested_once(settings, hub, focal_points):
    settings.CAP_EXTERNAL_FEEDS = [hub.url]
    hub.publish(1, _cap(1), "urn:oid:2.49.0.1.860.9.1")
    first = feeds_poll()[hub.url]
    assert first["status"] == 200
    assert list(first["results"].values()) == ["accepted"]
    feed = ExternalFeed.objects.get(url=hub.url)
    feed.focal_point = focal_points["UZB"]  # the admin says whose feed it is
    feed.save()
    message = Alert.objects.get(identifier="urn:oid:2.49.0.1.860.9.1")
    assert message.state == "received"
    assert bytes(message.xml) == _cap(1)

    second = poll_external_feeds(timestamp=0)
    assert second == {hub.url: 304}
    path, etag, since = hub.requests[-1]
    assert path == "/feed.atom"
    assert etag == feed.etag
    assert since == "Tue, 01 Apr 2025 05:00:00 GMT"

    update = "<references>uzb@cap.uz.example,urn:oid:2.49.0.1.860.9.1,2025-04-01T10:00:00+05:00</references>"
    hub.publish(2, _cap(2, msg_type="Update", extra=update), "urn:oid:2.49.0.1.860.9.2")
    third = feeds_poll()[hub.url]
    assert third["status"] == 200
    assert list(third["results"].values()) == ["accepted"]
    assert hub.cap_requests() == ["/cap/1.xml", "/cap/2.xml"]  # the known entry is not fetched again
    updated = Alert.objects.get(identifier="urn:oid:2.49.0.1.860.9.2")
    assert updated.received_from == focal_points["UZB"]
    assert list(updated.referenced.all()) == [message]
    assert feeds_poll()[hub.url]["status"] == 304
    assert Alert.objects.filter(identifier__startswith="urn:oid:2.49.0.1.860.9.").count() == 2


def test_unknown_references_are_flagged_and_invalid_messages_kept(settings, hub, focal_points):
    ExternalFeed.objects.create(url=hub.url, focal_point=focal_points["UZB"])
    orphan = "<references>uzb@cap.uz.example,urn:oid:2.49.0.1.860.9.404,2025-03-01T10:00:00+05:00</references>"
    hub.publish(3, _cap(3, msg_type="Update", extra=orphan), "e3")
    hub.publish(4, b"<alert>broken", "e4")
    results = feeds_poll()[hub.url]["results"]
    assert sorted(results.values()) == ["accepted", "rejected: invalid_xml"]
    assert Alert.objects.get(identifier="urn:oid:2.49.0.1.860.9.3").unknown_references
    kept = RejectedMessage.objects.get()
    assert (kept.source, bytes(kept.data), kept.focal_point) == ("feed", b"<alert>broken", focal_points["UZB"])
    assert kept.url.endswith("/cap/4.xml")
    assert kept.reply is None


def test_a_feed_that_is_down_records_the_error_and_nothing_breaks(settings, hub, focal_points):
    down = ExternalFeed.objects.create(url="http://127.0.0.1:9/feed.atom")  # nothing listens on port 9
    ExternalFeed.objects.create(url=hub.url)
    hub.publish(5, _cap(5), "e5")
    outcomes = feeds_poll()
    assert outcomes[down.url]["status"] == "error"
    assert outcomes[hub.url]["status"] == 200
    down.refresh_from_db()
    assert down.last_error
    assert down.last_polled_at
    assert down.last_ok_at is None
    hub.down = True
    ExternalFeed.objects.filter(url=hub.url).update(etag="")
    assert "503" in feeds_poll()[hub.url]["error"]
    hub.down = False
    assert feeds_poll()[hub.url]["status"] == 200
    assert ExternalFeed.objects.get(url=hub.url).last_error == ""
    assert Alert.objects.filter(identifier="urn:oid:2.49.0.1.860.9.5").count() == 1


def test_the_poll_is_a_periodic_job_on_the_notifications_queue():
    from procrastinate.contrib.django import app

    crons = {name: task.cron for (name, _id), task in app.periodic_registry.periodic_tasks.items()}
    assert crons["poll_external_feeds"] == "*/5 * * * *"
    assert poll_external_feeds.queue == "notifications"
    assert poll_external_feeds.queueing_lock == "poll_external_feeds"
