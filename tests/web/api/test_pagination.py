"""Pages of the REST API's lists: a `limit` beyond what a bigint holds (found by the schemathesis run, issue 28)
is capped at the API's largest page instead of reaching PostgreSQL (a 500)."""

import pytest

pytestmark = pytest.mark.django_db
HUGE = 10**20


def test_a_twenty_digit_limit_on_the_layer_list_answers_200(client):
    assert client.get(f"/api/v1/layers/?limit={HUGE}").status_code == 200


def test_a_twenty_digit_limit_on_the_layer_list_returns_every_layer(client):
    body = client.get(f"/api/v1/layers/?limit={HUGE}").json()
    assert len(body["results"]) == body["count"]


def test_a_twenty_digit_limit_on_a_layer_history_answers_200(client):
    assert client.get(f"/api/v1/layers/manmade-reservoirs/history/?limit={HUGE}").status_code == 200

