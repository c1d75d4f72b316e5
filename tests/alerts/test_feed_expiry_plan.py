"""The feeds' Last-Modified reads when the last message expired out of them (alerts.selectors.
public_feed_last_expiry) through the feeds' partial index on `expires`, never by reading every alert: with sequential
scans priced out, the plan of the very statement the selector sends reaches alerts_alert through that index (the test
database holds too few alerts for the planner to prefer any index on its own, and any index would do then: an earlier
form of this test accepted a full walk of the identifier index). Whether the planner walks the index (Index Scan) or
builds a bitmap from it (Bitmap Heap Scan, its choice once the suite has written more alerts) does not matter: both
read only the alerts the index finds."""

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


# The partial indexes of the feeds' messages by expiry (alerts.models.alert.PUBLIC_FEED). Either holds only the feeds'
# messages; on a table this small the planner may take either for either feed.
FEED_INDEXES = {"alert_public_feed_expires", "alert_public_country_expires"}


@pytest.mark.parametrize("country", [None, "KGZ"], ids=["the regional feed", "a member's feed"])
def test_the_last_expiry_of_a_feed_is_read_through_an_index_never_by_a_sequential_scan(country):
    reads = table_reads(explain(_statement(country), settings={"enable_seqscan": "off"}), Alert._meta.db_table)
    assert reads
    assert {kind for kind, _ in reads} <= INDEXED
    assert any(indexes & FEED_INDEXES for _, indexes in reads), reads
