"""Jobs whose worker died (killed, machine lost) are found by the worker heartbeats procrastinate keeps and are
retried, or, after JOB_MAX_ATTEMPTS, failed — an upload then says why instead of "processing" forever."""

import json
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop
from procrastinate import sql
from procrastinate.contrib.django import app

from ingest.models import Upload

log = logging.getLogger(__name__)
WORKER_LOST = gettext_noop("the worker processing this file stopped (it was restarted or killed); the file was "
                           "tried %(attempts)s times — send it again, or ask the administrators to check the server")


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
