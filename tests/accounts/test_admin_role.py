"""The regional administrator (role `admin`) may do everything in the admin site, as the README promises; an
editor or an analyst gets none of it (issue 28, item 7)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from hazards.services.users import user_set_role

pytestmark = pytest.mark.django_db
MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def _label(model) -> str:
    return model._meta.label


def _first(model):
    return model._default_manager.order_by("pk").first()


@pytest.mark.parametrize("model", MODELS, ids=_label)
def test_the_regional_administrator_opens_every_changelist(client, regional_admin, model):
    client.force_login(regional_admin)
    meta = model._meta
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=_label)
def test_the_regional_administrator_opens_every_form(client, regional_admin, model):
    """The change form of the first row, or the add form of an empty table (or a 'view' form where the admin
    keeps rows read-only)."""
    client.force_login(regional_admin)
    meta, row = model._meta, _first(model)
    url = (reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk]) if row is not None
           else reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    expected = 403 if row is None and not admin.site._registry[model].has_add_permission(_request(regional_admin)) \
        else 200
    assert client.get(url).status_code == expected


def test_the_admin_index_lists_the_atlas_for_the_regional_administrator(client, regional_admin):
    client.force_login(regional_admin)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for path in ("/admin/hazards/country/", "/admin/hazards/layer/", "/admin/hazards/membership/",
                 "/admin/alerts/focalpoint/", "/admin/accounts/apitoken/"):
        assert path in page


@pytest.mark.parametrize("role", ["kaz_editor", "analyst"])
def test_editors_and_analysts_get_no_admin_page(client, request, role):
    client.force_login(request.getfixturevalue(role))
    meta = MODELS[0]._meta
    assert client.get("/admin/").status_code == 302  # to the admin's sign-in
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 302


@pytest.mark.parametrize("role", ["kaz_editor", "analyst"])
def test_editors_and_analysts_hold_no_admin_permission(request, role):
    user = request.getfixturevalue(role)
    assert user.get_all_permissions() == set()


def test_the_role_carries_the_permissions_of_every_model(regional_admin):
    labels = {f"{model._meta.app_label}.change_{model._meta.model_name}" for model in MODELS}
    assert labels <= regional_admin.get_all_permissions()


def test_taking_the_role_away_closes_the_admin(client, regional_admin):
    user_set_role(username="regional_admin", role="analyst")
    client.force_login(regional_admin)
    assert client.get("/admin/").status_code == 302


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_giving_the_role_on_the_roles_page_opens_the_admin_site(client, regional_admin, analyst):
    client.force_login(regional_admin)
    response = client.post(f"/admin/hazards/membership/{analyst.membership.pk}/change/",
                           {"user": analyst.pk, "role": "admin", "country": ""})
    analyst.refresh_from_db()
    assert response.status_code == 302
    assert analyst.is_staff
