"""The REST API's pages: limit and offset, the limit capped so that no page asks PostgreSQL for more rows than a
bigint counts (a twenty-digit `limit` was a 500) or more than a client can use."""

from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 1000


class Pagination(LimitOffsetPagination):
    """DRF's limit/offset pages; a `limit` above MAX_LIMIT gives MAX_LIMIT rows, as DRF's max_limit promises."""

    max_limit = MAX_LIMIT
