"""Update and Cancel as a chain: they reference every message of the incident still in force, only the original
sender's country may issue them, and a sent message is never edited."""

import pytest

from alerts.models import Alert

from .conftest import draft_payload, token_header

pytestmark = pytest.mark.django_db


def _sent(client, user):
    headers = token_header(user)
    draft = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **headers).json()
    return client.post(f"/api/v1/alerts/{draft['id']}/send/", **headers).json()


def test_update_then_cancel_reference_the_messages_in_force(client, kgz_issuer, focal_points):
    headers = token_header(kgz_issuer)
    first = _sent(client, kgz_issuer)
    national = Alert.objects.get(pk=first["national"]["id"])
    update = client.post(f"/api/v1/alerts/{national.pk}/update/", {"note": "уровень выше"},
                         content_type="application/json", **headers)
    assert update.status_code == 201
    assert update.json()["msg_type"] == "Update"
    second = client.post(f"/api/v1/alerts/{update.json()['id']}/send/", **headers).json()
    assert second["national"]["incidents"] == national.incidents
    assert second["national"]["references"] == first["national"]["sender"] + "," + national.identifier + "," + \
        bytes(national.xml).decode().split("<sent>")[1].split("</sent>")[0]
    assert first["regional"]["identifier"] in second["regional"]["references"]
    assert first["national"]["identifier"] not in second["regional"]["references"]
    cancel = client.post(f"/api/v1/alerts/{national.pk}/cancel/", {"note": "отбой"}, content_type="application/json",
                         **headers)
    assert cancel.status_code == 201, cancel.json()
    references = cancel.json()["national"]["references"]
    assert second["national"]["identifier"] in references
    assert national.identifier not in references
    assert cancel.json()["national"]["msg_type"] == "Cancel"
    again = client.post(f"/api/v1/alerts/{national.pk}/update/", {}, content_type="application/json", **headers)
    assert again.status_code == 409
    assert again.json()["error"] == "not_in_force"


def test_only_the_original_senders_country_may_update_or_cancel(client, kgz_issuer, uzb_issuer, regional_admin,
                                                                focal_points):
    first = _sent(client, kgz_issuer)
    refused = client.post(f"/api/v1/alerts/{first['national']['id']}/cancel/", {},
                          content_type="application/json", **token_header(uzb_issuer))
    assert refused.status_code == 403
    assert refused.json()["error"] == "not_original_sender"
    by_admin = client.post(f"/api/v1/alerts/{first['national']['id']}/cancel/", {},
                           content_type="application/json", **token_header(regional_admin))
    assert by_admin.status_code == 201
    assert by_admin.json()["national"]["sender"] == first["national"]["sender"]


def test_drafts_and_private_messages_are_not_shown_to_others(client, kgz_issuer, uzb_issuer, focal_points):
    first = _sent(client, kgz_issuer)
    listed = {a["id"] for a in client.get("/api/v1/alerts/").json()["results"]}
    assert first["national"]["id"] in listed
    assert first["regional"]["id"] not in listed
    assert client.get(f"/api/v1/alerts/{first['regional']['id']}/").status_code == 404
    uzb_system = focal_points["UZB"].user
    assert client.get(f"/api/v1/alerts/{first['regional']['id']}/", **token_header(uzb_system)).status_code == 200
    tkm_system = focal_points["TKM"].user
    assert "tkm-mchs" not in first["regional"]["addresses"].split()  # Toktogul's waters do not reach Turkmenistan
    assert client.get(f"/api/v1/alerts/{first['regional']['id']}/", **token_header(tkm_system)).status_code == 404


def test_an_addressed_focal_point_acknowledges(client, kgz_issuer, focal_points):
    first = _sent(client, kgz_issuer)
    uzb = token_header(focal_points["UZB"].user)
    ack = client.post(f"/api/v1/alerts/{first['regional']['id']}/acknowledge/", {"note": "принято"},
                      content_type="application/json", **uzb)
    assert ack.status_code == 201
    assert ack.json()["kind"] == "operator"
    assert ack.json()["focal_point"] == "uzb-mchs"
    detail = client.get(f"/api/v1/alerts/{first['regional']['id']}/", **uzb).json()
    assert [a["note"] for a in detail["acknowledgements"]] == ["принято"]
