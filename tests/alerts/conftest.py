"""Fixtures of the early-warning tests: duty officers, focal points, and a draft around Toktogul (the Naryn
cascade in Kyrgyzstan: the atlas knows the countries downstream of its dam and reservoir)."""

from datetime import UTC, datetime, timedelta

import pytest

from alerts.models import FocalPoint
from hazards.models import Country
from hazards.services.users import user_set_role
from tests.loopback import Receiver, smtp_on_loopback
from tests.tokens import token_for

TOKTOGUL = {"type": "Polygon", "coordinates": [[[72.3, 41.45], [73.2, 41.45], [73.2, 42.0], [72.3, 42.0],
                                                [72.3, 41.45]]]}


@pytest.fixture
def kgz_issuer(db):
    return user_set_role(username="kgz_issuer", role="issuer", country="KGZ", password="pw-atlas-1")[0]


@pytest.fixture
def uzb_issuer(db):
    return user_set_role(username="uzb_issuer", role="issuer", country="UZB", password="pw-atlas-1")[0]


# The CAP senders the members' own systems write in these tests (registered on their focal points, as the
# administrators register them): e.g. uzb@cap.uz.example and uzb@cap.uzb.example.
ISO2 = {"KAZ": "kz", "KGZ": "kg", "TJK": "tj", "TKM": "tm", "UZB": "uz"}


def national_senders(iso3: str | None) -> list[str]:
    if iso3 is None:
        return []
    code = iso3.lower()
    return [f"{code}@cap.{ISO2[iso3]}.example", f"{code}@cap.{code}.example"]


def _focal_point(address, iso3=None, centre=False, **extra):
    user = user_set_role(username=f"{address}-system", role="analyst")[0]
    country = Country.objects.get(iso3=iso3) if iso3 else None
    return FocalPoint.objects.create(country=country, duty_unit=f"duty unit {address}", address=address, user=user,
                                     is_regional_centre=centre, languages=["ru"], senders=national_senders(iso3),
                                     **extra)


@pytest.fixture
def focal_points(db):
    """The regional centre and one focal point per member (webhooks and e-mails unset unless a test sets them)."""
    points = {"centre": _focal_point("cesdrr-centre", centre=True)}
    for iso3 in ("KAZ", "KGZ", "TJK", "TKM", "UZB"):
        points[iso3] = _focal_point(f"{iso3.lower()}-mchs", iso3)
    return points


def token_header(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {token_for(user)}"}


def draft_payload(*, country="KGZ", geometry=None, hours=6, **overrides) -> dict:
    onset = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=10)
    common = {"category": ["Met", "Infra"], "urgency": "Expected", "severity": "Severe", "certainty": "Likely",
              "onset": onset.isoformat(), "expires": (onset + timedelta(hours=hours)).isoformat(),
              "event_code": [{"valueName": "atlas-hazard", "value": "flood"}]}
    texts = {"ru": ("Паводок", "Угроза прорыва: Токтогульское водохранилище", "Уровень воды растёт.",
                    "Покиньте пойму реки Нарын."),
             "en": ("Flood", "Outburst threat: Toktogul reservoir", "The water level is rising.",
                    "Leave the Naryn floodplain."),
             "kk": ("Су тасқыны", "Тоқтоғұл су қоймасы: бұзылу қаупі", "Су деңгейі көтерілуде.",
                    "Нарын өзенінің жайылмасынан кетіңіз.")}
    infos = [{"language": lang, "event": event, "headline": headline, "description": description,
              "instruction": instruction, **common}
             for lang, (event, headline, description, instruction) in texts.items()]
    payload = {"country": country, "hazard": "flood", "status": "Actual", "infos": infos,
               "areas": [{"area_desc": "Токтогул / Toktogul", "geometry": geometry or TOKTOGUL}]}
    payload.update(overrides)
    return payload


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def smtp(settings):
    with smtp_on_loopback(settings) as mailbox:
        yield mailbox
