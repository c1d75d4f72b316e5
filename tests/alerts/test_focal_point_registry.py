"""The focal-point registry is the regional administrators' (issue 27): they register, change and deactivate focal
points through the REST API and reorder a country's escalation chain in the admin; duty officers, analysts and
staff accounts holding the model's permissions get 403, with the reason in their language."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils.translation import gettext, override

from alerts.models import FocalPoint

from .conftest import token_header
from .test_inbox import _message as inbox_message
from .test_inbox import _post as inbox_post

pytestmark = pytest.mark.django_db
URL = "/api/v1/focal-points/"
NEW = {"country": "TJK", "duty_unit": "КЧС Таджикистана, второй дежурный", "address": "tjk-second",
       "emails": ["duty2@kchs.tj.example"], "languages": ["ru", "en"], "escalation_order": 2}


def _post(client, user, data, **headers):
    return client.post(URL, data, content_type="application/json", **token_header(user), **headers)


def test_a_regional_administrator_registers_a_focal_point(client, regional_admin, focal_points):
    response = _post(client, regional_admin, NEW)
    assert response.status_code == 201, response.json()
    point = FocalPoint.objects.get(address="tjk-second")
    assert (point.country.iso3, point.emails, point.languages, point.escalation_order, point.active) == \
        ("TJK", ["duty2@kchs.tj.example"], ["ru", "en"], 2, True)
    assert response.json()["id"] == point.pk
    assert "webhook_secret" not in response.json()


def test_a_regional_administrator_moves_a_focal_point_in_its_chain(client, regional_admin, focal_points):
    point = focal_points["TJK"]
    response = client.patch(f"{URL}{point.pk}/", {"escalation_order": 3, "emails": ["night@kchs.tj.example"]},
                            content_type="application/json", **token_header(regional_admin))
    assert response.status_code == 200, response.json()
    point.refresh_from_db()
    assert (point.escalation_order, point.emails, point.duty_unit) == (3, ["night@kchs.tj.example"],
                                                                      "duty unit tjk-mchs")


def test_deactivating_keeps_the_focal_point_out_of_the_chain(client, regional_admin, focal_points):
    point = focal_points["TJK"]
    response = client.delete(f"{URL}{point.pk}/", **token_header(regional_admin))
    assert response.status_code == 200
    point.refresh_from_db()
    assert point.active is False


@pytest.mark.parametrize("role", ["kgz_issuer", "analyst"])
def test_others_may_not_register_focal_points(client, request, role, focal_points):
    response = _post(client, request.getfixturevalue(role), NEW, HTTP_ACCEPT_LANGUAGE="ru")
    with override("ru"):
        reason = gettext("only regional administrators manage focal points")
    assert response.status_code == 403
    assert response.json() == {"error": "not_registry_admin", "detail": reason}
    assert reason != "only regional administrators manage focal points"
    assert not FocalPoint.objects.filter(address="tjk-second").exists()


def test_a_duty_officer_may_not_deactivate_a_focal_point(client, kgz_issuer, focal_points):
    point = focal_points["UZB"]
    assert client.delete(f"{URL}{point.pk}/", **token_header(kgz_issuer)).status_code == 403
    point.refresh_from_db()
    assert point.active is True


def test_a_taken_address_is_refused(client, regional_admin, focal_points):
    response = _post(client, regional_admin, {**NEW, "address": "tjk-mchs"}, HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.json()["error"]) == (400, "address_taken")


def test_a_focal_point_is_a_members_or_the_regional_centres(client, regional_admin, focal_points):
    response = _post(client, regional_admin, {**NEW, "is_regional_centre": True})
    assert (response.status_code, response.json()["error"]) == (400, "country_or_centre")


def test_an_address_with_spaces_is_refused_naming_the_field(client, regional_admin, focal_points):
    response = _post(client, regional_admin, {**NEW, "address": "tjk second"})
    assert response.status_code == 400
    assert "address" in response.json()["fields"]


def _chain_form(points: list[FocalPoint], orders: dict[int, int]) -> dict:
    form = {"form-TOTAL_FORMS": str(len(points)), "form-INITIAL_FORMS": str(len(points)), "_save": "Save"}
    for n, point in enumerate(points):
        form |= {f"form-{n}-id": str(point.pk), f"form-{n}-escalation_order": str(orders.get(point.pk,
                                                                                              point.escalation_order))}
        if point.active:
            form[f"form-{n}-active"] = "on"
    return form


def test_a_regional_administrator_reorders_a_chain_in_the_admin_list(client, regional_admin, focal_points):
    second = FocalPoint.objects.create(country=focal_points["KAZ"].country, duty_unit="second", address="kaz-second",
                                       escalation_order=2)
    client.force_login(regional_admin)
    points = list(FocalPoint.objects.order_by("is_regional_centre", "country__iso3", "escalation_order", "address"))
    response = client.post("/admin/alerts/focalpoint/",
                           _chain_form(points, {second.pk: 1, focal_points["KAZ"].pk: 2}))
    assert response.status_code == 302
    assert list(FocalPoint.objects.filter(country__iso3="KAZ").order_by("escalation_order")
                .values_list("address", flat=True)) == ["kaz-second", "kaz-mchs"]


def test_a_staff_account_with_the_models_permissions_is_no_registry_administrator(client, focal_points):
    clerk = get_user_model().objects.create_user("clerk", password="pw-atlas-1", is_staff=True)
    clerk.user_permissions.set(Permission.objects.filter(content_type__app_label="alerts",
                                                         codename__endswith="focalpoint"))
    client.force_login(clerk)
    assert client.get("/admin/alerts/focalpoint/").status_code == 403


def test_a_registered_sender_is_what_the_inbox_then_takes_from_that_system(client, regional_admin, focal_points):
    tjk = focal_points["TJK"]
    changed = client.patch(f"{URL}{tjk.pk}/", {"senders": ["duty@kchs.tj.example"]}, content_type="application/json",
                           **token_header(regional_admin))
    assert changed.json()["senders"] == ["duty@kchs.tj.example"]
    posted = inbox_post(client, tjk.user, inbox_message(sender="duty@kchs.tj.example"))
    assert posted.status_code == 201, posted.json()
    forged = inbox_post(client, tjk.user, inbox_message(sender="duty@mchs.kg.example", identifier="other-1"))
    assert forged.json()["error"] == "sender_not_allowed"


def test_a_sender_with_a_space_is_refused(client, regional_admin, focal_points):
    response = client.patch(f"{URL}{focal_points['TJK'].pk}/", {"senders": ["duty kchs"]},
                            content_type="application/json", **token_header(regional_admin))
    assert response.status_code == 400
