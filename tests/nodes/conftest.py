"""Fixtures of the node tests: a CAP inbox on loopback that records what is pushed to it and answers as told, a
duty officer, the regional focal points, and keys made at test time."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from alerts.models import FocalPoint
from hazards.models import Country
from hazards.services.users import user_set_role
from tests.alerts.conftest import national_senders
from tests.alerts.test_signing import Pair


class Inbox:
    """An HTTP endpoint on loopback that records each POST (headers, body) and answers `answer` (status, content
    type, body): 201 with an inbox's JSON unless a test says otherwise."""

    def __init__(self):
        self.received = []
        self.answer = (201, "application/json", json.dumps({"result": "accepted"}).encode())
        inbox = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                inbox.received.append((self.headers, self.rfile.read(int(self.headers["Content-Length"]))))
                status, content_type, body = inbox.answer
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                if status in (301, 302, 307, 308):
                    self.send_header("Location", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cap/inbox/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def inbox():
    inbox = Inbox()
    yield inbox
    inbox.close()


@pytest.fixture
def elsewhere():
    """Another inbox: where a redirect would lead."""
    inbox = Inbox()
    yield inbox
    inbox.close()


@pytest.fixture
def issuer(db):
    """Kyrgyzstan's duty officer (API tokens only: no password to hash)."""
    return user_set_role(username="kgz_issuer", role="issuer", country="KGZ", password=None)[0]


def _point(address: str, iso3: str | None = None, *, centre: bool = False) -> FocalPoint:
    user = user_set_role(username=f"{address}-system", role="analyst", password=None)[0]
    return FocalPoint.objects.create(country=Country.objects.get(iso3=iso3) if iso3 else None,
                                     duty_unit=f"duty unit {address}", address=address, user=user,
                                     is_regional_centre=centre, languages=["ru"], senders=national_senders(iso3))


@pytest.fixture
def points(db):
    """The regional centre and a focal point per member (addresses fp-centre, fp-kaz, …), no channels set; their
    accounts have no password (hashing six takes seconds)."""
    return {"centre": _point("fp-centre", centre=True),
            **{iso3: _point(f"fp-{iso3.lower()}", iso3) for iso3 in ("KAZ", "KGZ", "TJK", "TKM", "UZB")}}


@pytest.fixture
def node_pair(tmp_path):
    return Pair(tmp_path, "node-uzb")


@pytest.fixture
def kgz_pair(tmp_path):
    return Pair(tmp_path, "kgz", elliptic=True)
