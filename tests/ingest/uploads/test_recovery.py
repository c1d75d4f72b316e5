"""A worker killed mid-job: its job is found by the stale heartbeat and retried, then failed with a reason the
uploader sees; failed uploads' files are removed after the retention period."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from ingest.models import Upload
from ingest.recovery import jobs_recover
from ingest.tasks import process_upload
from ingest.uploads import uploads_failed_purge

pytestmark = pytest.mark.django_db


def _dead_worker_takes(job_id: int, attempts: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now() - interval '10 minutes') "
                       "RETURNING id")
        worker = cursor.fetchone()[0]
        cursor.execute("UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s, attempts = %s WHERE id = %s",
                       [worker, attempts, job_id])


def _job(job_id: int) -> tuple[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, attempts FROM procrastinate_jobs WHERE id = %s", [job_id])
        return cursor.fetchone()


def test_a_stalled_upload_job_is_retried_then_failed_with_a_reason(settings, kaz_editor):
    settings.JOB_MAX_ATTEMPTS = 2
    upload = Upload.objects.create(file="uploads/x/towns.geojson", original_name="towns.geojson",
                                   status=Upload.Status.PROCESSING, stage="reading", progress=30,
                                   created_by=kaz_editor)
    job_id = process_upload.defer(upload_id=str(upload.pk))
    _dead_worker_takes(job_id, attempts=0)
    assert jobs_recover(seconds_since_heartbeat=30) == {"retried": [job_id], "failed": []}
    assert _job(job_id)[0] == "todo"
    _dead_worker_takes(job_id, attempts=1)
    assert jobs_recover(seconds_since_heartbeat=30) == {"retried": [], "failed": [job_id]}
    assert _job(job_id)[0] == "failed"
    upload.refresh_from_db()
    assert upload.status == Upload.Status.FAILED and upload.errors[0]["error"] == "worker_lost"


def test_a_live_worker_is_left_alone(kaz_editor):
    job_id = process_upload.defer(upload_id="00000000-0000-4000-8000-000000000001")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO procrastinate_workers (last_heartbeat) VALUES (now()) RETURNING id")
        cursor.execute("UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s WHERE id = %s",
                       [cursor.fetchone()[0], job_id])
    assert jobs_recover(seconds_since_heartbeat=30) == {"retried": [], "failed": []}


def test_files_of_failed_uploads_go_after_the_retention_period(media_root, kaz_editor):
    folder = media_root / "uploads" / "00000000-0000-4000-8000-000000000002"
    folder.mkdir(parents=True)
    (folder / "bad.zip").write_bytes(b"PK")
    Upload.objects.create(pk="00000000-0000-4000-8000-000000000002", file="uploads/x/bad.zip",
                          original_name="bad.zip", status=Upload.Status.FAILED, created_by=kaz_editor)
    assert uploads_failed_purge(older_than_days=7) == 0 and folder.exists()
    Upload.objects.filter(pk=folder.name).update(updated_at=timezone.now() - timedelta(days=8))
    assert uploads_failed_purge(older_than_days=7) == 1 and not folder.exists()
