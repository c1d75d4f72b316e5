"""The sign-in lockout behind the real nginx (deploy/nginx.conf) and gunicorn (issue 28, item 6): nobody can
lock a duty officer out by guessing from elsewhere, a forged X-Forwarded-For is believed neither through nginx
nor straight at gunicorn, and the guessing client itself is locked after its own failures. Each "machine" is a
loopback address of its own; nginx connects from 127.0.0.1, the stack's one trusted proxy."""

import http.client
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest

from .stack import BIN

pytestmark = pytest.mark.slow
PASSWORD = "a long password for the lockout"
ATTACKER, VICTIM, DIRECT = "127.0.0.3", "127.0.0.4", "127.0.0.2"
PAIR_LIMIT, USER_LIMIT = 5, 50  # the defaults of ATLAS_LOGIN_FAILURE_LIMIT and ATLAS_LOGIN_USER_FAILURE_LIMIT


class Machine:
    """A browser on one source address: its own cookies, signing in at /accounts/login/ of `base`."""

    def __init__(self, base: str, source: str):
        parts = urlsplit(base)
        self.host, self.port, self.source, self.cookies = parts.hostname, parts.port, source, SimpleCookie()

    def _request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60, source_address=(self.source, 0))
        cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers={**(headers or {}), "Cookie": cookie})
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(header)
            return response.status, response.read().decode(errors="replace")
        finally:
            connection.close()

    def sign_in(self, username: str, password: str, **headers) -> int:
        """The status of the sign-in form's POST: 302 signed in, 200 wrong password, 429 locked."""
        self.cookies = SimpleCookie()
        status, page = self._request("GET", "/accounts/login/", headers=headers)
        assert status == 200, page[-2000:]
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": csrf})
        status, _ = self._request("POST", "/accounts/login/", body=form, headers={
            **headers, "Content-Type": "application/x-www-form-urlencoded"})
        return status


def duty_officer(stack, username: str) -> str:
    """A user with a password (an analyst: the stack's database has no countries for an issuer's role)."""
    stack.run(BIN / "python", "manage.py", "atlas_user", username, "--role", "analyst", "--password", PASSWORD)
    return username


def test_guessing_through_nginx_from_one_address_does_not_lock_the_officer_out(stack):
    officer = duty_officer(stack, "lockout-officer-1")
    attacker = Machine(stack.nginx_url, ATTACKER)
    statuses = [attacker.sign_in(officer, "wrong", **{"X-Forwarded-For": VICTIM}) for _ in range(USER_LIMIT + 5)]
    assert statuses[PAIR_LIMIT - 1:] == [429] * (USER_LIMIT + 5 - PAIR_LIMIT + 1)
    assert Machine(stack.nginx_url, VICTIM).sign_in(officer, PASSWORD) == 302


def test_the_guessing_client_is_locked_whatever_address_it_claims(stack):
    officer = duty_officer(stack, "lockout-officer-2")
    attacker = Machine(stack.nginx_url, ATTACKER)
    assert [attacker.sign_in(officer, "wrong") for _ in range(PAIR_LIMIT)] == [200] * (PAIR_LIMIT - 1) + [429]
    assert attacker.sign_in(officer, PASSWORD, **{"X-Forwarded-For": "198.51.100.7"}) == 429
    assert attacker.sign_in(officer, PASSWORD) == 429


def test_a_forwarded_for_sent_straight_to_gunicorn_is_not_believed(stack):
    officer = duty_officer(stack, "lockout-officer-3")
    direct = Machine(stack.app_url, DIRECT)
    statuses = [direct.sign_in(officer, "wrong", **{"X-Forwarded-For": f"198.51.100.{i}"}) for i in range(PAIR_LIMIT)]
    assert statuses == [200] * (PAIR_LIMIT - 1) + [429]
    assert direct.sign_in(officer, PASSWORD, **{"X-Forwarded-For": "198.51.100.99"}) == 429
    assert Machine(stack.nginx_url, VICTIM).sign_in(officer, PASSWORD) == 302
