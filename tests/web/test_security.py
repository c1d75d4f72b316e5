"""Hostile input and deployment: CSRF whatever the headers say, password guessing, control characters, the
Content-Security-Policy and the production settings."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

from tests.tokens import token_for

pytestmark = pytest.mark.django_db


def test_a_bogus_token_does_not_switch_the_csrf_check_off(kaz_editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(kaz_editor)
    url = "/api/v1/layers/manmade-reservoirs/classification/"
    response = client.post(url, {"classification": {}}, content_type="application/json",
                           HTTP_AUTHORIZATION="Token bogus")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_a_valid_token_needs_no_csrf_token(regional_admin):
    client = Client(enforce_csrf_checks=True)
    key = token_for(regional_admin)
    response = client.post("/api/v1/layers/manmade-reservoirs/rollback/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 409  # got past CSRF to the domain: nothing earlier to roll back to


def test_repeated_wrong_passwords_lock_the_sign_in(client, kaz_editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/accounts/login/", {"username": "kaz_editor", "password": "wrong"},
                               HTTP_ACCEPT_LANGUAGE="ru")
        assert response.status_code == 200
    last = client.post("/accounts/login/", {"username": "kaz_editor", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert last.status_code == 429
    locked = client.post("/accounts/login/", {"username": "kaz_editor", "password": "pw-atlas-1"},
                         HTTP_ACCEPT_LANGUAGE="ru")
    assert locked.status_code == 429
    assert "заблокирован" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    from axes.utils import reset

    reset(username="kaz_editor")  # what an administrator's unlock does
    assert client.post("/accounts/login/", {"username": "kaz_editor", "password": "pw-atlas-1"}).status_code == 302


@pytest.mark.parametrize("url", [
    "/api/v1/layers/?q=a%00b", "/api/v1/search/?q=%00", "/api/v1/layers/seismic-earthquakes-usgs/features/?prop.x=%00",
    "/passport/KGZ%00/", "/ogc/collections/seismic-earthquakes-usgs/items?filter=%01",
    "/api/v1/layers/seismic-earthquakes-usgs/features/?properties=%00",
])
def test_control_characters_are_a_400_naming_where(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_parameter"


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "default-src 'self'" in policy


def test_check_deploy_is_clean_with_the_documented_production_settings():
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "false", "ATLAS_HTTPS": "true", "ATLAS_BEHIND_PROXY": "true",
           "ATLAS_TRUSTED_PROXIES": "10.0.0.2",
           "SECRET_KEY": "x" * 60 + "production-secret-key-of-the-regional-centre",
           "ALLOWED_HOSTS": "atlas.example.org", "ATLAS_PUBLIC_URL": "https://atlas.example.org",
           "ATLAS_SMTP_HOST": "smtp.example.org",
           "ATLAS_STATE_DIR": str(settings.STATE_DIR)}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
