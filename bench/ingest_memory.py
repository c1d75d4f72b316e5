"""Peak memory of the ingest pipeline against the file's size: the same synthetic points (bench/_data.points) at
growing counts, each loaded by ingest_file in a fresh child process into a scratch layer that is deleted afterwards.
Since the file is read in a confined child of its own (ingest.confined), a load has two peaks: the loading
process's (prepare, COPY, finish; its VmHWM from /proc/self/status — getrusage's ru_maxrss survives exec, so it
would report the peak of this script, the one that generated a big file) and the reading child's (its ru_maxrss,
sent back in its last message: bench/_peak). "sum" adds them: an upper bound of what the load holds at once (the
two run side by side, a batch ahead of each other). The fork server's own peak is printed too. Flat means the
batches bound the memory, not the file. A count above the upload's feature limit (ATLAS_UPLOAD_MAX_FEATURES, 1,000,000
by default) raises the limit to that count for the loading process: the limit is policy, not what is measured.

    .venv/bin/python bench/ingest_memory.py [--counts 100000 500000 2000000]

Run on request; never in the test suite."""

import argparse
import json
import os
import subprocess
import sys
import time

from _data import points

SLUG = "bench-ingest-memory"


def peak_mib() -> float:
    """This process's peak resident memory (VmHWM), MiB."""
    from _peak import vmhwm_kib

    return vmhwm_kib() / 1024


def child(path: str) -> None:
    """In a fresh interpreter: load `path`, print seconds and peak RSS as JSON."""
    import _django

    _django.setup()
    import _peak

    from hazards.models import HazardType, Layer
    from ingest.pipeline import ingest_file

    _peak.install()
    layer, _ = Layer.objects.get_or_create(slug=SLUG, defaults={
        "title_ru": "Память", "title_en": "Memory bench", "hazard_type": HazardType.objects.get(code="seismic")})
    base = peak_mib()
    started = time.perf_counter()
    version = ingest_file(layer=layer, path=path)
    seconds = time.perf_counter() - started
    assert len(_peak.reader_peaks_kib) == 1, "the reading child did not report its peak"
    forkserver = _peak.forkserver_vmhwm_kib()
    print(json.dumps({"features": version.feature_count, "seconds": seconds, "base_mib": base,
                      "peak_mib": peak_mib(), "reader_mib": _peak.reader_peaks_kib[0] / 1024,
                      "forkserver_mib": forkserver / 1024 if forkserver else float("nan")}))


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
    print(f"{'points':>10}{'file MiB':>10}{'seconds':>9}{'start MiB':>11}{'loader MiB':>12}{'reader MiB':>12}"
          f"{'sum MiB':>9}{'forkserver MiB':>16}")
    try:
        for count in args.counts:
            path = points(count)
            limit = max(count, int(os.environ.get("ATLAS_UPLOAD_MAX_FEATURES", 1_000_000)))
            out = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True,
                                 env={**os.environ, "ATLAS_UPLOAD_MAX_FEATURES": str(limit)})
            if out.returncode:
                print(f"{count:>10,}  failed: {(out.stderr.strip().splitlines() or ['?'])[-1]}", flush=True)
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{r['features']:>10,}{path.stat().st_size / 2**20:>10.0f}{r['seconds']:>9.1f}"
                  f"{r['base_mib']:>11.0f}{r['peak_mib']:>12.0f}{r['reader_mib']:>12.0f}"
                  f"{r['peak_mib'] + r['reader_mib']:>9.0f}{r['forkserver_mib']:>16.0f}", flush=True)
    finally:
        clean()


if __name__ == "__main__":
    main()
