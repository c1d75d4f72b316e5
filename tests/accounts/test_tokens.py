"""API tokens (issue 28, item 7): kept only as hashes, shown once, scoped (read / upload / alerts), expiring and
revocable, refused with a translated JSON 401 when expired or revoked."""

import hashlib
import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from accounts.models import ApiToken
from accounts.tokens import api_token_check, api_token_create, api_tokens_revoke
from hazards.errors import DomainError
from hazards.models import Country, Layer
from tests.tokens import token_for
from web.scopes import scopes_accepted

pytestmark = pytest.mark.django_db
ROLLBACK = "/api/v1/layers/manmade-reservoirs/rollback/"


@pytest.fixture
def restricted_layer():
    layer = Layer.objects.get(slug="manmade-reservoirs")
    layer.access, layer.owner = Layer.Access.RESTRICTED, Country.objects.get(iso3="KAZ")
    layer.save()
    return layer


def auth(key: str, language: str = "en") -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {key}", "HTTP_ACCEPT_LANGUAGE": language}


def test_the_key_is_stored_nowhere_only_its_hash(analyst):
    token, key = api_token_create(user=analyst)
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(t)::text FROM accounts_apitoken t WHERE id = %s", [token.pk])
        stored = cursor.fetchone()[0]
    assert key not in stored
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8]


def test_a_token_reads_a_restricted_layer_for_its_user(client, restricted_layer, analyst):
    response = client.get("/api/v1/layers/manmade-reservoirs/", **auth(token_for(analyst, ["read"])))
    assert response.status_code == 200
    assert client.get("/api/v1/layers/manmade-reservoirs/").status_code == 404


def test_a_token_works_on_the_tiles_too(client, restricted_layer, analyst):
    key = token_for(analyst, ["read"])
    assert client.get("/tiles/manmade-reservoirs/0/0/0.pbf", **auth(key)).status_code == 200


def test_an_expired_token_is_refused_with_401_in_the_readers_language(client, analyst):
    token, key = api_token_create(user=analyst)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/v1/layers/", **auth(key, "ru"))
    assert response.status_code == 401
    assert response.json() == {"error": "token_expired",
                               "detail": "срок действия этого API-токена истёк; попросите у администратора новый"}


def test_a_revoked_token_is_refused_with_401(client, analyst):
    token, key = api_token_create(user=analyst)
    api_tokens_revoke(tokens=ApiToken.objects.filter(pk=token.pk))
    response = client.get("/ogc/collections", **auth(key, "kk"))
    assert response.status_code == 401
    assert response.json()["error"] == "token_revoked"
    assert response.json()["detail"] == "бұл API-токен кері қайтарылды; әкімшіден жаңасын сұраңыз"


def test_the_token_of_a_disabled_user_is_refused(client, analyst):
    key = token_for(analyst)
    analyst.is_active = False
    analyst.save()
    assert client.get("/api/v1/layers/", **auth(key)).json()["error"] == "token_user_inactive"


def test_an_unknown_key_answers_401_on_the_api(client):
    response = client.get("/api/v1/layers/", **auth("no-such-token-key"))
    assert response.status_code == 401
    assert response.json()["error"] == "token_invalid"


def test_a_read_token_cannot_roll_back_a_layer(client, regional_admin):
    response = client.post(ROLLBACK, **auth(token_for(regional_admin, ["read"])))
    assert response.status_code == 403
    assert response.json()["error"] == "token_scope"


def test_an_upload_token_reaches_the_rollback(client, regional_admin):
    response = client.post(ROLLBACK, **auth(token_for(regional_admin, ["upload"])))
    assert response.status_code == 409  # past the scope, to the domain: nothing earlier to roll back to


def test_a_read_token_cannot_post_to_the_cap_inbox(client, analyst):
    response = client.post("/cap/inbox/", b"<alert/>", content_type="application/cap+xml",
                           **auth(token_for(analyst, ["read"])))
    assert response.status_code == 403
    assert response.json()["error"] == "token_scope"


def test_an_alerts_token_cannot_read_layers(client, analyst):
    response = client.get("/api/v1/layers/", **auth(token_for(analyst, ["alerts"])))
    assert response.status_code == 403


def test_no_token_opens_the_admin(client, regional_admin):
    assert client.get("/admin/", **auth(token_for(regional_admin))).status_code == 403


@pytest.mark.parametrize(("method", "path", "accepted"), [
    ("GET", "/api/v1/layers/", {"read", "upload"}),
    ("POST", "/api/v1/layers/", {"upload"}),
    ("POST", "/api/v1/layers/x/versions/", {"upload"}),
    ("GET", "/api/v1/uploads/3c6f0b2e-0000-0000-0000-000000000000/", {"read", "upload"}),
    ("POST", "/api/v1/alerts/", {"alerts"}),
    ("POST", "/api/v1/alerts/1/acknowledge/", {"alerts"}),
    ("POST", "/cap/inbox/", {"alerts"}),
    ("GET", "/tiles/x/0/0/0.pbf", {"read"}),
    ("POST", "/i18n/setlang/", set()),
    ("GET", "/admin/", set()),
])
def test_the_scope_registry(method, path, accepted):
    assert scopes_accepted(method=method, path=path) == accepted


def test_a_token_is_never_wider_than_its_role(analyst):
    with pytest.raises(DomainError, match="does not allow the scope upload"):
        api_token_create(user=analyst, scopes=["upload"])


def test_a_token_lives_at_most_the_longest_lifetime(analyst, settings):
    with pytest.raises(DomainError) as refused:
        api_token_create(user=analyst, expires_in=timedelta(days=settings.API_TOKEN_MAX_DAYS + 1))
    assert refused.value.code == "invalid_expiry"


def test_a_new_token_has_the_roles_scopes_and_the_default_lifetime(kaz_editor, settings):
    token, _ = api_token_create(user=kaz_editor)
    assert token.scopes == ["read", "upload"]
    expected = timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)
    assert abs(token.expires_at - expected) < timedelta(minutes=1)


def test_using_a_token_records_when(client, analyst):
    token, key = api_token_create(user=analyst)
    client.get("/api/v1/layers/", **auth(key))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_atlas_user_prints_a_scoped_token_once(capsys):
    call_command("atlas_user", "ews-osh", "--role", "analyst", "--token", "--scope", "read", "--days", "30")
    key = capsys.readouterr().out.strip()
    token = api_token_check(key=key)
    assert token.user.username == "ews-osh"
    assert token.scopes == ["read"]
    assert abs(token.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)


def test_atlas_user_refuses_a_scope_the_role_lacks_and_creates_nobody():
    with pytest.raises(CommandError, match="does not allow the scope upload"):
        call_command("atlas_user", "ews-naryn", "--role", "analyst", "--token", "--scope", "upload")
    assert not get_user_model().objects.filter(username="ews-naryn").exists()


def test_the_admin_revokes_a_token_and_never_shows_its_key(client, regional_admin, analyst):
    token, key = api_token_create(user=analyst)
    client.force_login(regional_admin)
    page = client.get("/admin/accounts/apitoken/")
    assert page.status_code == 200
    assert token.prefix in page.content.decode()
    assert key not in page.content.decode()
    client.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_plain_tokens_of_rest_framework_become_hashed_tokens_that_still_work(client, restricted_layer, kaz_editor):
    """The data migration 0002 on a database that still has authtoken_token (rolled back with the test)."""
    migration = importlib.import_module("accounts.migrations.0002_hash_plain_tokens")
    old_key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamptz NOT NULL, "
                       "user_id integer NOT NULL)")
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, now(), %s)", [old_key, kaz_editor.pk])
    migration.hash_plain_tokens(apps, SimpleNamespace(connection=connection))
    token = api_token_check(key=old_key)
    assert token.user == kaz_editor
    assert token.scopes == ["read", "upload"]
    assert abs(token.expires_at - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
    assert "authtoken_token" not in connection.introspection.table_names()
    assert client.get("/api/v1/layers/manmade-reservoirs/", **auth(old_key)).status_code == 200


def test_a_scope_refusal_is_translated(client, regional_admin):
    response = client.post(ROLLBACK, **auth(token_for(regional_admin, ["read"]), "kk"))
    assert response.json()["detail"] == "бұл API-токеннің қолданылу аясы бұл сұрауды қамтымайды"


def test_an_unknown_key_is_refused_on_every_surface_in_the_readers_language(client):
    response = client.get("/tiles/seismic-earthquakes-emca/0/0/0.pbf", **auth("no-such-token-key", "ru"))
    assert response.status_code == 401
    assert response.json() == {"error": "token_invalid", "detail": "неизвестный API-токен"}
