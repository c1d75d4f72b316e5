"""What every reader gives the ingest pipeline: a description (format, CRS, encoding, fields; a raster's bands,
extent and statistics) and, for a vector file, batches of rows in the source CRS. Readers never write what is kept:
the pipeline (ingest.pipeline) makes the version, stores media and publishes."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np


@dataclass
class Batch:
    """A slice of the source: shapely geometries (None where missing) and one dict of attributes per row."""

    geometries: np.ndarray
    properties: list[dict]


@dataclass
class SourceInfo:
    format: str
    crs: str | None
    encoding: str
    layer: str
    feature_count: int | None
    fields: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class Reader:
    """One input format. Subclasses set `format`, `suffixes`, the `content` its files must sniff as
    (formats.detect), the GDAL `drivers` allowed to open it and the layer `kind` it makes, and implement `info`
    and, by kind, `batches` (vector) or `convert` (raster: a COG in the child's scratch folder, and its
    description). Readers only read; they run in the confined child process (ingest.child), which has no settings
    and no database.

    `options` carries what the uploader may override: `encoding`, `layer`, `where` (an attribute filter).
    """

    format: str = ""
    suffixes: tuple[str, ...] = ()
    content: str = "text"
    kind: str = "vector"
    drivers: tuple[str, ...] = ()  # the GDAL drivers that may open it: never GDAL's own guess

    def __init__(self, path: Path, **options):
        self.path = Path(path)
        self.options = options

    def info(self) -> SourceInfo:
        raise NotImplementedError

    def batches(self, size: int) -> Iterator[Batch]:
        raise NotImplementedError

    def convert(self, *, target: Path, srid: int | None, tags: dict, max_pixels: int) -> dict:
        raise NotImplementedError

    def close(self) -> None:
        """Remove whatever the reader made on the side (a converted copy, …)."""
