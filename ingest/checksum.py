"""One streaming checksum for files of any size (read in 1 MiB blocks, never whole into memory)."""

import hashlib
from pathlib import Path


def file_checksum(path: Path, extra: str = "") -> str:
    """SHA-256 of the file's bytes (and of `extra`, such as the filter a layer applies to a shared file)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    digest.update(extra.encode())
    return digest.hexdigest()
