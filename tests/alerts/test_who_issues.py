"""Who issues alerts — duty officers and regional administrators (superusers among them), nobody else — is one
rule (hazards.access.can_issue_any_alerts), and the three places that ask it answer alike: the dashboard's "New
alert" link, the alert-area upload and the focal-point registry."""

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from hazards import access

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw-atlas-1")


KINDS = [("anonymous", False), ("kaz_editor", False), ("analyst", False), ("kgz_issuer", True),
         ("regional_admin", True), ("superuser", True)]


@pytest.mark.parametrize(("who", "issues"), KINDS)
def test_the_rule_for_each_kind_of_user(request, who, issues):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    assert access.can_issue_any_alerts(user) is issues


def test_the_three_places_that_ask_it_turn_an_anonymous_visitor_away(client, focal_points):
    dashboard = client.get("/alerts/")
    upload = client.post("/api/v1/alerts/areas/from-file/", {})
    registry = client.get("/api/v1/focal-points/")
    assert dashboard.status_code == 302
    assert upload.status_code in (401, 403)
    assert registry.status_code in (401, 403)


@pytest.mark.parametrize(("who", "issues"), [(who, issues) for who, issues in KINDS if who != "anonymous"])
def test_the_three_places_that_ask_it_answer_alike(request, client, focal_points, who, issues):
    client.force_login(request.getfixturevalue(who))
    dashboard = client.get("/alerts/")
    upload = client.post("/api/v1/alerts/areas/from-file/", {})  # no file: 400 for those who may, else 403
    registry = client.get("/api/v1/focal-points/")
    assert dashboard.status_code == 200
    links = lxml.html.fromstring(dashboard.content).xpath("//nav//a[@href='/alerts/new/']")
    assert len(links) == (1 if issues else 0)
    assert upload.status_code == (400 if issues else 403), upload.json()
    assert upload.json()["error"] == ("file_required" if issues else "not_issuer")
    addresses = {point["address"] for point in registry.json()}
    assert addresses == ({point.address for point in focal_points.values()} if issues else set())
