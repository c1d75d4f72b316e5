"""What the events register (fixtures/events, issue 24) adds to loading the region and to its analysis.

    ATLAS_DB_NAME=<a database holding the loaded region> .venv/bin/python bench/event_register.py

(a) deleting the register's four layers (those the database has) and the analysis that follows (the region
without them); (b) loading them again (region.loader.layer_load: ingest and publish of each), what `load_region`
adds; (c) the analysis after that load (what `load_region` runs next). Prints seconds. Changes the database it is
given: run it on a copy (e.g. CREATE DATABASE … TEMPLATE the test database)."""

import time

import _django

_django.setup()

from hazards.analysis.service import analysis_recompute
from hazards.models import Layer
from hazards.services.layers import layer_delete
from region.catalogue import LAYERS
from region.loader import layer_load

SPECS = [spec for spec in LAYERS if spec.file.endswith("events/events.csv")]
SLUGS = [spec.slug for spec in SPECS]


def timed(step) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def main() -> None:
    removed = timed(lambda: [layer_delete(layer=layer) for layer in Layer.objects.filter(slug__in=SLUGS)])
    forget = timed(analysis_recompute)
    loading = timed(lambda: [layer_load(spec) for spec in SPECS])
    queued = timed(analysis_recompute)
    print(f"deleting the register's 4 layers {removed:.1f} s, the analysis after that {forget:.1f} s; loading "
          f"them again {loading:.1f} s (ingest and publish), the analysis after that {queued:.1f} s")


if __name__ == "__main__":
    main()
