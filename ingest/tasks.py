"""Background jobs of ingest (procrastinate; run by `manage.py procrastinate worker`). Uploads may take minutes:
they have a queue of their own; the short periodic clean-ups run on `maintenance`, beside the notifications, so a
long upload never delays the recovery of another worker's stalled job."""

from procrastinate.contrib.django import app

from ingest.recovery import jobs_recover
from ingest.uploads import upload_process, uploads_failed_purge, uploads_orphaned_purge


@app.task(queue="uploads", name="process_upload", pass_context=False)
def process_upload(upload_id: str) -> None:
    """Turn an upload into a layer version (see ingest.uploads). A worker that dies mid-job leaves it to
    recover_stalled_jobs, which retries it: the load is one transaction, so a retry starts clean."""
    upload_process(upload_id)


@app.periodic(cron="* * * * *", periodic_id="recover_stalled_jobs")
@app.task(queue="maintenance", name="recover_stalled_jobs", queueing_lock="recover_stalled_jobs", pass_context=False)
def recover_stalled_jobs(timestamp: int) -> dict:
    """Every minute: retry or fail the jobs of workers that stopped sending heartbeats."""
    return jobs_recover()


@app.periodic(cron="17 3 * * *", periodic_id="purge_failed_uploads")
@app.task(queue="maintenance", name="purge_failed_uploads", queueing_lock="purge_failed_uploads", pass_context=False)
def purge_failed_uploads(timestamp: int) -> int:
    """Every night: remove the files of failed uploads older than the retention period, and of uploads whose
    version was deleted."""
    return uploads_failed_purge() + uploads_orphaned_purge()
