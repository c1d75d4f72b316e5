"""Active alerts, by who asks: the one selector behind the map's alerts group, the OGC API collection `alerts` and
the alerts' vector tiles, and the SQL of their rows (geometry and texts in one language) that those outputs wrap.

Active: in force now by the one rule of `alerts.lifecycle` (sent Alert or Update, neither superseded, nor called
off, nor expired), of status Actual, Exercise or Test. Visibility is `selectors.alerts_visible`: Private and
Restricted messages only for their addressees, the sending country's duty officers and regional administrators."""

import json
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from .lifecycle import alerts_in_force
from .models import Alert
from .selectors import alerts_visible
from .users import AnyUser

SHOWN_STATUSES = (Alert.Status.ACTUAL, Alert.Status.EXERCISE, Alert.Status.TEST)
SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")


def alerts_active(user: AnyUser, *, now: datetime | None = None) -> QuerySet[Alert]:
    """The alerts in force at `now` (alerts.lifecycle) that `user` may read, of a shown status (newest first)."""
    return (alerts_in_force(alerts_visible(user), now=now or timezone.now())
            .filter(status__in=SHOWN_STATUSES).order_by("-sent", "-id"))


def alert_language(requested: str | None) -> str:
    """The info language to show: the requested one when alerts are written in it, English otherwise."""
    if requested is not None and requested in settings.CAP_LANGUAGES:
        return requested
    return "en"


# The area of the message `a`: its polygons plus its circles buffered on the sphere, as one MultiPolygon (EPSG:4326).
AREA_SQL = """
        SELECT ST_Multi(ST_Union(part)) AS geom FROM (
            SELECT ar.geom AS part FROM alerts_alertarea ar WHERE ar.alert_id = a.id AND ar.geom IS NOT NULL
            UNION ALL
            SELECT ST_Buffer(ST_SetSRID(ST_MakePoint(split_part(split_part(circle, ' ', 1), ',', 2)::float,
                                                     split_part(split_part(circle, ' ', 1), ',', 1)::float),
                                        4326)::geography,
                             1000 * split_part(circle, ' ', 2)::float)::geometry
            FROM alerts_alertarea ar, jsonb_array_elements_text(ar.circles) circle
            WHERE ar.alert_id = a.id AND circle ~ '^-?[0-9.]+,-?[0-9.]+ [0-9.]+$') parts"""

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
    CROSS JOIN LATERAL ({area}) g
    WHERE a.id = ANY(%(ids)s::bigint[]) AND g.geom IS NOT NULL
""".replace("{area}", AREA_SQL)

FIELDS = {"identifier": "String", "msgType": "String", "status": "String", "scope": "String", "track": "String",
          "country": "String", "language": "String", "severity": "String", "urgency": "String",
          "certainty": "String", "event": "String", "headline": "String", "instruction": "String", "sent": "String",
          "expires": "String", "cap": "String", "severity_rank": "Number"}


def active_rows(user: AnyUser, *, language: str | None, cap_prefix: str) -> tuple[str, dict]:
    """The SQL of the rows of `user`'s active alerts (id, geom in EPSG:4326 and the attributes in FIELDS) and its
    parameters; the selector runs first, so the rows are exactly `alerts_active(user)`."""
    ids = list(alerts_active(user).values_list("pk", flat=True))
    return ROWS_SQL, {"ids": ids, "lang": alert_language(language), "cap_prefix": cap_prefix}


def alert_area_geojson(alert: Alert) -> dict | None:
    """The area of `alert` (polygons and circles, as the map draws it) as a GeoJSON geometry with its bounding box
    (`bbox`: west, south, east, north), or None when it has none."""
    with connection.cursor() as cursor:
        cursor.execute(f"""SELECT ST_AsGeoJSON(g.geom, 6, 1) FROM alerts_alert a CROSS JOIN LATERAL ({AREA_SQL}) g
                           WHERE a.id = %s AND g.geom IS NOT NULL""", [alert.pk])
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None
