"""The public page of an alert, /alerts/{identifier}/, linked from every info's <web>: its texts in the page's
language, CAP's codes in words, the area as GeoJSON for the map, the state by alerts.lifecycle (in force, updated
with the newer message, cancelled, expired); Private messages 404 for who may not read them."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from lxml import etree

from alerts.cap import NS
from alerts.models import Alert
from alerts.sending import alert_send
from alerts.services import alert_cancel, alert_update_draft

from .factories import send

pytestmark = pytest.mark.django_db
C = f"{{{NS}}}"


def _page(client, alert, language="ru", **headers):
    return client.get(f"/alerts/{alert.identifier}/", HTTP_ACCEPT_LANGUAGE=language, **headers)


def _state(client, alert):
    html = _page(client, alert).content.decode()
    return html.split('data-state="', 1)[1].split('"', 1)[0]


def test_each_info_links_the_page_by_the_configured_public_url(client, kgz_issuer, focal_points, settings):
    settings.ATLAS_PUBLIC_URL = "https://atlas.example.org/"
    national, _regional = send(kgz_issuer)
    webs = etree.fromstring(bytes(national.xml)).findall(f"{C}info/{C}web")
    assert [web.text for web in webs] == [f"https://atlas.example.org/alerts/{national.identifier}/"] * 3
    assert national.identifier.startswith("urn:oid:")
    assert "." in national.identifier
    assert _page(client, national).status_code == 200


def test_the_page_shows_the_alert_in_the_pages_language(client, kgz_issuer, focal_points):
    national, _regional = send(kgz_issuer)
    ru = _page(client, national, "ru").content.decode()
    assert "Угроза прорыва: Токтогульское водохранилище" in ru
    assert "Покиньте пойму реки Нарын." in ru
    assert 'id="alert-severity">Сильная<' in ru
    assert 'data-state="in_force"' in ru
    en = _page(client, national, "en").content.decode()
    assert "Outburst threat: Toktogul reservoir" in en
    assert 'id="alert-severity">Severe<' in en
    assert 'id="alert-urgency">Expected<' in en
    assert 'id="alert-certainty">Likely<' in en
    assert 'id="alert-response">Prepare, Avoid the area<' in en
    kk = _page(client, national, "kk").content.decode()
    assert "Тоқтоғұл су қоймасы: бұзылу қаупі" in kk


def test_the_page_carries_the_area_for_its_map_and_no_inline_script(client, kgz_issuer, focal_points):
    national, _regional = send(kgz_issuer)
    response = _page(client, national)
    html = response.content.decode()
    config = json.loads(html.split('id="alert-page-config" type="application/json">', 1)[1].split("</script>")[0])
    assert config["area"]["type"] == "MultiPolygon"
    west, south, east, north = config["area"]["bbox"]
    assert 72.29 <= west < east <= 73.21
    assert 41.44 <= south < north <= 42.01
    assert config["vendor"]["maplibre"].endswith("vendor/maplibre-gl/maplibre-gl.mjs")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    inline = [chunk for chunk in html.split("<script")[1:] if "src=" not in chunk.split(">", 1)[0]
              and 'type="application/json"' not in chunk.split(">", 1)[0]]
    assert inline == []


def test_a_private_message_is_not_found_for_who_may_not_read_it(client, kgz_issuer, focal_points):
    _national, regional = send(kgz_issuer)
    assert _page(client, regional).status_code == 404
    client.force_login(focal_points["KGZ"].user)   # not addressed: Kyrgyzstan is the sender
    assert _page(client, regional).status_code == 404
    client.force_login(focal_points["UZB"].user)   # addressed
    response = _page(client, regional)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_an_unknown_identifier_is_not_found(client):
    assert client.get("/alerts/urn:oid:2.49.0.1.417.1.999999999/").status_code == 404


def test_updated_cancelled_and_expired_pages_say_so_and_link_the_newer_message(client, kgz_issuer, focal_points):
    national, _regional = send(kgz_issuer)
    new_national, _new_regional = alert_send(alert=alert_update_draft(alert=national, user=kgz_issuer), user=kgz_issuer)
    html = _page(client, national, "en").content.decode()
    assert 'data-state="updated"' in html
    assert f'id="alert-newer" href="/alerts/{new_national.identifier}/"' in html
    assert _state(client, new_national) == "in_force"
    with time_machine.travel(new_national.expires + timedelta(seconds=1), tick=False):
        assert _state(client, new_national) == "expired"
    cancel, _ = alert_cancel(alert=new_national, user=kgz_issuer)
    html = _page(client, new_national, "en").content.decode()
    assert 'data-state="cancelled"' in html
    assert f'id="alert-newer" href="/alerts/{cancel.identifier}/"' in html
    assert _state(client, national) == "cancelled"   # the whole incident is called off
    assert _state(client, cancel) == "cancelled"
    assert Alert.objects.get(pk=cancel.pk).msg_type == Alert.MsgType.CANCEL


def test_an_exercise_is_marked_as_not_a_real_warning(client, kgz_issuer, focal_points):
    national, _regional = send(kgz_issuer, status="Exercise")
    html = _page(client, national, "en").content.decode()
    assert "EXERCISE: not a real warning" in html


def test_the_page_reads_the_clock_of_the_request(client, kgz_issuer, focal_points):
    national, _regional = send(kgz_issuer)
    assert national.expires > timezone.now()
    with time_machine.travel(national.expires - timedelta(seconds=1), tick=False):
        assert _state(client, national) == "in_force"
