"""Seismic stage benchmark (issue 24): the probabilistic model's steps and the whole seismic rule on the loaded region.

    .venv/bin/python bench/seismic.py [--repeat 3]

Times, for the public audience, inside one transaction that is rolled back (nothing is stored):
(a) reading the catalogue, the rounded positions' spread points and the fault cells;
(b) the model's grid (declustering, rates, FFT hazard curves, 475-year intensities) from the catalogue;
(c) the cells of every unit (SQL over unit_parts);
(d) the whole seismic rule as the analysis runs it (levels_refresh of the seismic hazard type: model, recorded events,
    inheritance, rows written). Prints the best and the median of `--repeat` runs of each."""

import argparse
import statistics
import time

import _django

_django.setup()

from django.db import connection, transaction

from hazards.analysis import seismic
from hazards.analysis.audience import AUDIENCE_FEATURES, audience_view_set
from hazards.analysis.levels import levels_refresh, prepare_units
from hazards.models import Audience, HazardType


def timed(step) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def one_run() -> dict[str, float]:
    times = {}
    with transaction.atomic(), connection.cursor() as cursor:
        prepare_units(cursor)
        audience_view_set(cursor, Audience.PUBLIC)
        holder = {}
        times["(a) read catalogue, spread, faults"] = timed(lambda: holder.update(
            cat=seismic._catalogue(cursor, AUDIENCE_FEATURES),
            spread=seismic.catalogue_spread(cursor, AUDIENCE_FEATURES),
            faults=seismic._fault_mask(cursor, AUDIENCE_FEATURES)))
        times["(b) model grid (with its reads)"] = timed(lambda: seismic.hazard_grid(cursor, AUDIENCE_FEATURES))
        times["(c) unit cells"] = timed(lambda: seismic._unit_cells(cursor))
        times["(d) whole seismic rule (levels_refresh)"] = timed(
            lambda: levels_refresh(hazard=HazardType.SEISMIC, audience=Audience.PUBLIC))
        transaction.set_rollback(True)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = [one_run() for _ in range(args.repeat)]
    for name in runs[0]:
        values = [run[name] for run in runs]
        print(f"{name:<44} best {min(values):6.2f} s   median {statistics.median(values):6.2f} s")


if __name__ == "__main__":
    main()
