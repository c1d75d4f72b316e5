"""Two atlases push to each other's inbox, for real (tests/nodes/stack.py): Kyrgyzstan's node A and Kazakhstan's
node B, each with its own PostgreSQL cluster, gunicorn and worker, each a focal point of the other. In both
directions: an alert reaching the neighbour is stored by its node and its operator's acknowledgement comes back as a
receipt; an Update and a Cancel arrive linked; a Cancel posted before its Alert is resolved when the Alert arrives.
Every wait is on the other node's API, with a deadline."""

import time

import pytest
from django.db import connection

from tests.alerts.conftest import draft_payload
from tests.alerts.test_signing import Pair
from tests.scale.stack import until

from .stack import Nodes

pytestmark = pytest.mark.slow

WAIT = 90  # seconds: a push is one job of the other node's worker; a loaded machine takes a few seconds
# Across the Chüy valley: Kyrgyzstan and Kazakhstan both (either node's duty officer may send it).
BORDER = {"type": "Polygon", "coordinates": [[[74.4, 42.6], [75.0, 42.6], [75.0, 43.3], [74.4, 43.3], [74.4, 42.6]]]}
# Inside one country only: the other node is not addressed.
INLAND = {"KGZ": {"type": "Polygon", "coordinates": [[[75.6, 41.2], [76.2, 41.2], [76.2, 41.6], [75.6, 41.6],
                                                      [75.6, 41.2]]]},
          "KAZ": {"type": "Polygon", "coordinates": [[[71.0, 51.0], [71.8, 51.0], [71.8, 51.4], [71.0, 51.4],
                                                      [71.0, 51.0]]]}}


@pytest.fixture(scope="module")
def nodes(django_db_setup, tmp_path_factory):
    """Both nodes started from the session's database; timed (printed with the load average) and stopped."""
    settings = connection.settings_dict
    # Outside a test's `db` the connection may still name the development database: the session's is its test one.
    name = settings["NAME"] if settings["NAME"].startswith("test_") else connection.creation._get_test_db_name()
    source = {"host": settings["HOST"], "port": settings["PORT"], "username": settings["USER"], "dbname": name}
    nodes = Nodes(Pair(tmp_path_factory.mktemp("node-keys"), "node-a"))
    began = time.monotonic()
    try:
        nodes.start(source, password=settings["PASSWORD"] or "")
        print(f"\ntwo nodes started in {time.monotonic() - began:.1f} s (load average {_load()}): {nodes.timings}")
        yield nodes
    finally:
        nodes.stop()


def _load() -> str:
    with open("/proc/loadavg") as loadavg:
        return " ".join(loadavg.read().split()[:3])


@pytest.fixture(params=["A to B", "B to A"])
def way(request, nodes):
    """(sender, receiver) of one direction."""
    return (nodes.a, nodes.b) if request.param == "A to B" else (nodes.b, nodes.a)


def _send(node, geometry) -> dict:
    """A draft of `node`'s country sent through its API: the regional message."""
    draft = node.api("/api/v1/alerts/", method="POST", expect=201,
                     payload=draft_payload(country=node.iso3, geometry=geometry))
    return node.api(f"/api/v1/alerts/{draft['id']}/send/", method="POST", expect=201)["regional"]


def _arrived(sender, receiver, message) -> dict:
    """`message` of `sender` once `receiver` stored it; on timeout, the sender's deliveries of it say why."""
    try:
        return until(lambda: receiver.received(message), WAIT, interval=0.3,
                     what=f"node {receiver.name} to store {message['identifier']}")
    except RuntimeError as exc:
        deliveries = sender.api(f"/api/v1/alerts/{message['id']}/")["deliveries"]
        raise AssertionError(f"{exc}; the deliveries of node {sender.name}: {deliveries}") from None


def test_an_alert_reaching_the_neighbour_is_stored_by_its_node_and_its_operators_ack_comes_back(way):
    sender, receiver = way
    regional = _send(sender, BORDER)
    assert receiver.address in regional["addresses"].split()
    stored = _arrived(sender, receiver, regional)
    assert stored["sender"] == regional["sender"]
    assert stored["msg_type"] == "Alert"
    assert stored["scope"] == "Private"
    ack = receiver.api(f"/api/v1/alerts/{stored['id']}/acknowledge/", method="POST", expect=201,
                       payload={"note": "принято, дежурная смена"})
    receipt = until(lambda: next((a for a in sender.api(f"/api/v1/alerts/{regional['id']}/")["acknowledgements"]
                                  if a["kind"] == "receipt"), None), WAIT, interval=0.3,
                    what=f"node {sender.name} to record {receiver.name}'s Ack")
    assert receipt["message"] == ack["message"]
    assert receipt["focal_point"] == receiver.address
    assert receipt["note"] == "принято, дежурная смена"


def test_an_update_and_a_cancel_arrive_linked_to_what_they_follow(way):
    sender, receiver = way
    regional = _send(sender, BORDER)
    _arrived(sender, receiver, regional)
    draft = sender.api(f"/api/v1/alerts/{regional['id']}/update/", method="POST", expect=201,
                       payload={"note": "уровень воды растёт"})
    update = sender.api(f"/api/v1/alerts/{draft['id']}/send/", method="POST", expect=201)["regional"]
    stored_update = _arrived(sender, receiver, update)
    assert stored_update["msg_type"] == "Update"
    assert stored_update["references"] == update["references"]
    assert regional["identifier"] in update["references"]
    assert stored_update["unknown_references"] is False
    cancel = sender.api(f"/api/v1/alerts/{update['id']}/cancel/", method="POST", expect=201,
                        payload={"note": "отбой"})["regional"]
    stored_cancel = _arrived(sender, receiver, cancel)
    assert stored_cancel["msg_type"] == "Cancel"
    assert stored_cancel["references"] == cancel["references"]
    assert update["identifier"] in cancel["references"]
    assert stored_cancel["unknown_references"] is False


def _cap(node, message) -> bytes:
    status, body = node.request(f"/cap/alerts/{message['identifier']}.xml", token=node.tokens["duty"])
    assert status == 200, body[:500]
    return body


def test_a_cancel_posted_before_its_alert_is_resolved_when_the_alert_arrives(way, nodes):
    sender, receiver = way
    regional = _send(sender, INLAND[sender.iso3])
    assert receiver.address not in regional["addresses"].split()
    cancel = sender.api(f"/api/v1/alerts/{regional['id']}/cancel/", method="POST", expect=201,
                        payload={"note": "отбой"})["regional"]
    # What the sender's system would post: signed with its node key where the receiver pins it (B pins A's).
    sign = nodes.pair.sign if sender is nodes.a else bytes
    token = receiver.tokens["peer"]  # the account the sender's system has on the receiver
    assert _post(receiver, token, sign(_cap(sender, cancel))) == 201
    assert receiver.received(cancel, token=token)["unknown_references"] is True
    assert _post(receiver, token, sign(_cap(sender, regional))) == 201
    assert receiver.received(cancel, token=token)["unknown_references"] is False


def _post(receiver, token: str, body: bytes) -> int:
    status, answer = receiver.request("/cap/inbox/", token=token, method="POST", body=body,
                                      content_type="application/cap+xml")
    assert status in (200, 201), answer[:2000]
    return status
