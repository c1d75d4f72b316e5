"""What one client may post: the inbox's rate limit per focal point (429, Retry-After, a CAP Error, one kept record
per run over it) and the size limit of the inbox and of the JSON API (413, never Django's HTML page)."""

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction

from alerts.cap import CAP
from alerts.limits import allowance_take
from alerts.models import InboxAllowance, RejectedMessage
from alerts.validation import cap_schema, parse_safely
from atlas.environment import env_positive_int
from tests.committed import in_own_connection

from .conftest import token_header
from .test_inbox import _message

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)
TEN_MIB = 10 * 1024**2


def _post(client, user, body, **headers):
    return client.post("/cap/inbox/", body, content_type="application/cap+xml", **token_header(user), **headers)


def _nth(n: int) -> bytes:
    return _message(identifier=f"urn:oid:2.49.0.1.860.9.{n}")


def _valid_cap(data: bytes):
    root = parse_safely(data)
    assert cap_schema().validate(root), cap_schema().error_log
    return root


@pytest.fixture
def three_a_minute(settings):
    settings.CAP_INBOX_RATE, settings.CAP_INBOX_BURST = 3, 3


@pytest.fixture
def over_the_limit(client, three_a_minute, focal_points):
    """Uzbekistan's system posts four messages in the same instant: the fourth is one too many."""
    uzb = focal_points["UZB"].user
    with time_machine.travel(START, tick=False):
        passed = [_post(client, uzb, _nth(n)).status_code for n in range(1, 4)]
        refused = _post(client, uzb, _nth(4))
    return passed, refused


def test_posts_within_the_rate_pass(over_the_limit):
    assert over_the_limit[0] == [201, 201, 201]


def test_one_post_over_the_rate_is_refused_with_429(over_the_limit):
    assert over_the_limit[1].status_code == 429


def test_the_refusal_says_when_to_retry(over_the_limit):
    assert over_the_limit[1]["Retry-After"] == "20"  # three a minute: one more every 20 s


def test_the_refusal_is_a_cap_error_valid_against_the_xsd(over_the_limit):
    reply = _valid_cap(over_the_limit[1].content)
    assert reply.findtext(CAP + "msgType") == "Error"
    assert reply.findtext(CAP + "addresses") == "uzb-mchs"


def test_the_refusal_note_is_in_the_focal_points_language(over_the_limit):
    note = parse_safely(over_the_limit[1].content).findtext(CAP + "note")
    assert note == "слишком много сообщений: не более 3 в минуту (3 сразу); повторите через 20 с"


def test_the_refused_message_is_kept_like_other_refusals(over_the_limit):
    kept = RejectedMessage.objects.get(error="rate_limited")
    assert bytes(kept.data) == _nth(4)
    assert bytes(kept.reply) == over_the_limit[1].content


def test_another_focal_point_is_not_affected(client, over_the_limit, focal_points):
    with time_machine.travel(START, tick=False):
        tajik = _message(identifier="urn:oid:2.49.0.1.762.9.5", sender="tjk@cap.tj.example")
        assert _post(client, focal_points["TJK"].user, tajik).status_code == 201


def test_after_the_window_the_focal_point_passes_again(client, over_the_limit, focal_points):
    with time_machine.travel(START + timedelta(seconds=20), tick=False):
        assert _post(client, focal_points["UZB"].user, _nth(5)).status_code == 201


def test_json_clients_get_429_json_with_retry_after(client, over_the_limit, focal_points):
    with time_machine.travel(START, tick=False):
        response = _post(client, focal_points["UZB"].user, _nth(5), HTTP_ACCEPT="application/json")
    assert (response.status_code, response.json()["error"], response["Retry-After"]) == (429, "rate_limited", "20")


def test_a_flood_keeps_one_record_per_run_and_counts_the_rest(client, three_a_minute, focal_points):
    uzb = focal_points["UZB"].user
    with time_machine.travel(START, tick=False):
        statuses = [_post(client, uzb, _nth(n)).status_code for n in range(1, 104)]
    assert statuses == [201] * 3 + [429] * 100
    assert RejectedMessage.objects.filter(error="rate_limited").count() == 1
    assert RejectedMessage.objects.get(error="rate_limited").repeats == 99


def test_a_counted_refusal_is_answered_with_a_valid_cap_error_too(client, three_a_minute, focal_points):
    uzb = focal_points["UZB"].user
    with time_machine.travel(START, tick=False):
        last = [_post(client, uzb, _nth(n)) for n in range(1, 7)][-1]
    assert last.status_code == 429
    assert _valid_cap(last.content).findtext(CAP + "msgType") == "Error"


def test_the_admin_lists_the_counted_refusals_of_a_run(admin_client, client, three_a_minute, focal_points):
    with time_machine.travel(START, tick=False):
        [_post(client, focal_points["UZB"].user, _nth(n)) for n in range(1, 8)]
    page = admin_client.get("/admin/alerts/rejectedmessage/")
    assert b'<td class="field-repeats">3</td>' in page.content


def test_a_message_let_through_ends_the_run_so_the_next_refusal_is_kept(client, three_a_minute, focal_points):
    uzb = focal_points["UZB"].user
    with time_machine.travel(START, tick=False):
        [_post(client, uzb, _nth(n)) for n in range(1, 6)]
    with time_machine.travel(START + timedelta(seconds=20), tick=False):
        [_post(client, uzb, _nth(n)) for n in range(6, 8)]
    assert RejectedMessage.objects.filter(error="rate_limited").count() == 2


def _oversized() -> bytes:
    return _message(extra=f"<note>{'x' * TEN_MIB}</note>")


def test_an_oversized_inbox_body_is_refused_with_413_and_a_valid_cap_error(client, focal_points):
    response = _post(client, focal_points["UZB"].user, _oversized())
    assert (response.status_code, response["Content-Type"]) == (413, "application/cap+xml")
    assert _valid_cap(response.content).findtext(CAP + "note").startswith("сообщение CAP не может превышать")


def test_an_oversized_inbox_body_is_413_json_for_json_clients(client, focal_points):
    response = _post(client, focal_points["UZB"].user, _oversized(), HTTP_ACCEPT="application/json")
    assert (response.status_code, response.json()["error"]) == (413, "too_large")


def test_a_body_one_byte_over_the_inbox_limit_is_refused(client, settings, focal_points):
    settings.CAP_INBOX_MAX_BYTES = len(_nth(1)) - 1
    response = _post(client, focal_points["UZB"].user, _nth(1))
    assert response.status_code == 413


def test_an_oversized_json_body_to_the_api_is_413_json(client, kgz_issuer):
    body = json.dumps({"country": "KGZ", "note": "x" * TEN_MIB})
    response = client.post("/api/v1/alerts/", body, content_type="application/json", **token_header(kgz_issuer))
    assert (response.status_code, response.json()["error"]) == (413, "too_large")


@pytest.mark.parametrize("value", ["0", "-5", "sixty"])
def test_an_inbox_limit_that_is_not_a_positive_integer_fails_at_start_up(monkeypatch, value):
    monkeypatch.setenv("ATLAS_CAP_INBOX_RATE", value)
    with pytest.raises(ImproperlyConfigured, match="ATLAS_CAP_INBOX_RATE must be"):
        env_positive_int("ATLAS_CAP_INBOX_RATE", 60)


def _take_in_own_connection(client: str, passed: list, errors: list) -> None:
    try:
        for _ in range(5):
            with transaction.atomic():
                passed.append(allowance_take(client=client, now=START)[0] == 0)
    except Exception as exc:  # reported by the test
        errors.append(exc)
    finally:
        connections.close_all()


def test_the_allowance_is_shared_by_concurrent_connections(three_a_minute, settings):
    """Eight connections (as eight workers would hold), five posts each in the same instant: exactly the burst
    passes, because the bucket is one locked row in PostgreSQL, not a counter in a process."""
    settings.CAP_INBOX_BURST = 10
    client, passed, errors = "test-concurrent-connections", [], []
    threads = [threading.Thread(target=_take_in_own_connection, args=(client, passed, errors)) for _ in range(8)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        in_own_connection(lambda: InboxAllowance.objects.filter(client=client).delete())
    assert not errors, errors
    assert passed.count(True) == 10
