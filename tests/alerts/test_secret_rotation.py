"""Rotating SECRET_KEY (docs/security.md): with the old key in SECRET_KEY_FALLBACKS what it signed stays valid
(a routine rotation); without it (after a leak) sessions, password-reset links and acknowledgement links made with
the leaked key stop working at once."""

import pytest
from django.contrib.auth import get_user
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest

from alerts.models import Delivery
from alerts.notify import ack_token, ack_token_delivery

from .conftest import draft_payload, token_header

pytestmark = pytest.mark.django_db
OLD, NEW = "old-key-" + "o" * 50, "new-key-" + "n" * 50


@pytest.fixture
def old_key(settings):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = OLD, []
    return settings


def _rotate(settings, *, keep_old: bool) -> None:
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, [OLD] if keep_old else []


def _delivery(client, issuer, focal_point) -> Delivery:
    headers = token_header(issuer)
    draft = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **headers).json()
    regional = client.post(f"/api/v1/alerts/{draft['id']}/send/", **headers).json()["regional"]["id"]
    return Delivery.objects.get(alert_id=regional, focal_point=focal_point)


def _session_user(client):
    request = HttpRequest()
    request.session = client.session
    return get_user(request)


@pytest.mark.parametrize("keep_old", [True, False])
def test_an_acknowledgement_link_outlives_a_rotation_only_while_the_old_key_is_a_fallback(
        old_key, client, kgz_issuer, focal_points, keep_old):
    uzb = focal_points["UZB"]
    uzb.emails = ["duty@mchs.uz.example"]
    uzb.save()
    delivery = _delivery(client, kgz_issuer, uzb)
    token = ack_token(delivery)
    _rotate(old_key, keep_old=keep_old)
    assert (ack_token_delivery(token) == delivery) is keep_old
    assert (client.get(f"/cap/acknowledge/{token}/").status_code == 200) is keep_old


@pytest.mark.parametrize("keep_old", [True, False])
def test_a_password_reset_link_outlives_a_rotation_only_while_the_old_key_is_a_fallback(old_key, analyst, keep_old):
    token = default_token_generator.make_token(analyst)
    _rotate(old_key, keep_old=keep_old)
    assert default_token_generator.check_token(analyst, token) is keep_old


@pytest.mark.parametrize("keep_old", [True, False])
def test_a_signed_in_session_outlives_a_rotation_only_while_the_old_key_is_a_fallback(
        old_key, client, analyst, keep_old):
    client.force_login(analyst)
    assert _session_user(client) == analyst
    _rotate(old_key, keep_old=keep_old)
    assert _session_user(client).is_authenticated is keep_old
