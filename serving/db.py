"""The database connection the read engine uses: the one Django's routers choose for reading features — a read
replica when one is configured and the request may use it (atlas.routers), the primary otherwise."""

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper

from hazards.models import Feature


def read_alias() -> str:
    """The alias of the connection for this request's feature reads."""
    return router.db_for_read(Feature)


def read_connection() -> BaseDatabaseWrapper:
    """The connection (Django's wrapper) for this request's feature reads."""
    return connections[read_alias()]
