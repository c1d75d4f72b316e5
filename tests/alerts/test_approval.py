"""The optional second approver: with ATLAS_CAP_REQUIRE_APPROVAL a draft is sent only once another duty officer
of its country (or a regional administrator) approved it; without it, a draft is sent at once."""

import pytest

from hazards.services.users import user_set_role

from .conftest import draft_payload, token_header

pytestmark = pytest.mark.django_db


@pytest.fixture
def kgz_second(db):
    return user_set_role(username="kgz_second", role="issuer", country="KGZ", password="pw-atlas-1")[0]


def _draft(client, user) -> int:
    created = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **token_header(user))
    assert created.status_code == 201, created.json()
    return created.json()["id"]


def _send(client, user, pk):
    return client.post(f"/api/v1/alerts/{pk}/send/", **token_header(user))


def _approve(client, user, pk, **headers):
    return client.post(f"/api/v1/alerts/{pk}/approve/", **token_header(user), **headers)


def test_without_the_setting_a_draft_is_sent_at_once(client, settings, kgz_issuer, focal_points):
    settings.CAP_REQUIRE_APPROVAL = False
    assert _send(client, kgz_issuer, _draft(client, kgz_issuer)).status_code == 201


def test_with_the_setting_another_duty_officer_approves_before_sending(client, settings, kgz_issuer, kgz_second,
                                                                      uzb_issuer, focal_points):
    settings.CAP_REQUIRE_APPROVAL = True
    pk = _draft(client, kgz_issuer)
    held = _send(client, kgz_issuer, pk)
    assert held.status_code == 409
    assert held.json()["error"] == "approval_required"
    own = _approve(client, kgz_issuer, pk, HTTP_ACCEPT_LANGUAGE="ru")
    assert own.status_code == 403
    assert own.json()["error"] == "own_draft"
    assert own.json()["detail"] == "черновик должен утвердить другой дежурный, а не его автор"
    kazakh = _approve(client, kgz_issuer, pk, HTTP_ACCEPT_LANGUAGE="kk")
    assert kazakh.json()["detail"] == "жобаны авторы емес, басқа кезекші бекітуі керек"
    assert _approve(client, uzb_issuer, pk).status_code == 404  # another country's draft is not even visible
    approved = _approve(client, kgz_second, pk)
    assert approved.status_code == 200
    assert approved.json()["approved_by"] == "kgz_second"
    assert approved.json()["approved_at"] is not None
    # Editing withdraws the approval: what was approved has changed.
    client.patch(f"/api/v1/alerts/{pk}/", {"note": "уточнение"}, content_type="application/json",
                 **token_header(kgz_issuer))
    assert _send(client, kgz_issuer, pk).json()["error"] == "approval_required"
    assert _approve(client, kgz_second, pk).status_code == 200
    sent = _send(client, kgz_issuer, pk)
    assert sent.status_code == 201, sent.json()
    assert sent.json()["national"]["approved_by"] == "kgz_second"
    assert _approve(client, kgz_second, pk).status_code == 409  # a sent message is never approved again


def test_a_regional_administrator_may_approve_and_a_cancel_is_never_held(client, settings, kgz_issuer,
                                                                         regional_admin, focal_points):
    settings.CAP_REQUIRE_APPROVAL = True
    pk = _draft(client, kgz_issuer)
    assert _approve(client, regional_admin, pk).status_code == 200
    national = _send(client, kgz_issuer, pk).json()["national"]
    cancel = client.post(f"/api/v1/alerts/{national['id']}/cancel/", {"note": "отбой"},
                         content_type="application/json", **token_header(kgz_issuer))
    assert cancel.status_code == 201
    assert cancel.json()["national"]["msg_type"] == "Cancel"


def test_the_approval_endpoint_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/alerts/{id}/approve/"]["post"]
    assert operation["operationId"] == "alert_approve"
    assert "approved_by" in schema["components"]["schemas"]["AlertDetailOut"]["properties"]
