"""Password resets throttled (issue 28, item 7): per account and per client address, mails counted on a real SMTP
server on loopback, and the same answer whether or not an account has the address."""

import pytest
from django.test import Client

from tests.loopback import smtp_on_loopback

pytestmark = pytest.mark.django_db
URL = "/accounts/password_reset/"


@pytest.fixture
def smtp(settings):
    with smtp_on_loopback(settings) as mailbox:
        yield mailbox


@pytest.fixture
def editor_with_mail(kaz_editor):
    kaz_editor.email = "aigerim@emergency.kz"
    kaz_editor.save()
    return kaz_editor


def ask(email: str, address: str = "203.0.113.1"):
    return Client(REMOTE_ADDR=address).post(URL, {"email": email})


def test_an_account_gets_at_most_its_hourly_mails(smtp, editor_with_mail, settings):
    for i in range(settings.PASSWORD_RESET_PER_ACCOUNT_HOUR + 3):
        ask("aigerim@emergency.kz", address=f"203.0.113.{i + 1}")
    assert smtp.recipients == ["aigerim@emergency.kz"] * settings.PASSWORD_RESET_PER_ACCOUNT_HOUR


def test_a_throttled_account_is_answered_like_any_other(smtp, editor_with_mail, settings):
    for i in range(settings.PASSWORD_RESET_PER_ACCOUNT_HOUR):
        ask("aigerim@emergency.kz", address=f"203.0.113.{i + 1}")
    throttled = ask("aigerim@emergency.kz", address="198.51.100.1")
    unknown = ask("nobody@emergency.kz", address="198.51.100.2")
    assert (throttled.status_code, throttled["Location"]) == (unknown.status_code, unknown["Location"])


def test_an_unknown_address_is_answered_like_a_known_one(smtp, editor_with_mail):
    known, unknown = ask("aigerim@emergency.kz", "198.51.100.1"), ask("nobody@emergency.kz", "198.51.100.2")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"]) == (
        302, "/accounts/password_reset/done/")


def test_one_client_address_is_refused_after_its_hourly_requests(smtp, editor_with_mail, settings):
    statuses = [ask(f"someone{i}@example.org").status_code for i in range(settings.PASSWORD_RESET_PER_ADDRESS_HOUR)]
    refused = Client(REMOTE_ADDR="203.0.113.1").post(URL, {"email": "aigerim@emergency.kz"},
                                                     HTTP_ACCEPT_LANGUAGE="ru")
    assert statuses == [302] * settings.PASSWORD_RESET_PER_ADDRESS_HOUR
    assert refused.status_code == 429
    assert "Слишком много запросов на сброс пароля" in refused.content.decode()
    assert smtp.recipients == []


def test_the_address_limit_does_not_depend_on_the_account(smtp, editor_with_mail, settings):
    for i in range(settings.PASSWORD_RESET_PER_ADDRESS_HOUR):
        ask(f"someone{i}@example.org")
    assert ask("nobody@emergency.kz").status_code == ask("aigerim@emergency.kz").status_code == 429


def test_another_address_is_not_refused_for_someone_elses_requests(smtp, editor_with_mail, settings):
    for i in range(settings.PASSWORD_RESET_PER_ADDRESS_HOUR + 1):
        ask(f"someone{i}@example.org")
    assert ask("aigerim@emergency.kz", address="198.51.100.9").status_code == 302
    assert smtp.recipients == ["aigerim@emergency.kz"]


def test_behind_a_trusted_proxy_each_client_has_its_own_allowance(smtp, editor_with_mail, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for i in range(settings.PASSWORD_RESET_PER_ADDRESS_HOUR):
        proxy.post(URL, {"email": f"someone{i}@example.org"}, HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert proxy.post(URL, {"email": "x@example.org"}, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
    assert proxy.post(URL, {"email": "x@example.org"}, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 302
