"""Forwarding headers are believed from the trusted proxies only (web.middleware.ProxyHeadersMiddleware): behind
nginx a client that sends X-Forwarded-Proto itself cannot pass for HTTPS, and ATLAS_BEHIND_PROXY without
ATLAS_TRUSTED_PROXIES fails at start-up."""

import subprocess
import sys

import pytest
from django.conf import settings as django_settings

PROXY, STRANGER = "10.0.0.2", "203.0.113.7"


@pytest.fixture
def behind_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = [PROXY]
    return settings


@pytest.mark.django_db
def test_the_trusted_proxy_says_the_request_came_over_https(behind_proxy, client):
    response = client.get("/healthz", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_client_claiming_https_itself_is_still_sent_to_https(behind_proxy, client):
    response = client.get("/healthz", REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_behind_a_proxy_without_trusted_proxies_the_atlas_refuses_to_start():
    env = {"PATH": "/usr/bin:/bin", "ATLAS_BEHIND_PROXY": "true", "ATLAS_STATE_DIR": str(django_settings.STATE_DIR)}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=django_settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "ATLAS_TRUSTED_PROXIES" in result.stderr
