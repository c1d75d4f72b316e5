"""Background jobs of the early-warning system (procrastinate, queue `notifications`). The services queue them by
name (hazards.jobs.job_defer), never by importing this module."""

from django.conf import settings
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from alerts.escalation import escalations_run
from alerts.notify import delivery_attempt
from alerts.polling import feeds_poll


@app.task(queue="notifications", name="deliver_notification", pass_context=False,
          retry=RetryStrategy(max_attempts=settings.CAP_DELIVERY_ATTEMPTS, exponential_wait=2,
                              retry_exceptions={Exception}))
def deliver_notification(delivery_id: int) -> str:
    """One delivery of a regional message (webhook or e-mail); retried with backoff 2, 4, 8 … seconds until it
    succeeds or has had CAP_DELIVERY_ATTEMPTS attempts. Does nothing once the delivery is delivered."""
    return delivery_attempt(delivery_id)


@app.periodic(cron="* * * * *", periodic_id="escalate_unanswered")
@app.task(queue="notifications", name="escalate_unanswered", queueing_lock="escalate_unanswered",
          pass_context=False)
def escalate_unanswered(timestamp: int) -> dict:
    """Every minute: send again to neighbours with no receipt, notify the next contacts of those with no operator
    acknowledgement (alerts.escalation)."""
    return {step: len(pairs) for step, pairs in escalations_run().items()}


@app.periodic(cron=f"*/{settings.CAP_FEED_POLL_MINUTES} * * * *", periodic_id="poll_external_feeds")
@app.task(queue="notifications", name="poll_external_feeds", queueing_lock="poll_external_feeds",
          pass_context=False)
def poll_external_feeds(timestamp: int) -> dict:
    """Every CAP_FEED_POLL_MINUTES: read the external CAP feeds with a conditional GET and take their new messages
    through the inbox's path (alerts.polling)."""
    return {url: outcome["status"] for url, outcome in feeds_poll().items()}
