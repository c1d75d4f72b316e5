"""Progress of an upload job, written through its own autocommit connection so that the page polling
/api/v1/uploads/{id}/ sees it while the ingest transaction is still open."""

import psycopg
from django.db import connection
from django.utils.translation import gettext_noop

# The stages a job reports (stored as these codes; the API and the page show them translated).
STAGES = {
    "unpacking": gettext_noop("unpacking"), "converting": gettext_noop("converting to a cloud-optimised GeoTIFF"),
    "reading": gettext_noop("reading"), "checking countries and levels": gettext_noop("checking countries and levels"),
    "publishing": gettext_noop("publishing"), "done": gettext_noop("done"), "failed": gettext_noop("failed"),
    "retrying": gettext_noop("retrying after a database interruption"),
}


class ProgressReporter:
    """`report(stage, percent)`; best effort: a failure to report never fails the ingest."""

    def __init__(self, upload_id):
        self.upload_id = str(upload_id)
        self._conn = None

    def _connect(self):
        # Django's own connection parameters: prepared statements off (psycopg would prepare this UPDATE after
        # five runs, and a PgBouncer in transaction mode hands the next run to another server session).
        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        return psycopg.connect(autocommit=True, **params)

    def report(self, stage: str, percent: int) -> None:
        try:
            if self._conn is None:
                self._conn = self._connect()
            self._conn.execute("UPDATE ingest_upload SET stage = %s, progress = %s, status = 'processing', "
                               "updated_at = now() WHERE id = %s", [stage, int(percent), self.upload_id])
        except psycopg.Error:
            self._conn = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
