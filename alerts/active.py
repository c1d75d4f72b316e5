"""Active alerts, by who asks: the one selector behind the map's alerts group, the OGC API collection `alerts` and
the alerts' vector tiles, and the SQL of their rows (geometry and texts in one language) that those outputs wrap.

Active: sent, of type Alert or Update, status Actual, Exercise or Test, not expired, not superseded by a later sent
message of its incident (the rule of `selectors.incident_in_force`, written as SQL) and not in a cancelled incident
on its track. Visibility is `selectors.alerts_visible`: Private and Restricted messages only for their addressees,
the sending country's duty officers and regional administrators."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .models import Alert
from .selectors import alerts_visible, superseding_references

SHOWN_STATUSES = (Alert.Status.ACTUAL, Alert.Status.EXERCISE, Alert.Status.TEST)
SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")


def in_force(alerts: QuerySet[Alert]) -> QuerySet[Alert]:
    """The sent messages of `alerts` that no later sent message references and whose incident is not cancelled on
    their track (what `selectors.incident_in_force` keeps, for many incidents at once)."""
    superseded = superseding_references()
    cancelled = Alert.objects.filter(state=Alert.State.SENT, msg_type=Alert.MsgType.CANCEL,
                                     incidents=OuterRef("incidents"), track=OuterRef("track")).exclude(incidents="")
    return alerts.filter(~Exists(superseded), ~Exists(cancelled), state=Alert.State.SENT)


def message_in_force(alert: Alert, *, now=None) -> bool:
    """Whether sending `alert` at `now` still says something true: an Alert or Update only while it is in force (not
    superseded, its incident not cancelled, not expired); a Cancel, Ack or Error always (it is the news)."""
    if alert.msg_type not in (Alert.MsgType.ALERT, Alert.MsgType.UPDATE):
        return True
    now = now or timezone.now()
    if alert.expires is not None and alert.expires <= now:
        return False
    return in_force(Alert.objects.filter(pk=alert.pk)).exists()


def alerts_active(user, *, now=None) -> QuerySet[Alert]:
    """The alerts in force now that `user` may read (newest first)."""
    now = now or timezone.now()
    return (in_force(alerts_visible(user))
            .filter(msg_type__in=[Alert.MsgType.ALERT, Alert.MsgType.UPDATE], status__in=SHOWN_STATUSES)
            .filter(Q(expires__isnull=True) | Q(expires__gt=now))
            .order_by("-sent", "-id"))


def alert_language(requested: str | None) -> str:
    """The info language to show: the requested one when alerts are written in it, English otherwise."""
    return requested if requested in settings.CAP_LANGUAGES else "en"


# One row per active alert: its polygons and circles (buffered on the sphere) as one geometry in EPSG:4326, and the
# info in %(lang)s (English, else the first, when it has none). Parameters: ids (bigint[]), lang, cap_prefix.
ROWS_SQL = """
    SELECT a.id, g.geom, a.identifier, a.msg_type AS "msgType", a.status, a.scope, a.track,
           c.iso3 AS country, i.language, i.severity, i.urgency, i.certainty, i.event, i.headline, i.instruction,
           to_char(a.sent AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS sent,
           to_char(a.expires AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS expires,
           %(cap_prefix)s || a.identifier || '.xml' AS cap,
           CASE i.severity WHEN 'Extreme' THEN 4 WHEN 'Severe' THEN 3 WHEN 'Moderate' THEN 2 WHEN 'Minor' THEN 1
                ELSE 0 END AS severity_rank
    FROM alerts_alert a
    LEFT JOIN hazards_country c ON c.id = a.source_country_id
    CROSS JOIN LATERAL (
        SELECT * FROM alerts_alertinfo i WHERE i.alert_id = a.id
        ORDER BY (i.language = %(lang)s) DESC, (i.language = 'en') DESC, i.id LIMIT 1) i
    CROSS JOIN LATERAL (
        SELECT ST_Multi(ST_Union(part)) AS geom FROM (
            SELECT ar.geom AS part FROM alerts_alertarea ar WHERE ar.alert_id = a.id AND ar.geom IS NOT NULL
            UNION ALL
            SELECT ST_Buffer(ST_SetSRID(ST_MakePoint(split_part(split_part(circle, ' ', 1), ',', 2)::float,
                                                     split_part(split_part(circle, ' ', 1), ',', 1)::float),
                                        4326)::geography,
                             1000 * split_part(circle, ' ', 2)::float)::geometry
            FROM alerts_alertarea ar, jsonb_array_elements_text(ar.circles) circle
            WHERE ar.alert_id = a.id AND circle ~ '^-?[0-9.]+,-?[0-9.]+ [0-9.]+$') parts) g
    WHERE a.id = ANY(%(ids)s::bigint[]) AND g.geom IS NOT NULL
"""

FIELDS = {"identifier": "String", "msgType": "String", "status": "String", "scope": "String", "track": "String",
          "country": "String", "language": "String", "severity": "String", "urgency": "String",
          "certainty": "String", "event": "String", "headline": "String", "instruction": "String", "sent": "String",
          "expires": "String", "cap": "String", "severity_rank": "Number"}


def active_rows(user, *, language: str | None, cap_prefix: str) -> tuple[str, dict]:
    """The SQL of the rows of `user`'s active alerts (id, geom in EPSG:4326 and the attributes in FIELDS) and its
    parameters; the selector runs first, so the rows are exactly `alerts_active(user)`."""
    ids = list(alerts_active(user).values_list("pk", flat=True))
    return ROWS_SQL, {"ids": ids, "lang": alert_language(language), "cap_prefix": cap_prefix}
