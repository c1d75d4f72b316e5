"""Background jobs of the domain (procrastinate). Services queue them by name (hazards.jobs.job_defer), never by
importing this module."""

from procrastinate.contrib.django import app

from hazards.analysis.service import analysis_is_current, analysis_recompute
from hazards.retry import DATABASE_RETRY
from hazards.services.versions import partitions_sweep


@app.task(queue="analysis", name="recompute_analysis", pass_context=False, queueing_lock="recompute_analysis",
          retry=DATABASE_RETRY)
def recompute_analysis(layers: list[int] | None = None) -> str:
    """Recompute the transboundary analysis, levels and exposure after a publication, unless the last run
    already saw the same inputs: what changed since the last run, the `layers` that queued it included
    (hazards.analysis.scope). Retried with a growing wait when it loses the database (hazards.retry)."""
    if analysis_is_current():
        return "current"
    timings = analysis_recompute(layers=layers)
    return "stale: an access changed while it ran; the next run is queued" if timings.get("stale") else "recomputed"


@app.periodic(cron="*/10 * * * *", periodic_id="sweep_partitions")
@app.task(queue="maintenance", name="sweep_partitions", queueing_lock="sweep_partitions", pass_context=False,
          retry=DATABASE_RETRY)
def sweep_partitions(timestamp: int) -> list[int]:
    """Every ten minutes: drop the partitions a deletion had to leave because a reader held them
    (hazards.services.versions.partitions_sweep; each waits at most a moment for its lock, so nothing queues
    behind it)."""
    return partitions_sweep()
