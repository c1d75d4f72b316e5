"""The composer's reach lists each object once, named from the register in the page's language: Toktogul's dam,
its power plant (WRI GPPD) and its reservoir (Natural Earth) are one object."""

import pytest

from .conftest import draft_payload, token_header

pytestmark = pytest.mark.django_db


def reach_in(client, issuer, language: str) -> list[dict]:
    """The composer's reach by river (the API's `downstream_by_river`) for a draft around Toktogul, in
    `language`."""
    headers = token_header(issuer)
    draft = client.post("/api/v1/alerts/", draft_payload(), content_type="application/json", **headers).json()
    reach = client.post(f"/api/v1/alerts/{draft['id']}/reach/", HTTP_ACCEPT_LANGUAGE=language, **headers)
    return reach.json()["downstream_by_river"]


def naryn_objects(groups: list[dict], river: str) -> list[str]:
    return next(group for group in groups if group["river"] == river)["objects"]


def test_toktogul_is_listed_once_in_russian_on_a_russian_request(client, kgz_issuer):
    objects = naryn_objects(reach_in(client, kgz_issuer, "ru"), "Нарын")
    assert objects.count("Токтогульское водохранилище") == 1
    assert [name for name in objects if "oktogul" in name] == []


def test_toktogul_is_listed_once_in_english_on_an_english_request(client, kgz_issuer):
    objects = naryn_objects(reach_in(client, kgz_issuer, "en"), "Naryn")
    assert [name for name in objects if "Toktogul" in name] == ["Toktogul Dam and Reservoir"]


def test_the_naryn_cascade_plants_are_named_once_each_from_the_register(client, kgz_issuer):
    objects = naryn_objects(reach_in(client, kgz_issuer, "ru"), "Нарын")
    assert "Курпсайская ГЭС" in objects
    assert [name for name in objects if "Hydroelectric Power" in name] == []
