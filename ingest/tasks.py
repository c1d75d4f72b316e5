"""Background jobs of ingest (procrastinate; run by `manage.py procrastinate worker`). Uploads may take minutes:
they have a queue of their own; the short periodic clean-ups run on `maintenance`, beside the notifications, so a
long upload never delays the recovery of another worker's stalled job."""

from procrastinate.contrib.django import app

from hazards.retry import DATABASE_INTERRUPTIONS, DATABASE_RETRY, attempts_left
from ingest.recovery import jobs_recover, upload_interrupted
from ingest.uploads import upload_process, uploads_failed_purge, uploads_orphaned_purge


@app.task(queue="uploads", name="process_upload", pass_context=True, retry=DATABASE_RETRY)
def process_upload(context, upload_id: str) -> None:
    """Turn an upload into a layer version (see ingest.uploads). The load is one transaction, so a retry starts
    clean: a lost database connection is retried (hazards.retry), the upload queued as "retrying" in between and
    failed with the reason after the last attempt; a worker that dies mid-job leaves it to recover_stalled_jobs."""
    try:
        upload_process(upload_id)
    except DATABASE_INTERRUPTIONS:
        final = not attempts_left(context.job)
        upload_interrupted(upload_id, attempts=context.job.attempts + 1, final=final)
        raise


@app.periodic(cron="* * * * *", periodic_id="recover_stalled_jobs")
@app.task(queue="maintenance", name="recover_stalled_jobs", queueing_lock="recover_stalled_jobs", pass_context=False)
def recover_stalled_jobs(timestamp: int) -> dict:
    """Every minute: retry or fail the jobs of workers that stopped sending heartbeats."""
    return jobs_recover()


@app.periodic(cron="17 3 * * *", periodic_id="purge_failed_uploads")
@app.task(queue="maintenance", name="purge_failed_uploads", queueing_lock="purge_failed_uploads", pass_context=False,
          retry=DATABASE_RETRY)
def purge_failed_uploads(timestamp: int) -> int:
    """Every night: remove the files of failed uploads older than the retention period, and of uploads whose
    version was deleted."""
    return uploads_failed_purge() + uploads_orphaned_purge()
