"""Queueing jobs by their task's name, so that a service never imports a task module (the task modules import the
services they run). procrastinate finds every `tasks` module at start-up; the job gets the queue, locks and retry
its task declares."""

from typing import Any

from procrastinate.contrib.django import app


def job_defer(task_name: str, **task_kwargs: Any) -> int:
    """Queue a job of the task registered as `task_name` (its `name=`) with these arguments, now, on the task's
    own queue and with its own lock, queueing lock and retry strategy; returns the job's id. Raises procrastinate's
    TaskNotFound for a name no task has, and AlreadyEnqueued when the task's queueing lock holds a waiting job."""
    return app.configure_task(task_name, allow_unknown=False).defer(**task_kwargs)
