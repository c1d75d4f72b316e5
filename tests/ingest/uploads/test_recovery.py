"""A worker killed mid-job: its job is found by the stale heartbeat and retried, then failed with a reason the
uploader sees; failed uploads' files are removed after the retention period."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from procrastinate.jobs import Job

from ingest.models import Upload
from ingest.recovery import jobs_recover, upload_interrupted
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
    assert upload.status == Upload.Status.FAILED
    assert upload.errors[0]["error"] == "worker_lost"


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
    assert uploads_failed_purge(older_than_days=7) == 0
    assert folder.exists()
    Upload.objects.filter(pk=folder.name).update(updated_at=timezone.now() - timedelta(days=8))
    assert uploads_failed_purge(older_than_days=7) == 1
    assert not folder.exists()


# A live worker whose job lost the database (PostgreSQL restarted): the task's policy retries it (hazards.retry);
# the upload says so in between and fails with the reason after the last attempt. The real restart:
# tests/ingest/test_database_restart.py.
def _loading(user) -> Upload:
    return Upload.objects.create(file="uploads/y/towns.geojson", original_name="towns.geojson", created_by=user,
                                 status=Upload.Status.PROCESSING, stage="reading", progress=30)


def _job_at(attempts: int) -> Job:
    return Job(id=1, queue="uploads", lock=None, queueing_lock=None, task_name="process_upload", attempts=attempts)


def test_an_upload_that_lost_the_database_waits_as_retrying(client, kaz_editor):
    upload = _loading(kaz_editor)
    upload_interrupted(upload.pk, attempts=1, final=False)
    client.force_login(kaz_editor)
    body = client.get(f"/api/v1/uploads/{upload.pk}/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert (body["status"], body["stage"], body["progress"]) == ("queued", "retrying", 0)
    assert body["stage_label"] == "повторная попытка после перерыва в работе базы данных"


def test_after_the_last_attempt_the_upload_fails_with_a_translated_reason(client, kaz_editor):
    upload = _loading(kaz_editor)
    upload_interrupted(upload.pk, attempts=6, final=True)
    client.force_login(kaz_editor)
    body = client.get(f"/api/v1/uploads/{upload.pk}/", HTTP_ACCEPT_LANGUAGE="kk").json()
    assert body["status"] == "failed"
    assert body["errors"][0]["error"] == "database_lost"
    assert body["errors"][0]["detail"].startswith("осы файлды өңдеу кезінде дерекқор жауап бермей қалды; "
                                                  "әрекет саны: 6")


def test_the_upload_job_retries_a_lost_connection(settings):
    decision = process_upload.retry_strategy.get_retry_exception(exception=OperationalError("gone"), job=_job_at(0))
    assert decision is not None


def test_the_upload_job_does_not_retry_other_failures():
    assert process_upload.retry_strategy.get_retry_exception(exception=ValueError("bug"), job=_job_at(0)) is None


def test_the_upload_job_retries_a_bounded_number_of_times_with_a_growing_wait(settings):
    strategy = process_upload.retry_strategy
    waits = [strategy.get_retry_decision(exception=OperationalError("gone"), job=_job_at(n)).retry_at
             for n in range(2)]
    assert waits[1] - waits[0] > timedelta(seconds=1)
    last = _job_at(settings.JOB_DB_RETRIES)
    assert strategy.get_retry_exception(exception=OperationalError("gone"), job=last) is None
