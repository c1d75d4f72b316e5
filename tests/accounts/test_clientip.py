"""web.clientip: the one client address of the atlas; a proxy's X-Forwarded-For is believed only from a trusted
proxy (ATLAS_TRUSTED_PROXIES), and a bad setting stops the start."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from web.clientip import client_address


def request_from(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from("192.0.2.10", "203.0.113.5")) == "192.0.2.10"


def test_a_trusted_proxy_names_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(request_from("10.1.2.3", "203.0.113.5")) == "203.0.113.5"


def test_an_untrusted_sender_of_the_header_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(request_from("192.0.2.10", "203.0.113.5")) == "192.0.2.10"


def test_addresses_a_client_put_before_the_proxies_are_not_believed(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1", "10.0.0.2"]
    request = request_from("10.0.0.2", "198.51.100.66, 203.0.113.5, 10.0.0.1")
    assert client_address(request) == "203.0.113.5"


def test_an_unreadable_header_counts_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_address(request_from("10.0.0.1", "not-an-address")) == "10.0.0.1"


def test_ipv6_proxies_and_clients(settings):
    settings.TRUSTED_PROXIES = ["::1"]
    assert client_address(request_from("::1", "2001:db8::7")) == "2001:db8::7"


def test_a_bad_trusted_proxy_setting_stops_the_start():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "atlas.settings", "ATLAS_TRUSTED_PROXIES": "127.0.0.1,nginx.local"}
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True,
                          text=True, cwd=django_settings.BASE_DIR)
    assert "ATLAS_TRUSTED_PROXIES must list IP addresses or networks" in done.stderr


@pytest.mark.parametrize(("name", "value"), [("ATLAS_LOGIN_USER_FAILURE_LIMIT", "3"),
                                             ("ATLAS_LOGIN_COOLOFF_MINUTES", "0")])
def test_lockout_settings_that_would_defeat_it_stop_the_start(name, value):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "atlas.settings", name: value}
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True,
                          text=True, cwd=django_settings.BASE_DIR)
    assert name in done.stderr
