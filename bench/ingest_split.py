"""Where the confined read's time goes, without the database: the same file read in this process as the child
reads it (pyogrio Arrow batches → shapely, ingest.formats), then each batch encoded as the child sends it (JSON +
WKB, ingest.child.batch_encode) and decoded as the parent receives it (batch_decode), each step timed alone.
Before the reader was confined, "read" was the whole of the pipeline's read stage; now the parent's read stage is
the child's read + encode (overlapping the parent's own prepare and COPY of the previous batch, a pipe apart) plus
the transfer and the decode, which the parent waits for.

    .venv/bin/python bench/ingest_split.py [--features 500000]

Run on request; never part of the test suite."""

import argparse
import time

from _data import synthetic


def main() -> None:
    import _django

    _django.setup()
    from ingest.child import batch_decode, batch_encode
    from ingest.formats import reader_class_for

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=500_000)
    parser.add_argument("--size", type=int, default=50_000, help="features per batch (ATLAS_INGEST_CHUNK_SIZE)")
    args = parser.parse_args()
    print(f"{'file':<8}{'read s':>8}{'encode s':>10}{'decode s':>10}{'MiB sent':>10}  (of decode: JSON, WKB)")
    for path in synthetic(args.features):
        reader = reader_class_for(path)(path)
        reader.info()
        read = encode = decode = json_s = 0.0
        sent = 0
        batches = reader.batches(args.size)
        while True:
            started = time.perf_counter()
            batch = next(batches, None)
            read += time.perf_counter() - started
            if batch is None:
                break
            started = time.perf_counter()
            payload = batch_encode(batch)
            encode += time.perf_counter() - started
            sent += len(payload)
            started = time.perf_counter()
            batch_decode(payload)
            decode += time.perf_counter() - started
            json_s += _json_only(payload)
        reader.close()
        print(f"{path.suffix:<8}{read:>8.1f}{encode:>10.1f}{decode:>10.1f}{sent / 2**20:>10.0f}"
              f"  ({json_s:.1f}, {decode - json_s:.1f})")


def _json_only(payload: bytes) -> float:
    import orjson

    from ingest.child import HEADER

    (length,) = HEADER.unpack_from(payload)
    started = time.perf_counter()
    orjson.loads(payload[HEADER.size:HEADER.size + length])
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
