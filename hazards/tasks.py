"""Background jobs of the domain (procrastinate)."""

from procrastinate.contrib.django import app


@app.task(queue="analysis", name="recompute_analysis", pass_context=False, queueing_lock="recompute_analysis",
          retry=3)
def recompute_analysis() -> str:
    """Recompute the transboundary analysis, levels and exposure after a publication, unless the last run
    already saw the same inputs. Retried when it fails (a database restart, …)."""
    from hazards.analysis.service import analysis_is_current, analysis_recompute

    if analysis_is_current():
        return "current"
    analysis_recompute()
    return "recomputed"
