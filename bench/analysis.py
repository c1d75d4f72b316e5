"""Analysis benchmark: full recomputation (reach, downstream, levels, exposure) over the loaded region plus a
200,000-feature synthetic layer (made by bench/serve.py or here). Prints seconds per stage and per 100,000 features.

    .venv/bin/python bench/analysis.py"""

import sys

import _django

_django.setup()

from _layers import synthetic_layer

from hazards.analysis.service import analysis_recompute
from hazards.models import Feature, Layer


def main() -> None:
    synthetic_layer()
    versions = Layer.objects.filter(published_version__isnull=False, kind="vector").exclude(
        hazard_type__code="context").values_list("published_version_id", flat=True)
    features = Feature.objects.filter(version_id__in=list(versions)).count()
    timings = analysis_recompute()
    print(f"{features} hazard features analysed")
    for stage, seconds in timings.items():
        print(f"{stage:<12}{seconds:>8.1f} s{seconds / features * 100_000:>10.1f} s per 100,000 features")


if __name__ == "__main__":
    sys.exit(main())
