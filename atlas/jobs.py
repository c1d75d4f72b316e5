"""Procrastinate wiring for a primary behind PgBouncer in transaction pooling mode (docs/scaling.md).

The workers fetch, run and finish jobs through the pooler like every other client: each of those is a single
statement or a transaction. Waiting for new jobs is not: LISTEN belongs to a server session, and PgBouncer in
transaction mode hands the session to another client after each transaction, so notifications would be lost.
With DATABASE_DIRECT_URL set, the worker's LISTEN connection goes straight to the primary instead."""

import contextlib

import psycopg
from django.conf import settings
from procrastinate import psycopg_connector
from procrastinate.contrib.django import utils
from procrastinate.contrib.django.settings import settings as procrastinate_settings


class DirectListenConnector(psycopg_connector.PsycopgConnector):
    """A worker connector: the pool as configured (through the pooler); LISTEN on `listen_conninfo`."""

    def __init__(self, *, listen_conninfo: str, **kwargs):
        super().__init__(**kwargs)
        self.listen_conninfo = listen_conninfo

    @contextlib.asynccontextmanager
    async def _get_standalone_connection(self):
        # procrastinate uses a standalone connection for LISTEN only (listen_notify).
        conninfo = psycopg.conninfo.make_conninfo(self.listen_conninfo.replace("postgis://", "postgresql://", 1),
                                                  application_name="atlas-worker-listen")
        async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as connection:
            yield connection


def worker_connector():
    """The connector `manage.py procrastinate worker` runs with when DATABASE_DIRECT_URL is set."""
    return DirectListenConnector(listen_conninfo=settings.DATABASE_DIRECT_URL,
                                 kwargs=utils.connector_params(procrastinate_settings.DATABASE_ALIAS))


def on_app_ready(app) -> None:
    """PROCRASTINATE_ON_APP_READY: with a direct URL, the worker command gets the connector above."""
    if settings.DATABASE_DIRECT_URL:
        app.connector.get_worker_connector = worker_connector
