"""Peak memory of the ingest pipeline against the file's size: the same synthetic points (bench/_data.points) at
growing counts, each loaded by ingest_file in a fresh child process into a scratch layer that is deleted afterwards.
The peak is the child's VmHWM (/proc/self/status): getrusage's ru_maxrss survives exec, so a child would report its
parent's peak (the one that generated a big file). Flat means the batches bound the memory, not the file.

    .venv/bin/python bench/ingest_memory.py [--counts 100000 500000 2000000]

Run on request; never in the test suite."""

import argparse
import json
import subprocess
import sys
import time

from _data import points

SLUG = "bench-ingest-memory"


def peak_mib() -> float:
    """This process's peak resident memory (VmHWM), MiB."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def child(path: str) -> None:
    """In a fresh interpreter: load `path`, print seconds and peak RSS as JSON."""
    import _django

    _django.setup()
    from hazards.models import HazardType, Layer
    from ingest.pipeline import ingest_file

    layer, _ = Layer.objects.get_or_create(slug=SLUG, defaults={
        "title_ru": "Память", "title_en": "Memory bench", "hazard_type": HazardType.objects.get(code="seismic")})
    base = peak_mib()
    started = time.perf_counter()
    version = ingest_file(layer=layer, path=path)
    print(json.dumps({"features": version.feature_count, "seconds": time.perf_counter() - started,
                      "base_mib": base, "peak_mib": peak_mib()}))


def clean() -> None:
    import _django

    _django.setup()
    from hazards.models import Layer
    from hazards.services.layers import layer_delete

    for layer in Layer.objects.filter(slug=SLUG):
        layer_delete(layer=layer)


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[100_000, 500_000, 2_000_000])
    args = parser.parse_args()
    print(f"{'points':>10}{'file MiB':>10}{'seconds':>9}{'start MiB':>11}{'peak MiB':>10}")
    try:
        for count in args.counts:
            path = points(count)
            out = subprocess.run([sys.executable, __file__, "--child", str(path)], check=True, capture_output=True,
                                 text=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{r['features']:>10,}{path.stat().st_size / 2**20:>10.0f}{r['seconds']:>9.1f}"
                  f"{r['base_mib']:>11.0f}{r['peak_mib']:>10.0f}", flush=True)
    finally:
        clean()


if __name__ == "__main__":
    main()
