"""An oversized post to the inbox through the production server (gunicorn on loopback): answered 413 as a CAP Error
(or the JSON error for a JSON client), never an HTML page — with a declared Content-Length and chunked alike. The
body is read to its end before the answer (ATLAS_CAP_INBOX_DRAIN_BYTES), so the client gets the 413 and not a reset
connection."""

import http.client
import json
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from alerts.cap import CAP
from alerts.models import Alert, FocalPoint, InboxAllowance, RejectedMessage
from alerts.validation import cap_schema, parse_safely
from tests.committed import in_own_connection
from tests.tokens import token_for

from .factories import focal_point
from .test_inbox import _message

pytestmark = pytest.mark.django_db(transaction=False)
TEN_MIB = 10 * 1024**2
PREFIX = "oversized"


@pytest.fixture
def token(django_db_blocker):
    """The API token of Uzbekistan's focal point, committed so the server sees it; removed at the end."""
    with django_db_blocker.unblock():
        key = in_own_connection(lambda: token_for(focal_point(f"{PREFIX}-uzb", "UZB").user))
    yield key
    with django_db_blocker.unblock():
        in_own_connection(_remove)


def _remove():
    points = FocalPoint.objects.filter(address__startswith=PREFIX)
    Alert.objects.filter(received_from__in=points).delete()
    RejectedMessage.objects.filter(focal_point__in=points).delete()
    clients = [f"focal-point:{pk}" for pk in points.values_list("pk", flat=True)]
    InboxAllowance.objects.filter(client__in=clients).delete()
    points.delete()
    get_user_model().objects.filter(username__startswith=PREFIX).delete()


def _body() -> bytes:
    head = b'<?xml version="1.0"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><note>'
    return head + b"x" * TEN_MIB + b"</note></alert>"


def _post(server: str, token: str, *, accept: str, chunked: bool,
          body: bytes | None = None) -> tuple[int, str, bytes]:
    parts = urlsplit(server)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/cap+xml", "Accept": accept}
    body = _body() if body is None else body
    try:
        if chunked:
            connection.request("POST", "/cap/inbox/", body=iter([body[i:i + 65536] for i in
                                                                 range(0, len(body), 65536)]),
                               headers=headers, encode_chunked=True)
        else:
            connection.request("POST", "/cap/inbox/", body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type"), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_an_oversized_post_through_gunicorn_is_413_with_a_cap_error(atlas_server, token, chunked):
    status, content_type, body = _post(atlas_server, token, accept="application/cap+xml", chunked=chunked)
    assert (status, content_type) == (413, "application/cap+xml")
    reply = parse_safely(body)
    assert cap_schema().validate(reply), cap_schema().error_log
    assert reply.findtext(CAP + "note").startswith("сообщение CAP не может превышать")


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_an_oversized_post_through_gunicorn_is_413_json_for_a_json_client(atlas_server, token, chunked):
    status, content_type, body = _post(atlas_server, token, accept="application/json", chunked=chunked)
    assert (status, content_type, json.loads(body)["error"]) == (413, "application/json", "too_large")


def test_a_chunked_message_through_gunicorn_is_read_whole(atlas_server, token):
    """Django reads a body without Content-Length as empty; the inbox reads the server's own stream instead."""
    status, _type, body = _post(atlas_server, token, accept="application/json", chunked=True, body=_message())
    assert (status, json.loads(body)["result"]) == (201, "accepted")
