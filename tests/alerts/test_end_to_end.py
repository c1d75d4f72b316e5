"""The whole exchange for real: a KGZ duty officer drafts an alert around Toktogul through the REST API of the
production server (gunicorn), asks its reach, sends it; the real procrastinate worker (a subprocess serving the
`notifications` queue) delivers the regional message to the neighbours' webhooks (HTTP receivers on loopback) and
mailboxes (aiosmtpd on loopback); their systems post CAP Acks to the inbox, their operators follow the e-mail's
link; the alert's detail shows every neighbour delivered, received and acknowledged. Then an Update and a Cancel
reference the messages before them. Everything the test writes is committed (the server and the worker are other
processes) and removed at the end; the worker is stopped whatever happens."""

import hashlib
import hmac
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta, timezone
from email import message_from_bytes
from pathlib import Path

import lxml.html
import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from lxml import etree

from alerts.cap import CAP, NS
from alerts.validation import cap_errors, parse_safely, xsd_errors
from tests.committed import in_own_connection
from tests.conftest import _free_port
from tests.loopback import Mailbox, Receiver
from tests.tokens import token_for

from .conftest import draft_payload

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
NEIGHBOURS = ("KAZ", "TJK", "UZB")  # downstream of Toktogul on the Naryn / Syr Darya
MEMBERS = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
CENTRE = "e2e-centre"
TASHKENT = timezone(timedelta(hours=5))


def _address(iso3: str) -> str:
    return f"e2e-{iso3.lower()}-mchs"


def _mailbox_of(iso3: str) -> str:
    return f"duty@mchs.{iso3.lower()}.example"


@pytest.fixture
def network(django_db_blocker):
    """Committed: a KGZ duty officer, the regional centre and one focal point per member, each with its own
    webhook receiver and e-mail address; removed (with every message of theirs) at the end."""
    receivers = {key: Receiver() for key in (*MEMBERS, "centre")}

    def register():
        from alerts.models import FocalPoint
        from hazards.models import Country
        from hazards.services.users import user_set_role

        issuer = user_set_role(username="e2e_kgz_issuer", role="issuer", country="KGZ")[0]
        tokens = {"issuer": token_for(issuer)}
        for key in (*MEMBERS, "centre"):
            user = user_set_role(username=f"e2e-{key.lower()}-system", role="analyst")[0]
            centre = key == "centre"
            FocalPoint.objects.create(
                country=None if centre else Country.objects.get(iso3=key), is_regional_centre=centre,
                duty_unit=f"e2e duty unit {key}", address=CENTRE if centre else _address(key), user=user,
                webhook_url=receivers[key].url, webhook_secret=f"e2e-secret-{key}", emails=[_mailbox_of(key)],
                languages=["ru"], senders=[] if centre else [f"{key.lower()}@cap.{key.lower()}.example"])
            tokens[key] = token_for(user)
        return tokens

    try:
        tokens = in_own_connection(register)
        assert tokens, "registering the duty officer and the focal points failed (see the thread's traceback)"
        yield {"tokens": tokens, "receivers": receivers}
    finally:
        in_own_connection(_remove_everything)
        for receiver in receivers.values():
            receiver.close()


def _remove_everything():
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from alerts.models import Alert, FocalPoint

    points = FocalPoint.objects.filter(address__startswith="e2e-")
    incidents = Alert.objects.filter(issuer__username="e2e_kgz_issuer").values("incidents")
    # every message of the incident (the atlas's own CAP Acks of the operators' acknowledgements included) and what
    # the neighbours' systems posted
    Alert.objects.filter(Q(issuer__username="e2e_kgz_issuer") | Q(incidents__in=incidents)
                         | Q(received_from__in=points)).delete()
    points.delete()
    get_user_model().objects.filter(username__startswith="e2e").delete()


def _last_job() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM procrastinate_jobs")
        return cursor.fetchone()[0]


def _remove_jobs_after(last: int) -> None:
    """The jobs queued while the worker ran (deliveries, and the periodic ones the worker defers itself)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_periodic_defers WHERE job_id > %s", [last])
        cursor.execute("DELETE FROM procrastinate_jobs WHERE id > %s", [last])


@pytest.fixture
def mailbox():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    mailbox.port = controller.port
    yield mailbox
    controller.stop()


@pytest.fixture
def worker(network, mailbox, atlas_server, media_root, tmp_path):
    """The real procrastinate worker on the test database, serving the queues of `make run`'s notifications
    worker, its SMTP the loopback server and its links the loopback atlas; stopped (then killed if it must be)
    whatever happens, and the jobs queued meanwhile removed."""
    log = tmp_path / "worker.log"
    last_job = in_own_connection(_last_job)
    env = {**os.environ, "ATLAS_DB_NAME": connection.settings_dict["NAME"], "ATLAS_MEDIA_ROOT": str(media_root),
           "ATLAS_PUBLIC_URL": atlas_server, "ATLAS_SMTP_HOST": "127.0.0.1", "ATLAS_SMTP_PORT": str(mailbox.port),
           "ATLAS_SMTP_TIMEOUT": "10"}
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "manage.py", "procrastinate", "worker", "--name", "e2e",
                                    "--queues", "notifications,maintenance,default"], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
        process.log = log
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            in_own_connection(lambda: _remove_jobs_after(last_job))


class Api:
    """JSON over HTTP to the real server with one account's token."""

    def __init__(self, base: str, token: str):
        self.base, self.token = base, token

    def call(self, method: str, path: str, payload=None, *, body: bytes | None = None,
             content_type="application/json") -> tuple[int, dict | bytes]:
        data = json.dumps(payload).encode() if payload is not None else body
        headers = {"Authorization": f"Token {self.token}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, raw, kind = response.status, response.read(), response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            status, raw, kind = error.code, error.read(), error.headers.get_content_type()
        return status, (json.loads(raw) if kind == "application/json" else raw)


def _until(condition, what: str, worker, timeout=90):
    deadline = time.monotonic() + timeout
    while not condition():
        if worker.poll() is not None:
            raise AssertionError(f"the worker died:\n{worker.log.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not within {timeout} s:\n{worker.log.read_text()[-3000:]}")
        time.sleep(0.2)


def _cap(body: bytes) -> dict:
    """The message's header fields, after checking it against the XSD and the profile rules."""
    root = parse_safely(body)
    assert xsd_errors(root) == []
    assert cap_errors(root) == []
    return {element.tag.removeprefix(CAP): element.text for element in root if element.tag != CAP + "info"
            and element.tag != CAP + "area"} | {"languages": [el.text for el in root.iter(CAP + "language")]}


def _triple(message: dict) -> str:
    return f"{message['sender']},{message['identifier']},{message['sent']}"


def _ack(iso3: str, acknowledged: dict, serial: int) -> bytes:
    """The CAP Ack a neighbour's own system writes for a message it received."""
    numeric = {"KAZ": 398, "TJK": 762, "UZB": 860}[iso3]
    root = etree.Element(CAP + "alert", nsmap={None: NS})
    sent = datetime.now(UTC).astimezone(TASHKENT).replace(microsecond=0).isoformat()
    fields = [("identifier", f"urn:oid:2.49.0.1.{numeric}.77.{serial}"),
              ("sender", f"{iso3.lower()}@cap.{iso3.lower()}.example"), ("sent", sent), ("status", "Actual"),
              ("msgType", "Ack"), ("scope", "Private"), ("addresses", f"{CENTRE} {_address('KGZ')}"),
              ("note", f"received by the {iso3} system"), ("references", _triple(acknowledged))]
    for name, text in fields:
        etree.SubElement(root, CAP + name).text = text
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    _cap(body)  # what the test sends is valid CAP itself
    return body


def _signed_by(receiver: Receiver, secret: str) -> list[bytes]:
    """The bodies the receiver got, each after checking its HMAC signature and headers."""
    bodies = []
    for headers, body in receiver.received:
        expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-CAP-Signature"], expected)
        assert headers["Content-Type"] == "application/cap+xml"
        assert headers["X-CAP-Delivery"].isdigit()
        bodies.append(body)
    return bodies


def _mail_to(mailbox: Mailbox, iso3: str, identifier: str):
    for recipients, raw in mailbox.messages:
        mail = message_from_bytes(raw)
        attachment = next((part for part in mail.walk() if part.get_content_type() == "application/cap+xml"), None)
        if recipients == [_mailbox_of(iso3)] and attachment is not None and \
                _cap(attachment.get_payload(decode=True))["identifier"] == identifier:
            return mail, attachment.get_payload(decode=True)
    return None


def _acknowledge_by_link(mail, base: str, identifier: str, note: str) -> None:
    """What the operator does: open the e-mail's link (GET shows the message), then press the button (POST)."""
    text = next(part for part in mail.walk() if part.get_content_type() == "text/plain").get_payload(decode=True)
    link = next(word for word in text.decode().split() if "/cap/acknowledge/" in word)
    assert link.startswith(base + "/cap/acknowledge/")
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with browser.open(link, timeout=30) as response:
        page = response.read().decode()
    assert response.status == 200
    assert identifier in page
    assert '<form method="post">' in page
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, "note": note}).encode()
    with browser.open(urllib.request.Request(link, data=form, headers={"Referer": link}), timeout=30) as response:
        assert response.status == 200
        assert 'role="status"' in response.read().decode()


def _send(api: Api, draft_id: int) -> tuple[dict, dict]:
    status, sent = api.call("POST", f"/api/v1/alerts/{draft_id}/send/")
    assert status == 201, sent
    return sent["national"], sent["regional"]


def _reach_checked(api: Api, draft_id: int) -> dict:
    status, reach = api.call("POST", f"/api/v1/alerts/{draft_id}/reach/")
    assert status == 200, reach
    assert reach["countries"] == ["KGZ"]
    assert set(reach["influence_countries"]) <= {"KAZ", "UZB"}
    # The Naryn leaves Toktogul for the Fergana valley (UZB), then as the Syr Darya passes Khujand (TJK) and
    # reaches Kazakhstan: the dam and the reservoir put the three neighbours downstream (KGZ's own reach too).
    assert set(reach["downstream"]) - {"KGZ"} == set(NEIGHBOURS)
    for iso3 in NEIGHBOURS:
        via = reach["downstream"][iso3]
        assert any("Toktogul" in item["feature"] and item["river"] == "Naryn" for item in via)
        assert {item["layer"] for item in via} >= {"manmade-reservoirs", "manmade-hydropower-dams"}
    assert reach["exposed"]["KGZ"]["population"] > 0
    assert reach["exposed"]["KGZ"]["places"] > 0
    assert [area["code"] for area in reach["admin_areas"]] == ["KG-J"]  # Jalal-Abad region holds Toktogul
    return reach


def _delivered(network, mailbox, worker, regional: dict) -> dict[str, bytes]:
    """Wait until every addressed neighbour's webhook and mailbox hold `regional`; returns the webhook bodies."""
    identifier, receivers = regional["identifier"], network["receivers"]

    def arrived(iso3):
        return any(_cap(body)["identifier"] == identifier for _, body in receivers[iso3].received) and \
            _mail_to(mailbox, iso3, identifier) is not None

    _until(lambda: all(arrived(iso3) for iso3 in (*NEIGHBOURS, "centre")), f"{identifier} at every neighbour",
           worker)
    bodies = {}
    for iso3 in (*NEIGHBOURS, "centre"):
        bodies[iso3] = next(body for body in _signed_by(receivers[iso3], f"e2e-secret-{iso3}")
                            if _cap(body)["identifier"] == identifier)
    return bodies


def test_issue_reach_notify_acknowledge_update_cancel_with_the_real_worker(network, mailbox, worker, atlas_server):
    officer = Api(atlas_server, network["tokens"]["issuer"])
    status, draft = officer.call("POST", "/api/v1/alerts/", draft_payload())
    assert status == 201, draft
    assert draft["state"] == "draft", draft
    _reach_checked(officer, draft["id"])
    national, regional = _send(officer, draft["id"])
    assert national["scope"] == "Public"
    assert regional["scope"] == "Private"
    assert national["incidents"] == regional["incidents"] == national["identifier"]
    assert sorted(regional["addresses"].split()) == sorted([CENTRE, *map(_address, NEIGHBOURS)])

    bodies = _delivered(network, mailbox, worker, regional)
    uzb = Api(atlas_server, network["tokens"]["UZB"])
    status, document = uzb.call("GET", f"/cap/alerts/{regional['identifier']}.xml")
    assert status == 200
    assert all(body == document for body in bodies.values())
    message = _cap(document)
    assert message["scope"] == "Private"
    assert message["msgType"] == "Alert"
    assert message["sender"].startswith("kgz@")
    assert message["identifier"] == regional["identifier"]
    assert message["languages"] == ["ru", "en", "kk"]
    assert network["receivers"]["TKM"].received == []
    assert network["receivers"]["KGZ"].received == []

    ack_ids = {}
    for serial, iso3 in enumerate(NEIGHBOURS, start=int(time.time())):
        system = Api(atlas_server, network["tokens"][iso3])
        status, result = system.call("POST", "/cap/inbox/", body=_ack(iso3, message, serial),
                                     content_type="application/cap+xml")
        assert status == 201, result
        assert result["acknowledged"] == [regional["identifier"]], result
        ack_ids[iso3] = result["identifier"]
        mail, attached = _mail_to(mailbox, iso3, regional["identifier"])
        assert attached == document
        _acknowledge_by_link(mail, atlas_server, regional["identifier"], f"принято дежурной сменой {iso3}")

    status, detail = officer.call("GET", f"/api/v1/alerts/{regional['id']}/")
    assert status == 200
    for iso3 in NEIGHBOURS:
        deliveries = {(d["channel"], d["state"]) for d in detail["deliveries"] if d["focal_point"] == _address(iso3)}
        assert deliveries == {("webhook", "delivered"), ("email", "delivered")}
        acks = {a["kind"]: a for a in detail["acknowledgements"] if a["focal_point"] == _address(iso3)}
        assert set(acks) == {"receipt", "operator"}
        assert acks["operator"]["note"] == f"принято дежурной сменой {iso3}"
        assert acks["receipt"]["message"] == ack_ids[iso3]
    assert not any(a["focal_point"] == CENTRE for a in detail["acknowledgements"])  # the centre has not answered
    # The dashboard (the duty officer's view of the incident) shows each neighbour acknowledged, the centre not.
    status, page = officer.call("GET", "/alerts/")
    assert status == 200
    rows = {row.get("data-address"): row.get("data-step")
            for row in lxml.html.fromstring(page).xpath(f"//section[@data-incident='{regional['incidents']}']"
                                                        "//tr[@data-address]")}
    assert rows == {CENTRE: "delivered", **{_address(iso3): "acknowledged" for iso3 in NEIGHBOURS}}, rows

    # An Update of the incident, then a Cancel: each references the messages still in force on its track.
    status, update_draft = officer.call("POST", f"/api/v1/alerts/{national['id']}/update/",
                                        {"note": "уровень воды стабилизировался"})
    assert status == 201, update_draft
    assert update_draft["msg_type"] == "Update", update_draft
    national_update, regional_update = _send(officer, update_draft["id"])
    update = _cap(_delivered(network, mailbox, worker, regional_update)["UZB"])
    assert update["msgType"] == "Update"
    assert update["references"] == _triple(message)
    assert update["incidents"] == message["incidents"]
    status, national_bytes = officer.call("GET", f"/cap/alerts/{national['identifier']}.xml")
    national_update_cap = _cap(officer.call("GET", f"/cap/alerts/{national_update['identifier']}.xml")[1])
    assert national_update_cap["references"] == _triple(_cap(national_bytes))

    status, cancelled = officer.call("POST", f"/api/v1/alerts/{regional_update['id']}/cancel/", {"note": "отбой"})
    assert status == 201, cancelled
    cancel = _cap(_delivered(network, mailbox, worker, cancelled["regional"])["KAZ"])
    assert cancel["msgType"] == "Cancel"
    assert cancel["note"] == "отбой"
    assert cancel["references"] == _triple(update)  # the Update superseded the first message
    national_cancel = _cap(officer.call("GET", f"/cap/alerts/{cancelled['national']['identifier']}.xml")[1])
    assert national_cancel["references"] == _triple(national_update_cap)
    status, refused = officer.call("POST", f"/api/v1/alerts/{national['id']}/update/", {"note": "ещё"})
    assert status == 409
    assert refused["error"] == "not_in_force"
