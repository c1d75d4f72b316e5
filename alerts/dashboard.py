"""What the dashboard shows focal points, duty officers and the regional centre: per incident of the regional
track, per addressed focal point, how far the message got (sent → delivered → received → acknowledged, or
escalated) and the minutes to each step; for regional drills, the same times per country over exercises; and the
messages received from other systems, each flagged with the warnings of its intake (alerts.reading).

Reads only: the incidents are those of the regional messages `user` may read (alerts_visible), so a focal point
sees the incidents it was addressed in, a duty officer those of its country, the regional centre all."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .lifecycle import alerts_in_force
from .models import Acknowledgement, Alert, AlertInfo, Delivery, Escalation, FocalPoint
from .selectors import alerts_visible, focal_points_of
from .users import AnyUser


class Step:
    """How far a message got with one focal point, in order."""

    SENT = "sent"
    DELIVERED = "delivered"
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    ORDER = (SENT, DELIVERED, RECEIVED, ACKNOWLEDGED)


@dataclass
class Recipient:
    focal_point: FocalPoint
    sent: datetime
    delivered: datetime | None = None
    received: datetime | None = None
    acknowledged: datetime | None = None
    errors: list[str] = field(default_factory=list)
    escalations: list[Escalation] = field(default_factory=list)
    failed: bool = False
    acknowledgeable: Alert | None = None  # the message the reader may still acknowledge for this focal point

    @property
    def step(self) -> str:
        reached = [self.delivered, self.received, self.acknowledged]
        return next((name for name, at in zip(reversed(Step.ORDER[1:]), reversed(reached), strict=True) if at),
                    Step.SENT)

    @property
    def escalated(self) -> bool:
        return bool(self.escalations) and self.acknowledged is None

    def minutes(self, at: datetime | None) -> float | None:
        return round((at - self.sent).total_seconds() / 60, 1) if at else None

    @property
    def times(self) -> dict[str, float | None]:
        return {Step.DELIVERED: self.minutes(self.delivered), Step.RECEIVED: self.minutes(self.received),
                Step.ACKNOWLEDGED: self.minutes(self.acknowledged)}


@dataclass
class Incident:
    incident: str
    messages: list[Alert]
    recipients: list[Recipient]
    in_force: bool

    @property
    def first(self) -> Alert:
        return self.messages[0]

    @property
    def latest(self) -> Alert:
        return self.messages[-1]

    @property
    def status(self) -> str:
        return self.first.status

    def info(self, language: str) -> AlertInfo | None:
        infos = {info.language: info for info in self.latest.infos.all()}
        return infos.get(language) or infos.get("en") or next(iter(infos.values()), None)

    @property
    def acknowledged_by_all(self) -> bool:
        return all(r.acknowledged for r in self.recipients if not r.focal_point.is_regional_centre)


def _earliest(current: datetime | None, value: datetime | None) -> datetime | None:
    return value if current is None or (value is not None and value < current) else current


def _focal_points(messages: list[Alert]) -> dict[str, FocalPoint]:
    """The focal points the messages are addressed to, by address: one query for the whole page."""
    return {point.address: point for point in FocalPoint.objects.filter(
        address__in={token for message in messages for token in message.address_tokens()}).select_related("country")}


def _recipients(messages: list[Alert], points: dict[str, FocalPoint], mine: set[int]) -> list[Recipient]:
    rows: dict[str, Recipient] = {}
    for message in messages:
        for token in message.address_tokens():
            point = points.get(token)
            if point is None:
                continue
            row = rows.setdefault(token, Recipient(focal_point=point, sent=message.sent_at))
            _merge(row, message, point, mine)
    return sorted(rows.values(), key=lambda r: (r.focal_point.is_regional_centre,
                                                r.focal_point.country.iso3 if r.focal_point.country else "",
                                                r.focal_point.escalation_order))


def _merge(row: Recipient, message: Alert, point: FocalPoint, mine: set[int]) -> None:
    deliveries = [d for d in message.deliveries.all() if d.focal_point_id == point.pk]
    for delivery in deliveries:
        row.delivered = _earliest(row.delivered, delivery.delivered_at)
    row.failed = bool(deliveries) and all(d.state == Delivery.State.FAILED for d in deliveries)
    acknowledged = False
    for ack in message.acknowledgements.all():
        if ack.focal_point_id != point.pk:
            continue
        if ack.kind == Acknowledgement.Kind.UNADDRESSED:
            continue  # kept, never counted: the message was not addressed to it
        if ack.kind == Acknowledgement.Kind.RECEIPT:
            row.received = _earliest(row.received, ack.at)
        elif ack.kind == Acknowledgement.Kind.OPERATOR:
            row.acknowledged, acknowledged = _earliest(row.acknowledged, ack.at), True
            row.received = _earliest(row.received, ack.at)
        else:
            row.errors.append(ack.note)
    row.escalations += [e for e in message.escalations.all() if e.focal_point_id == point.pk]
    if point.pk in mine and not acknowledged and message.msg_type != Alert.MsgType.CANCEL:
        row.acknowledgeable = message


def _regional_messages(user: AnyUser) -> QuerySet[Alert]:
    return (alerts_visible(user).filter(track=Alert.Track.REGIONAL, state=Alert.State.SENT)
            .exclude(msg_type__in=[Alert.MsgType.ACK, Alert.MsgType.ERROR])  # answers, not notifications
            .select_related("source_country", "hazard_type")
            .prefetch_related("infos", Prefetch("deliveries"), Prefetch("acknowledgements"),
                              Prefetch("escalations", queryset=Escalation.objects.order_by("at")))
            .order_by("sent", "id"))


def incidents(user: AnyUser, *, days: int = 30, status: str | None = None,
              now: datetime | None = None) -> list[Incident]:
    """The incidents of the regional track `user` may read that are in force or were sent in the last `days` days
    (in force first, newest first), each with its recipients' progress."""
    now = now or timezone.now()
    messages = _regional_messages(user).filter(sent__gte=now - timedelta(days=days))
    if status:
        messages = messages.filter(status=status)
    by_incident: dict[str, list[Alert]] = {}
    for message in messages:
        by_incident.setdefault(message.incidents, []).append(message)
    mine = set(focal_points_of(user).values_list("pk", flat=True))
    points = _focal_points([message for chain in by_incident.values() for message in chain])
    # The one rule of alerts.lifecycle, for every message of the page in one query.
    in_force = set(alerts_in_force(Alert.objects.filter(pk__in=[m.pk for chain in by_incident.values()
                                                                for m in chain]), now=now).values_list("pk", flat=True))
    rows = [Incident(incident=incident, messages=chain, recipients=_recipients(chain, points, mine),
                     in_force=any(m.pk in in_force for m in chain)) for incident, chain in by_incident.items()]
    return sorted(rows, key=lambda row: (not row.in_force, -row.latest.sent_at.timestamp()))


def _per_country(incident: Incident) -> dict[str, tuple[object, dict[str, float | None]]]:
    """The countries addressed in one incident (the regional centre aside), each once however many of its contacts
    were addressed: its earliest minutes to each step over its contacts."""
    countries: dict[str, tuple[object, dict[str, float | None]]] = {}
    for row in incident.recipients:
        point = row.focal_point
        if point.is_regional_centre or point.country is None:
            continue
        country, times = countries.setdefault(point.country.iso3, (point.country, dict.fromkeys(Step.ORDER[1:])))
        for step, minutes in row.times.items():
            best = times[step]
            if minutes is not None and (best is None or minutes < best):
                times[step] = minutes
    return countries


def exercise_report(user: AnyUser, *, days: int = 365, now: datetime | None = None) -> list[dict]:
    """For regional drills: per country addressed in Exercise incidents, how many incidents (a country counts once
    per incident, whatever the number of its contacts), how many acknowledged (by any of its contacts), and the
    median minutes to delivery, receipt and operator acknowledgement (its fastest contact in each incident)."""
    per_country: dict[str, dict] = {}
    for incident in incidents(user, days=days, status=Alert.Status.EXERCISE, now=now):
        for iso3, (country, times) in _per_country(incident).items():
            entry = per_country.setdefault(iso3, {"country": country, "incidents": 0, "acknowledged": 0,
                                                  "times": {s: [] for s in Step.ORDER[1:]}})
            entry["incidents"] += 1
            entry["acknowledged"] += times[Step.ACKNOWLEDGED] is not None
            for step, minutes in times.items():
                if minutes is not None:
                    entry["times"][step].append(minutes)
    report = []
    for iso3, entry in sorted(per_country.items()):
        medians = {step: round(median(values), 1) if values else None for step, values in entry["times"].items()}
        report.append({"iso3": iso3, "country": entry["country"], "incidents": entry["incidents"],
                       "acknowledged": entry["acknowledged"], "median_minutes": medians})
    return report


@dataclass
class Received:
    """A message received from another system, with the warnings of its intake in the reader's language."""

    message: Alert
    warnings: list[str]


def received_messages(user: AnyUser, *, language: str, days: int = 30, now: datetime | None = None,
                      limit: int = 50) -> list[Received]:
    """The last `limit` messages received in the last `days` days that `user` may read, newest first, each with its
    intake warnings (the profile rules it breaks, its conversion from an older CAP) in `language` (else English)."""
    now = now or timezone.now()
    messages = (alerts_visible(user).filter(state=Alert.State.RECEIVED, created_at__gte=now - timedelta(days=days))
                .select_related("received_from").defer("xml").order_by("-created_at", "-id")[:limit])
    return [Received(message=message, warnings=[warning.get(language) or warning.get("en", "")
                                                for warning in message.intake_warnings])
            for message in messages]
