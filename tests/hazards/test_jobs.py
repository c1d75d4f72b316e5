"""Jobs queued by their task's name (hazards.jobs.job_defer): the services never import a task module, and the job
still gets its task's queue, queueing lock and arguments."""

import json

import pytest
from django.db import connection
from procrastinate.exceptions import AlreadyEnqueued, TaskNotFound

from hazards.jobs import job_defer

pytestmark = pytest.mark.django_db


def _job(job_id: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT task_name, queue_name, queueing_lock, args::text FROM procrastinate_jobs WHERE id = %s",
                       [job_id])
        task_name, queue_name, queueing_lock, args = cursor.fetchone()
    return {"task": task_name, "queue": queue_name, "queueing_lock": queueing_lock, "args": json.loads(args)}


def test_an_analysis_queued_by_name_waits_on_the_analysis_queue_under_its_queueing_lock(no_queued_analysis):
    job = _job(job_defer("recompute_analysis", layers=[7]))
    assert job == {"task": "recompute_analysis", "queue": "analysis", "queueing_lock": "recompute_analysis",
                   "args": {"layers": [7]}}


def test_a_second_analysis_queued_by_name_while_one_waits_is_refused(no_queued_analysis):
    job_defer("recompute_analysis", layers=[1])
    with pytest.raises(AlreadyEnqueued):
        job_defer("recompute_analysis", layers=[2])


def test_a_delivery_queued_by_name_waits_on_the_notifications_queue():
    job = _job(job_defer("deliver_notification", delivery_id=12))
    assert job == {"task": "deliver_notification", "queue": "notifications", "queueing_lock": None,
                   "args": {"delivery_id": 12}}


def test_an_upload_queued_by_name_waits_on_the_uploads_queue():
    job = _job(job_defer("process_upload", upload_id="00000000-0000-4000-8000-000000000002"))
    assert job == {"task": "process_upload", "queue": "uploads", "queueing_lock": None,
                   "args": {"upload_id": "00000000-0000-4000-8000-000000000002"}}


def test_a_name_no_task_has_is_refused_rather_than_queued_on_the_default_queue():
    with pytest.raises(TaskNotFound):
        job_defer("recompute_analysys")
