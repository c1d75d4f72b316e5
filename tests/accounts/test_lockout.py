"""The sign-in lockout's rules in-process (the same through nginx: tests/scale/test_lockout.py): a user name and
one address are locked after ATLAS_LOGIN_FAILURE_LIMIT failures, the user name from every address together
after ATLAS_LOGIN_USER_FAILURE_LIMIT, failures while locked do not count, a sign-in clears only its own
address, and every lock ends by itself after the cool-off."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db
GOOD = "pw-atlas-1"


def sign_in(address: str, password: str, username: str = "kaz_editor") -> int:
    response = Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": password})
    return response.status_code


def fail(address: str, times: int) -> list[int]:
    return [sign_in(address, "wrong") for _ in range(times)]


def test_guesses_from_one_address_lock_only_that_address(kaz_editor):
    fail("203.0.113.1", settings.AXES_FAILURE_LIMIT * 3)
    assert sign_in("203.0.113.1", GOOD) == 429
    assert sign_in("203.0.113.2", GOOD) == 302


def test_failures_made_while_locked_do_not_count_towards_the_user_name(kaz_editor):
    fail("203.0.113.1", settings.LOGIN_USER_FAILURE_LIMIT + 1)
    counted = sum(AccessAttempt.objects.filter(username="kaz_editor").values_list("failures_since_start", flat=True))
    assert counted == settings.AXES_FAILURE_LIMIT


def test_guesses_from_many_addresses_lock_the_user_name(kaz_editor):
    addresses = settings.LOGIN_USER_FAILURE_LIMIT // settings.AXES_FAILURE_LIMIT
    for i in range(addresses - 1):
        fail(f"203.0.113.{i + 1}", settings.AXES_FAILURE_LIMIT)
    assert sign_in("198.51.100.1", GOOD) == 302  # one address short of the limit: still open
    for i in range(addresses):
        fail(f"192.0.2.{i + 1}", settings.AXES_FAILURE_LIMIT)
    assert sign_in("198.51.100.2", GOOD) == 429


def test_signing_in_does_not_lift_the_lock_of_another_address(kaz_editor):
    fail("203.0.113.1", settings.AXES_FAILURE_LIMIT)
    assert sign_in("203.0.113.2", GOOD) == 302
    assert sign_in("203.0.113.1", GOOD) == 429


def test_a_lock_ends_by_itself_after_the_cool_off(kaz_editor):
    fail("203.0.113.1", settings.AXES_FAILURE_LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert sign_in("203.0.113.1", GOOD) == 302
