"""References resolved whatever the order: a real HTTP server on loopback serves Atom and RSS 2.0 feeds newest
first (as every CAP feed does), conditionally (ETag, Last-Modified, 304); the poller takes the entries oldest
`sent` first, and a message that arrives after one naming it — in a later poll or through the inbox — resolves it."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from alerts.models import Alert, ExternalFeed
from alerts.polling import feeds_poll

from .conftest import token_header

pytestmark = pytest.mark.django_db
LAST_MODIFIED = "Sat, 12 Apr 2025 06:00:00 GMT"
MESSAGE = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>urn:oid:2.49.0.1.860.9.{serial}</identifier><sender>{sender}</sender><sent>{sent}</sent>
  <status>Actual</status><msgType>{msg_type}</msgType><scope>Public</scope>{references}
</alert>"""
ALERT_SENT = "2025-04-12T09:00:00+05:00"


def cap(serial: int, sent: str, msg_type: str = "Alert", refers_to: int | None = None,
        sender: str = "uzb@cap.uz.example") -> bytes:
    references = "" if refers_to is None else \
        f"<references>uzb@cap.uz.example,urn:oid:2.49.0.1.860.9.{refers_to},{ALERT_SENT}</references>"
    return MESSAGE.format(serial=serial, sender=sender, sent=sent, msg_type=msg_type, references=references).encode()


def atom(entries: list[tuple[int, bytes]], base: str) -> bytes:
    items = "".join(f"<entry><id>urn:uz:{n}</id><title>CAP {n}</title><updated>2025-04-12T06:00:00Z</updated>"
                    f'<link rel="alternate" type="application/cap+xml" href="{base}/cap/{n}.xml"/></entry>'
                    for n, _body in entries)
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:uz:feed</id>'
            f"<title>Uzhydromet</title><updated>2025-04-12T06:00:00Z</updated>{items}</feed>").encode()


def rss(entries: list[tuple[int, bytes]], base: str, embed: bool = False) -> bytes:
    def item(n: int, body: bytes) -> str:
        inner = body.decode().split("?>", 1)[1] if embed else \
            f'<enclosure url="{base}/cap/{n}.xml" type="application/cap+xml" length="{len(body)}"/>'
        return (f"<item><title>CAP {n}</title><link>{base}/alerts/{n}</link><guid>urn:uz:{n}</guid>"
                f"<pubDate>Sat, 12 Apr 2025 06:00:00 GMT</pubDate>{inner}</item>")
    items = "".join(item(n, body) for n, body in entries)
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Uzhydromet</title>'
            f"<link>{base}/</link><description>CAP alerts</description>{items}</channel></rss>").encode()


class Hub:
    """A national system's feed on loopback: `entries` newest first, written as Atom or RSS by `write`."""

    def __init__(self, write):
        self.entries, self.requests, self.write = [], [], write
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                hub.requests.append((self.path, self.headers.get("If-None-Match"),
                                     self.headers.get("If-Modified-Since")))
                if self.path == "/feed":
                    return self._feed()
                body = dict((f"/cap/{n}.xml", body) for n, body in hub.entries).get(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "application/cap+xml")
                self.end_headers()
                self.wfile.write(body or b"")

            def _feed(self):
                body = hub.write(hub.entries, hub.base)
                etag = f'"{len(hub.entries)}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", LAST_MODIFIED)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url = f"{self.base}/feed"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def publish(self, n: int, body: bytes):
        self.entries.insert(0, (n, body))  # newest first

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(params=["atom", "rss", "rss-embedded"])
def hub(request, focal_points):
    write = {"atom": atom, "rss": rss, "rss-embedded": lambda entries, base: rss(entries, base, embed=True)}
    server = Hub(write[request.param])
    ExternalFeed.objects.create(url=server.url, focal_point=focal_points["UZB"])
    yield server
    server.close()


def _alert_and_its_cancel(hub):
    hub.publish(1, cap(1, ALERT_SENT))
    hub.publish(2, cap(2, "2025-04-12T10:30:00+05:00", "Cancel", refers_to=1))


def test_a_cancel_listed_before_its_alert_is_linked_to_it(hub):
    _alert_and_its_cancel(hub)
    results = feeds_poll()[hub.url]["results"]
    assert sorted(results.values()) == ["accepted", "accepted"]
    cancel = Alert.objects.get(identifier="urn:oid:2.49.0.1.860.9.2")
    assert list(cancel.referenced.values_list("identifier", flat=True)) == ["urn:oid:2.49.0.1.860.9.1"]


def test_a_cancel_listed_before_its_alert_is_not_flagged(hub):
    _alert_and_its_cancel(hub)
    feeds_poll()
    assert not Alert.objects.get(identifier="urn:oid:2.49.0.1.860.9.2").unknown_references


def test_the_feed_is_polled_conditionally(hub):
    _alert_and_its_cancel(hub)
    feeds_poll()
    assert feeds_poll()[hub.url] == {"status": 304, "results": {}}
    assert hub.requests[-1] == ("/feed", '"2"', LAST_MODIFIED)


def test_a_cancel_of_an_earlier_poll_is_resolved_when_its_alert_arrives(hub):
    hub.publish(2, cap(2, "2025-04-12T10:30:00+05:00", "Cancel", refers_to=1))
    feeds_poll()
    hub.publish(1, cap(1, ALERT_SENT))
    feeds_poll()
    cancel = Alert.objects.get(identifier="urn:oid:2.49.0.1.860.9.2")
    assert (cancel.unknown_references, [m.identifier for m in cancel.referenced.all()]) == (
        False, ["urn:oid:2.49.0.1.860.9.1"])


def test_a_polled_message_of_another_countrys_sender_is_refused(hub):
    hub.publish(7, cap(7, ALERT_SENT, sender="kgz@cap.kg.example"))
    assert list(feeds_poll()[hub.url]["results"].values()) == ["rejected: sender_not_allowed"]


def _post(client, user, body):
    return client.post("/cap/inbox/", body, content_type="application/cap+xml", HTTP_ACCEPT="application/json",
                       **token_header(user))


def test_a_cancel_posted_before_its_alert_is_resolved_when_the_alert_is_posted(client, focal_points):
    uzb = focal_points["UZB"].user
    early = _post(client, uzb, cap(2, "2025-04-12T10:30:00+05:00", "Cancel", refers_to=1))
    assert early.json()["unknown_references"] is True
    _post(client, uzb, cap(1, ALERT_SENT))
    cancel = Alert.objects.get(pk=early.json()["id"])
    assert (cancel.unknown_references, [m.identifier for m in cancel.referenced.all()]) == (
        False, ["urn:oid:2.49.0.1.860.9.1"])


def test_an_early_cancel_of_another_sender_never_takes_hold_of_the_alert(client, focal_points):
    foreign = cap(5, "2025-04-12T10:30:00+05:00", "Cancel", refers_to=1, sender="tjk@cap.tj.example")
    early = _post(client, focal_points["TJK"].user, foreign)
    _post(client, focal_points["UZB"].user, cap(1, ALERT_SENT))
    cancel = Alert.objects.get(pk=early.json()["id"])
    assert (cancel.unknown_references, list(cancel.referenced.all())) == (True, [])


def test_a_message_naming_two_still_waits_for_the_second(client, focal_points):
    uzb = focal_points["UZB"].user
    body = cap(3, "2025-04-12T11:00:00+05:00", "Update", refers_to=1).replace(
        b"</references>", f" uzb@cap.uz.example,urn:oid:2.49.0.1.860.9.4,{ALERT_SENT}</references>".encode())
    early = _post(client, uzb, body)
    _post(client, uzb, cap(1, ALERT_SENT))
    update = Alert.objects.get(pk=early.json()["id"])
    assert (update.unknown_references, [m.identifier for m in update.referenced.all()]) == (
        True, ["urn:oid:2.49.0.1.860.9.1"])
