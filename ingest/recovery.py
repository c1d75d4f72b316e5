"""Jobs whose worker died (killed, machine lost) are found by the worker heartbeats procrastinate keeps and are
retried, or, after JOB_MAX_ATTEMPTS, failed — an upload then says why instead of "processing" forever. A job whose
worker lives but lost the database (a restart) is retried by its task's policy (hazards.retry); its upload says so
in between (`upload_interrupted`)."""

import contextlib
import json
import logging

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext_noop
from procrastinate import sql
from procrastinate.contrib.django import app

from hazards.retry import DATABASE_INTERRUPTIONS
from ingest.models import Upload

log = logging.getLogger(__name__)
WORKER_LOST = gettext_noop("the worker processing this file stopped (it was restarted or killed); the file was "
                           "tried %(attempts)s times — send it again, or ask the administrators to check the server")
DATABASE_LOST = gettext_noop("the database stopped answering while this file was processed; the file was tried "
                             "%(attempts)s times — send it again, or ask the administrators to check the server")
RETRYING = "retrying"  # the stage of an upload waiting for its next attempt (ingest.progress.STAGES)


def jobs_recover(*, seconds_since_heartbeat: float | None = None) -> dict:
    """Retry (or fail, once out of attempts) every job in 'doing' whose worker sent no heartbeat for
    `seconds_since_heartbeat`. Returns the job ids by what was done."""
    connector = app.connector.get_sync_connector()
    stalled = connector.execute_query_all(
        query=sql.queries["select_stalled_jobs_by_heartbeat"], queue=None, task_name=None,
        seconds_since_heartbeat=seconds_since_heartbeat or settings.JOB_STALLED_SECONDS)
    done = {"retried": [], "failed": []}
    for job in stalled:
        if job["attempts"] + 1 < settings.JOB_MAX_ATTEMPTS:
            connector.execute_query(query=sql.queries["retry_job"], job_id=job["id"], retry_at=timezone.now(),
                                    new_priority=None, new_queue_name=None, new_lock=None)
            done["retried"].append(job["id"])
        else:
            connector.execute_query(query=sql.queries["finish_job"], job_id=job["id"], status="failed",
                                    delete_job=False)
            _upload_failed(job, attempts=job["attempts"] + 1)
            done["failed"].append(job["id"])
    if stalled:
        log.warning("stalled jobs recovered: %s", done)
    return done


def _upload_failed(job: dict, *, attempts: int) -> None:
    args = job.get("args") or {}
    args = json.loads(args) if isinstance(args, str) else args  # the Django connector leaves JSON as text
    upload_id = args.get("upload_id")
    if job["task_name"] != "process_upload" or not upload_id:
        return
    error = {"error": "worker_lost", "detail": WORKER_LOST % {"attempts": attempts}, "message": WORKER_LOST,
             "params": {"attempts": attempts}}
    Upload.objects.filter(pk=upload_id).exclude(status__in=[Upload.Status.READY, Upload.Status.PUBLISHED]).update(
        status=Upload.Status.FAILED, stage="failed", errors=[error], updated_at=timezone.now())


def _broken_connections_close() -> None:
    """Give back the connections the interruption broke: the pool checks the next one it hands out."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(*DATABASE_INTERRUPTIONS):
            if connection.connection is not None and not connection.is_usable():
                connection.close()


def upload_interrupted(upload_id, *, attempts: int, final: bool) -> None:
    """After a job of `upload_id` lost its database connection on attempt number `attempts`: the upload goes back
    to queued with the stage "retrying after a database interruption", or, when no attempt is left, fails with
    the reason. Best effort: while the database is still away the next attempt (or jobs_recover) writes it."""
    _broken_connections_close()
    values = {"status": Upload.Status.QUEUED, "stage": RETRYING, "progress": 0}
    if final:
        error = {"error": "database_lost", "detail": DATABASE_LOST % {"attempts": attempts}, "message": DATABASE_LOST,
                 "params": {"attempts": attempts}}
        values = {"status": Upload.Status.FAILED, "stage": "failed", "errors": [error]}
    try:
        Upload.objects.filter(pk=upload_id).exclude(status__in=[Upload.Status.READY, Upload.Status.PUBLISHED]).update(
            updated_at=timezone.now(), **values)
    except DATABASE_INTERRUPTIONS:
        log.warning("upload %s: the database is still away; its next attempt records the state", upload_id)
