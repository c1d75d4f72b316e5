"""Reads of the alerts, by who asks. Private and Restricted messages are visible to their addressees only: the
focal points whose address they carry, the sending country's duty officers and the regional administrators."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Exists, Max, Q, QuerySet, Subquery
from django.utils import timezone

from hazards.access import is_admin, issuer_country_id
from hazards.errors import NotFound
from hazards.models import AdminArea, Country

from .lifecycle import Lifecycle, alerts_with_lifecycle, superseding_references
from .models import Alert, FocalPoint
from .models.alert import PUBLIC_FEED
from .users import AnyUser
from .wording import term

if TYPE_CHECKING:  # django-stubs' helper, installed with the type checker only
    from django_stubs_ext import WithAnnotations

    from .lifecycle import LifecycleAnnotation

# The columns a feed reads of its messages (alerts.feeds: entry, ETag, Last-Modified); never the CAP bytes.
FEED_FIELDS = ("id", "identifier", "sender", "sent", "msg_type", "sha256")


def focal_points_of(user: AnyUser | None) -> QuerySet[FocalPoint]:
    if not (user and user.is_authenticated):
        return FocalPoint.objects.none()
    return FocalPoint.objects.filter(user=user, active=True)


def _addressed_filter(user: AnyUser) -> Q:
    addressed = Q()
    for token in focal_points_of(user).values_list("address", flat=True):
        addressed |= Q(addresses__regex=rf"(^|\s){token}(\s|$)")
    return addressed if addressed else Q(pk__in=[])


def alerts_visible(user: AnyUser) -> QuerySet[Alert]:
    """Every message `user` may read: public sent ones for all; drafts and the country's own messages for its
    duty officers; private messages for their addressees; everything for regional administrators."""
    alerts = Alert.objects.select_related("source_country", "hazard_type")
    if is_admin(user):
        return alerts
    visible = Q(state=Alert.State.SENT, scope=Alert.Scope.PUBLIC)
    if country := issuer_country_id(user):
        visible |= Q(source_country_id=country, state__in=[Alert.State.DRAFT, Alert.State.SENT])
    visible |= Q(state__in=[Alert.State.SENT, Alert.State.RECEIVED]) & _addressed_filter(user)
    visible |= Q(state=Alert.State.RECEIVED, received_from__in=focal_points_of(user))
    return alerts.filter(visible)


def alert_for(user: AnyUser, pk: int) -> Alert:
    alert = alerts_visible(user).filter(pk=pk).first()
    if alert is None:
        raise NotFound("not_found", f"no alert {pk}")
    return alert


def alert_by_identifier(user: AnyUser, identifier: str) -> Alert:
    """A sent message by its CAP identifier, if `user` may read it (404 otherwise)."""
    alert = alerts_visible(user).filter(identifier=identifier, state=Alert.State.SENT).first()
    if alert is None:
        raise NotFound("not_found", f"no alert {identifier}")
    return alert


def incident_in_force(incident: str, track: str) -> list[Alert]:
    """The sent messages of `incident` on `track` that no later message has superseded (newest first); nothing
    once the incident is cancelled."""
    return incidents_in_force([incident], track).get(incident, [])


def incidents_in_force(incidents: Iterable[str], track: str) -> dict[str, list[Alert]]:
    """`incident_in_force` for many incidents in one query: per incident (a blank one is none), its sent messages
    on `track` that no later message has superseded, newest first; nothing for a cancelled incident."""
    wanted = {incident for incident in incidents if incident}
    if not wanted:
        return {}
    superseded = superseding_references()
    by_incident: dict[str, list[Alert]] = {incident: [] for incident in wanted}
    for message in (Alert.objects.filter(incidents__in=wanted, track=track, state=Alert.State.SENT)
                    .filter(~Exists(superseded)).order_by("-sent", "-id")):
        by_incident[message.incidents].append(message)
    return {incident: [] if any(m.msg_type == Alert.MsgType.CANCEL for m in messages) else
            [m for m in messages if m.msg_type in (Alert.MsgType.ALERT, Alert.MsgType.UPDATE)]
            for incident, messages in by_incident.items()}


def _public_feed_messages(country: str | None, status: str = Alert.Status.ACTUAL) -> QuerySet[Alert]:
    alerts = Alert.objects.filter(PUBLIC_FEED) if status == Alert.Status.ACTUAL else \
        Alert.objects.filter(state=Alert.State.SENT, status=status, scope=Alert.Scope.PUBLIC,
                             track=Alert.Track.NATIONAL)
    if not country:
        return alerts
    # The member's id as a scalar subquery, not a join: the planner then reads the feed's (country, expires) index
    # for that one member (alert_public_country_expires), e.g. its last expiry as one backward index step.
    member = Country.objects.filter(iso3=country.upper()).values("id")[:1]
    return alerts.filter(source_country_id=Subquery(member))


def public_feed_alerts(country: str | None = None, *, status: str = Alert.Status.ACTUAL) -> QuerySet[Alert]:
    """What a public feed carries: the sent Public national messages of `status` (Actual: the public feeds; Test:
    the test feed) that are in force (alerts.lifecycle), and the Cancels until their own expiry — so receivers
    learn of a cancellation —, newest first. A message superseded or called off leaves the feed. Only the columns
    a feed reads (FEED_FIELDS) are loaded; alerts.feeds reads the infos of the entries it writes."""
    now = timezone.now()
    alerts = alerts_with_lifecycle(_public_feed_messages(country, status), now=now).filter(
        Q(lifecycle=Lifecycle.IN_FORCE)
        | (Q(msg_type=Alert.MsgType.CANCEL) & (Q(expires__isnull=True) | Q(expires__gt=now))))
    return alerts.only(*FEED_FIELDS).order_by("-sent", "-id")


def public_feed_last_expiry(country: str | None = None, *, status: str = Alert.Status.ACTUAL) -> datetime | None:
    """When the last message left the feed of `country` (all members when None) by expiring; None if none has."""
    expired = _public_feed_messages(country, status).filter(expires__lte=timezone.now())
    return expired.aggregate(last=Max("expires"))["last"]


def country_alerts_changed(iso3: str, *, days: int = 365) -> datetime | None:
    """When the alerts a passport of `iso3` lists (country_alerts) last changed: the newest message sent, the
    last expiry out of the country's feed, or the last time a message left the `days`-long history."""
    national = _public_feed_messages(iso3)
    window = timedelta(days=days)
    newest = national.aggregate(last=Max("sent"))["last"]
    left = national.filter(sent__lte=timezone.now() - window).aggregate(last=Max("sent"))["last"]
    times = [newest, public_feed_last_expiry(iso3), left + window if left else None]
    return max((t for t in times if t), default=None)


def _passport_row(alert: 'WithAnnotations[Alert, LifecycleAnnotation]', language: str) -> dict:
    infos = {info.language: info for info in alert.infos.all()}
    info = infos.get(language) or infos.get("en") or next(iter(infos.values()), None)
    return {"identifier": alert.identifier, "sent": alert.sent_at.isoformat(),
            "msg_type": alert.msg_type, "event": info.event if info else "",
            "headline": info.headline if info else "", "severity": info.severity if info else "",
            "severity_label": term(info.severity) if info else "",
            "expires": alert.expires.isoformat() if alert.expires else None,
            "state": alert.lifecycle, "state_label": str(Lifecycle.LABELS.get(alert.lifecycle, "")),
            "active": alert.lifecycle == Lifecycle.IN_FORCE}


def country_alerts(iso3: str, language: str, *, area_code: str | None = None, days: int = 365) -> list[dict]:
    """The public alerts a country issued — for an area passport, those whose area reaches into that admin area:
    those in force first (alerts.lifecycle: never a Cancel, nor a superseded or expired message), then the last
    `days` days' history with each one's state; headline, event and severity in `language` (English, else the
    first info, when it has none)."""
    since = timezone.now() - timedelta(days=days)
    alerts = _public_feed_messages(iso3).filter(sent__gte=since)
    if area_code:
        area = AdminArea.objects.filter(code=area_code, country__iso3=iso3.upper()).only("geom").first()
        alerts = alerts.filter(pk__in=alerts.filter(areas__geom__intersects=area.geom).values("pk")) if area \
            else alerts.none()
    alerts = alerts_with_lifecycle(alerts).prefetch_related("infos").order_by("-sent", "-id")
    rows = [_passport_row(alert, language) for alert in alerts]
    return sorted(rows, key=lambda row: not row["active"])
