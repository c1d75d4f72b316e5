"""Background jobs of the domain (procrastinate)."""

from procrastinate.contrib.django import app


@app.task(queue="analysis", name="recompute_analysis", pass_context=False, queueing_lock="recompute_analysis")
def recompute_analysis() -> None:
    """Recompute the transboundary analysis, levels and exposure after a publication."""
    from hazards.analysis.service import analysis_recompute

    analysis_recompute()
