"""The feeds' Last-Modified reads when the last message expired out of them (alerts.selectors.
public_feed_last_expiry) through the feeds' partial indexes on `expires`, never by reading every alert. Checked on
the plan the planner itself chooses for the very statement the selector sends, with the alerts of years in the
table (20,000 messages of five members, a third of them in the feeds, their statistics taken): on the few alerts
a test database holds, any index or none costs the same to the planner, and an earlier form of this test, which
priced sequential scans out instead, flaked between a bitmap read and a full walk of the identifier index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alerts.models import Alert
from alerts.selectors import public_feed_last_expiry
from tests.plans import INDEXED, explain, table_reads

pytestmark = pytest.mark.django_db


def _statement(country) -> str:
    with CaptureQueriesContext(connection) as queries:
        public_feed_last_expiry(country)
    (query,) = queries.captured_queries
    return query["sql"]


# The partial indexes of the feeds' messages by expiry (alerts.models.alert.PUBLIC_FEED): the regional feed's and
# the members'. A member's last expiry is one step in the second or a few in the first (walking back until a
# message of that member): the planner may take either.
FEED_INDEXES = {"alert_public_feed_expires", "alert_public_country_expires"}

# Years of messages: every third in the public feeds, the others drafts, exercises, restricted or regional; sent
# over three years, expiring a day after, from the five members in turn.
YEARS_OF_ALERTS = """
    INSERT INTO alerts_alert (identifier, sender, status, msg_type, scope, restriction, addresses, "references",
                              incidents, code, note, state, track, unknown_references, sha256, created_at, sent,
                              expires, source_country_id)
    SELECT 'plan-' || n, 'plan@atlas', CASE WHEN n % 3 = 1 THEN 'Exercise' ELSE 'Actual' END, 'Alert',
           CASE WHEN n % 3 = 2 THEN 'Restricted' ELSE 'Public' END, '', '', '', '', '{}', '',
           CASE WHEN n % 7 = 0 THEN 'draft' ELSE 'sent' END, CASE WHEN n % 11 = 0 THEN 'regional' ELSE 'national' END,
           false, '', now(), now() - n * interval '75 minutes', now() - n * interval '75 minutes' + interval '1 day',
           (SELECT id FROM hazards_country WHERE is_member ORDER BY iso3 OFFSET n % 5 LIMIT 1)
    FROM generate_series(1, 20000) n"""


@pytest.fixture
def years_of_alerts(db):
    """The messages above in the test's transaction (rolled back with it), the table's statistics taken."""
    with connection.cursor() as cursor:
        cursor.execute(YEARS_OF_ALERTS)
        cursor.execute("ANALYZE alerts_alert")


@pytest.mark.parametrize("country", [None, "KGZ"], ids=["the regional feed", "a member's feed"])
def test_the_last_expiry_of_a_feed_is_read_through_its_index_never_by_a_sequential_scan(years_of_alerts, country):
    reads = table_reads(explain(_statement(country)), Alert._meta.db_table)
    assert reads
    assert {kind for kind, _ in reads} <= INDEXED
    assert any(indexes & FEED_INDEXES for _, indexes in reads), reads


@pytest.mark.parametrize("country", [None, "KGZ"], ids=["the regional feed", "a member's feed"])
def test_the_last_expiry_is_found_by_reading_a_handful_of_rows(years_of_alerts, country):
    """The newest expiry is the index's last entry before now: the plan run reads a few rows, not the feed."""
    nodes = explain(_statement(country), analyze=True)
    read = sum((n["Actual Rows"] + n.get("Rows Removed by Filter", 0)) * n["Actual Loops"]
               for n in nodes if n.get("Relation Name") == Alert._meta.db_table)
    assert read <= 10, read
