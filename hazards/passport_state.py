"""The state the passports, the matrix, its cells and coverage are computed from, as one checksum and the time it
last changed: what their ETag and Last-Modified are made of (web.http.derived_freshness).

Every input of those answers moves something read here: the analysis writes levels, exposure and the read models
and records a run (AnalysisRun); publishing, rolling back, reclassifying, changing the access of or deleting a
layer moves its `updated_at` or the count of layers; hazard types and their advice (names, colours, the passport's
advice texts) and the countries' names are few rows, checksummed whole; admin areas change only when the region is
loaded again, with new rows. Alerts are the passports' other input (alerts.selectors.country_alerts_changed)."""

from datetime import datetime

from django.db import connection

STATE = """
    SELECT concat_ws('|',
               (SELECT max(id) FROM hazards_analysisrun),
               (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM hazards_layer),
               (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM hazards_hazardtype t),
               (SELECT md5(coalesce(string_agg(a::text, '|' ORDER BY a.id), '')) FROM hazards_hazardadvice a),
               (SELECT md5(coalesce(string_agg(concat_ws(',', c.iso3, c.name_ru, c.name_en, c.name_kk, c.is_member),
                                               '|' ORDER BY c.id), '')) FROM hazards_country c),
               (SELECT count(*) || ':' || coalesce(max(id), 0) FROM hazards_adminarea)),
           greatest((SELECT max(finished_at) FROM hazards_analysisrun), (SELECT max(updated_at) FROM hazards_layer))"""


def passports_state() -> tuple[str, datetime | None]:
    """(checksum of what the passports read besides alerts, when it last changed)."""
    with connection.cursor() as cursor:
        cursor.execute(STATE)
        return cursor.fetchone()
