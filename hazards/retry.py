"""The retry policy of the jobs that write (uploads, the analysis, the clean-ups): a job that loses its database
connection — a restart of PostgreSQL, a failover — is retried with a growing wait, JOB_DB_RETRIES times; any other
failure is not retried by this policy (a bad file stays failed with its reason)."""

import psycopg
from django.conf import settings
from django.db import InterfaceError, OperationalError
from procrastinate import RetryStrategy

# What a lost connection raises: Django's wrappers, and psycopg's own where the atlas talks to psycopg directly
# (binary COPY, the progress connection). Deadlocks and lock timeouts are OperationalErrors too: a retry suits them.
DATABASE_INTERRUPTIONS = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)

DATABASE_RETRY = RetryStrategy(max_attempts=settings.JOB_DB_RETRIES, wait=settings.JOB_DB_RETRY_SECONDS,
                               exponential_wait=2, retry_exceptions=set(DATABASE_INTERRUPTIONS))


def attempts_left(job) -> bool:
    """Whether DATABASE_RETRY will run `job` (procrastinate's Job, on its current attempt) again if it fails."""
    return job.attempts < settings.JOB_DB_RETRIES
