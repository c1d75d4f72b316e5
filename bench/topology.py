"""Per-feature analysis stages (issue 24, part "topo"): the seconds of each stage of features_analyse over every
published vector version of the loaded region, best of N runs, each inside a transaction that is rolled back.

    .venv/bin/python bench/topology.py [--runs 3]

Prints per stage the best and the median seconds and the total, with the machine's load average. The stages since
issue 24 are prepare, reach, matching, snapping, topology, downstream (the corridor trace), corridors,
transboundary; before it, matching and snapping did not exist and downstream also set the countries. Leaves the
region as it found it."""

import argparse
import os
import statistics

import _django

_django.setup()

from django.db import transaction

from hazards.analysis.features import features_analyse
from hazards.models import HazardType, Layer


class Rollback(Exception):
    """Raised to roll the run back."""


def versions() -> list[int]:
    published = Layer.objects.filter(published_version__isnull=False, kind=Layer.Kind.VECTOR).exclude(
        hazard_type__code=HazardType.CONTEXT)
    return sorted(published.values_list("published_version_id", flat=True))


def one_run(ids: list[int]) -> dict:
    timings: dict = {}
    try:
        with transaction.atomic():
            features_analyse(ids, timings)
            raise Rollback
    except Rollback:
        pass
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    ids = versions()
    results = [one_run(ids) for _ in range(runs)]
    print(f"versions: {len(ids)}; runs: {runs}; load average before/after: see below")
    for stage in results[0]:
        values = [result[stage] for result in results]
        print(f"{stage:14s} best {min(values):7.2f} s  median {statistics.median(values):7.2f} s")
    totals = [sum(result.values()) for result in results]
    print(f"{'total':14s} best {min(totals):7.2f} s  median {statistics.median(totals):7.2f} s")
    print("load average:", " ".join(f"{value:.2f}" for value in os.getloadavg()))


if __name__ == "__main__":
    main()
