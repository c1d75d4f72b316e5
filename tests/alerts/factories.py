"""Alerts made through the services (as the API makes them), for tests outside tests/alerts too: a sent alert, the
focal points it needs, and a committed variant for tests whose server (gunicorn, a browser) runs outside the test's
transaction."""

from contextlib import contextmanager
from datetime import datetime

from alerts.models import Alert, FocalPoint
from alerts.sending import alert_send
from alerts.services import alert_draft_create
from hazards.models import Country
from hazards.services.users import user_set_role
from tests.committed import in_own_connection

from .conftest import draft_payload, national_senders


def focal_point(address: str, iso3: str | None = None, *, centre: bool = False) -> FocalPoint:
    user = user_set_role(username=f"{address}-system", role="analyst", password="pw-atlas-1")[0]
    country = Country.objects.get(iso3=iso3) if iso3 else None
    return FocalPoint.objects.create(country=country, duty_unit=f"duty unit {address}", address=address, user=user,
                                     is_regional_centre=centre, languages=["ru"], senders=national_senders(iso3))


def regional_focal_points(prefix: str = "fp") -> dict[str, FocalPoint]:
    """The regional centre and a focal point per member, their addresses starting with `prefix`."""
    points = {"centre": focal_point(f"{prefix}-centre", centre=True)}
    for iso3 in ("KAZ", "KGZ", "TJK", "TKM", "UZB"):
        points[iso3] = focal_point(f"{prefix}-{iso3.lower()}", iso3)
    return points


def send(user, **overrides) -> tuple[Alert, Alert]:
    """Draft and send an alert around Toktogul (tests.alerts.conftest.draft_payload): (national, regional)."""
    payload = draft_payload(**overrides)
    for info in payload["infos"]:   # what the API's serializer hands the service
        info.update({name: datetime.fromisoformat(info[name]) for name in ("onset", "expires")})
    draft = alert_draft_create(user=user, country=payload["country"], infos=payload["infos"], areas=payload["areas"],
                               hazard=payload["hazard"], status=payload["status"])
    return alert_send(alert=draft, user=user)


@contextmanager
def committed_alert(django_db_blocker, prefix: str, **overrides):
    """A sent alert of KGZ committed to the test database (visible to a server in another process), with its duty
    officer and focal points; all of it removed on exit. Yields (national, regional, focal points, issuer)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    def create():
        issuer = user_set_role(username=f"{prefix}-issuer", role="issuer", country="KGZ", password="pw-atlas-1")[0]
        points = regional_focal_points(prefix)
        return (*send(issuer, **overrides), points, issuer)

    def remove():
        Alert.objects.filter(incidents=made[0].incidents).delete()
        FocalPoint.objects.filter(address__startswith=f"{prefix}-").delete()
        get_user_model().objects.filter(username__startswith=f"{prefix}-").delete()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM procrastinate_jobs WHERE status = 'todo' AND queue_name = 'notifications'")

    with django_db_blocker.unblock():
        made = in_own_connection(create)
    try:
        yield made
    finally:
        with django_db_blocker.unblock():
            in_own_connection(remove)
