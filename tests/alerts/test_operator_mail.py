"""What operators get (issue 27): the e-mail of a regional message, sent through a real SMTP server on loopback
(aiosmtpd) and parsed — text and HTML alternatives, the area's map as an inline PNG related to the HTML by its
Content-ID, the exact CAP attached — showing status, message type, severity, urgency, onset and expiry, headline,
area and the countries downstream in the focal point's language, every link on the public address; the
acknowledgement page shows the same and serves the map; drills count a country once per incident."""

import re
from email import message_from_bytes, policy
from io import BytesIO

import pytest
from django.utils.translation import gettext, override
from PIL import Image

from alerts.dashboard import exercise_report
from alerts.models import Alert, Delivery, FocalPoint
from alerts.notify import ack_token, ack_token_delivery
from alerts.tasks import deliver_notification
from alerts.wording import term
from hazards.models import Country

from .conftest import draft_payload, token_header

pytestmark = pytest.mark.django_db
PUBLIC = "https://atlas.example.org"
LABELS = ("Status", "Message type", "Severity", "Urgency", "Onset", "Expires", "Area", "Countries downstream")
STRUCTURE = ["multipart/mixed", "multipart/alternative", "text/plain", "multipart/related", "text/html", "image/png",
             "application/cap+xml"]


def _regional(client, user, **overrides) -> Alert:
    headers = token_header(user)
    draft = client.post("/api/v1/alerts/", draft_payload(**overrides), content_type="application/json", **headers)
    return Alert.objects.get(pk=client.post(f"/api/v1/alerts/{draft.json()['id']}/send/", **headers)
                             .json()["regional"]["id"])


@pytest.fixture
def kazakh_desk(settings, focal_points):
    """Uzbekistan's focal point reading Kazakh, by e-mail; the atlas's public address behind its proxy."""
    settings.ATLAS_PUBLIC_URL = PUBLIC
    point = focal_points["UZB"]
    point.emails, point.languages = ["duty@mchs.uz.example"], ["kk"]
    point.save()
    return point


@pytest.fixture
def mailed(client, kgz_issuer, kazakh_desk, smtp):  # noqa: F811
    regional = _regional(client, kgz_issuer)
    delivery = Delivery.objects.get(alert=regional, focal_point=kazakh_desk, channel="email")
    assert deliver_notification(delivery_id=delivery.pk) == "delivered"
    [(recipients, raw)] = smtp.messages
    return regional, delivery, message_from_bytes(raw, policy=policy.default)


def _part(mail, content_type: str):
    return next(part for part in mail.walk() if part.get_content_type() == content_type)


def _area_box(png: bytes) -> tuple[tuple[int, int], tuple[int, int, int, int]]:
    """The image's size and the box of its orange and red pixels (the area: fill and outline)."""
    image = Image.open(BytesIO(png)).convert("RGB")
    width, height = image.size
    pixels = image.load()
    area = [(x, y) for x in range(width) for y in range(height)
            if pixels[x, y][0] - pixels[x, y][2] > 100 and pixels[x, y][1] < 190]
    xs, ys = [x for x, _y in area], [y for _x, y in area]
    return image.size, (min(xs), min(ys), max(xs), max(ys))


def test_the_email_is_text_and_html_with_the_map_related_and_the_cap_attached(mailed):
    regional, _delivery, mail = mailed
    assert [part.get_content_type() for part in mail.walk()] == STRUCTURE
    assert _part(mail, "application/cap+xml").get_content() == bytes(regional.xml)  # the message as sent


def test_the_map_is_inline_by_its_content_id(mailed):
    _regional, _delivery, mail = mailed
    picture = _part(mail, "image/png")
    cid = picture["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in _part(mail, "text/html").get_content()


def test_the_map_png_shows_the_area_with_its_shape_in_the_middle(mailed):
    _regional, _delivery, mail = mailed
    size, (left, top, right, bottom) = _area_box(_part(mail, "image/png").get_content())
    assert size == (480, 360)
    # Toktogul's box: 0.9° of longitude by 0.55° of latitude at 41.7°N, 1.22 times as wide as high on the ground.
    assert abs((right - left) / (bottom - top) - 1.22) < 0.1
    assert abs((left + right) / 2 - 240) <= 3
    assert abs((top + bottom) / 2 - 180) <= 3


def _expected(regional: Alert) -> list[str]:
    """What the reader must find, in Kazakh: the labels and the message's own values."""
    info = regional.infos.get(language="kk")
    with override("kk"):
        labels = [gettext(label) for label in LABELS]
        downstream = [Country.objects.get(iso3=iso3).name for iso3 in sorted(regional.reach.downstream)]
        values = [str(regional.get_status_display()), str(regional.get_msg_type_display()), term(info.severity),
                  term(info.urgency), info.headline, info.onset.strftime("%Y-%m-%d %H:%M UTC"),
                  info.expires.strftime("%Y-%m-%d %H:%M UTC"), *downstream]
    assert set(labels).isdisjoint(LABELS)  # translated, not the English text
    assert downstream  # Toktogul's reach runs downstream across borders
    return labels + values


def test_the_text_shows_the_notice_in_the_focal_points_language(mailed):
    regional, _delivery, mail = mailed
    text = _part(mail, "text/plain").get_content()
    assert [fact for fact in _expected(regional) if fact not in text] == []


def test_the_html_shows_the_notice_in_the_focal_points_language(mailed):
    regional, _delivery, mail = mailed
    html = _part(mail, "text/html").get_content()
    assert [fact for fact in _expected(regional) if fact not in html] == []


def test_the_acknowledgement_page_shows_the_notice_and_the_map(client, mailed):
    regional, delivery, mail = mailed
    link = re.search(r"(\S+)/cap/acknowledge/(\S+)/", _part(mail, "text/plain").get_content())
    assert link.group(1) == PUBLIC  # the public address
    token = link.group(2)
    assert ack_token_delivery(token) == delivery  # (a token made now may differ: it is timestamped)
    page = client.get(f"/cap/acknowledge/{token}/").content.decode()
    assert [fact for fact in _expected(regional) if fact not in page] == []
    assert f'src="{PUBLIC}/cap/acknowledge/{token}/area.png"' in page


def test_the_acknowledgement_page_serves_the_map_to_its_link_only(client, mailed):
    _regional, delivery, _mail = mailed
    response = client.get(f"/cap/acknowledge/{ack_token(delivery)}/area.png")
    assert response["Content-Type"] == "image/png"
    assert _area_box(response.content)[0] == (480, 360)
    assert client.get(f"/cap/acknowledge/{ack_token(delivery)}x/area.png").status_code == 404  # tampered


def test_drills_count_a_country_once_per_incident_whatever_its_contacts(client, kgz_issuer, focal_points):
    # Two desks on the first level of Uzbekistan's chain: the first send addresses both.
    FocalPoint.objects.create(country=focal_points["UZB"].country, duty_unit="second desk", address="uzb-second",
                              escalation_order=1, languages=["ru"])
    regional = _regional(client, kgz_issuer, status="Exercise")
    assert {"uzb-mchs", "uzb-second"} <= set(regional.address_tokens())
    client.post(f"/api/v1/alerts/{regional.pk}/acknowledge/", {"note": "учения"}, content_type="application/json",
                **token_header(focal_points["UZB"].user))
    [uzbekistan] = [row for row in exercise_report(kgz_issuer) if row["iso3"] == "UZB"]
    assert (uzbekistan["incidents"], uzbekistan["acknowledged"]) == (1, 1)
