"""Vector formats read through GDAL/OGR with pyogrio, streamed as Arrow batches (bounded memory)."""

import logging
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyogrio
import shapely
from django.utils.translation import gettext_noop

from ingest.encoding import CANDIDATES, NAMES, dbf_text_sample, detect_encoding
from ingest.errors import IngestError

from .base import Batch, Reader, SourceInfo
from .csv_columns import WKT_NAMES, CoordinateColumns, coordinate_columns, expected_names

log = logging.getLogger(__name__)
SAMPLE_BYTES = 1 << 16  # what a CSV's encoding and separator are guessed from
QUOTED = re.compile(rb'"[^"]*"')  # a quoted CSV value: its commas and semicolons do not separate


class OgrReader(Reader):
    """Any OGR vector source. The file's own encoding is honoured (a Shapefile's .cpg, GeoPackage's UTF-8)
    unless the uploader names one. A file with several layers needs the `layer` option."""

    def open_options(self) -> dict:
        return {}

    def _kwargs(self) -> dict:
        kwargs = {"layer": self.options.get("source_layer"), **self.open_options()}
        if self.options.get("encoding"):
            kwargs["encoding"] = self.options["encoding"]
        return kwargs

    def _check_layer_choice(self) -> None:
        try:
            layers = [name for name, _ in pyogrio.list_layers(self.path)]
        except pyogrio.errors.DataSourceError as exc:
            log.info("%s unreadable: %s", self.format, type(exc).__name__)
            raise IngestError("unreadable_file", gettext_noop("the file cannot be read as %(format)s"),
                              params={"format": self.format}) from exc
        wanted = self.options.get("source_layer")
        if wanted and wanted not in layers:
            raise IngestError("unknown_layer", gettext_noop("the file has no layer %(wanted)s; it has: %(layers)s"),
                              params={"wanted": wanted, "layers": ", ".join(layers)}, choices=layers)
        if not wanted and len(layers) > 1:
            raise IngestError("choose_layer", gettext_noop("the file holds %(count)s layers (%(layers)s); choose one "
                                                           "with the layer parameter"),
                              params={"count": len(layers), "layers": ", ".join(layers)}, choices=layers)
        if not layers:
            raise IngestError("no_features", gettext_noop("the file holds no layer"))

    def info(self) -> SourceInfo:
        self._check_layer_choice()
        try:
            meta = pyogrio.read_info(self.path, **self._kwargs())
        except pyogrio.errors.DataSourceError as exc:
            log.info("%s unreadable: %s", self.format, type(exc).__name__)
            raise IngestError("unreadable_file", gettext_noop("the file cannot be read as %(format)s"),
                              params={"format": self.format}) from exc
        fields = dict(zip(meta["fields"].tolist(), meta["dtypes"].tolist(), strict=True))
        return SourceInfo(
            format=self.format, crs=meta["crs"], encoding=self.options.get("encoding") or meta["encoding"],
            layer=meta["layer_name"], feature_count=meta["features"], fields=fields,
        )

    def batches(self, size: int) -> Iterator[Batch]:
        try:
            with pyogrio.open_arrow(self.path, batch_size=size, where=self.options.get("where"), use_pyarrow=True,
                                    **self._kwargs()) as (meta, reader):
                geometry_name = meta["geometry_name"] or "wkb_geometry"
                for record_batch in reader:
                    table = record_batch.to_pydict()
                    wkb = table.pop(geometry_name)
                    rows = [dict(zip(table, values, strict=True)) for values in zip(*table.values(), strict=True)]
                    rows = rows or [{} for _ in wkb]  # a file without attributes: one empty row per geometry
                    yield Batch(geometries=shapely.from_wkb(wkb, on_invalid="warn"), properties=rows)
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
            log.info("%s reading failed: %s", self.format, type(exc).__name__)
            raise IngestError("unreadable_file", gettext_noop("%(format)s: reading failed part-way; the file is "
                                                              "damaged or not what its name says"),
                              params={"format": self.format}) from exc


class GeoJSONReader(OgrReader):
    format = "GeoJSON"
    drivers = ("GeoJSON",)
    suffixes = (".geojson", ".json")


class GeoPackageReader(OgrReader):
    format = "GeoPackage"
    drivers = ("GPKG",)
    suffixes = (".gpkg",)
    content = "gpkg"


class KMLReader(OgrReader):
    """KML (and KML inside a KMZ, unpacked by the upload). KML is always WGS 84 longitude/latitude."""

    format = "KML"
    drivers = ("KML",)  # not LIBKML, which follows NetworkLinks
    suffixes = (".kml",)

    def info(self) -> SourceInfo:
        info = super().info()
        info.crs = info.crs or "EPSG:4326"
        return info


class ShapefileReader(OgrReader):
    """Honours the .cpg; without one, guesses among UTF-8, CP1251, CP866 and KOI8-R and says so."""

    format = "Shapefile"
    drivers = ("ESRI Shapefile",)
    suffixes = (".shp",)
    content = "shp"

    def _sibling(self, suffix: str):
        return next((p for p in self.path.parent.glob(f"{self.path.stem}.*") if p.suffix.lower() == suffix), None)

    def info(self) -> SourceInfo:
        warnings = []
        if not self.options.get("encoding"):
            cpg = self._sibling(".cpg")
            if cpg is not None and cpg.read_text(errors="replace").strip():
                self.options["encoding"] = cpg.read_text(errors="replace").strip()
            elif (dbf := self._sibling(".dbf")) is not None:
                encoding, how = detect_encoding(dbf_text_sample(dbf))
                self.options["encoding"] = encoding
                warnings.append(f"no .cpg file: attribute encoding {encoding} ({how}); "
                                "give the encoding parameter if the text looks wrong")
        info = super().info()
        info.warnings += warnings
        return info


class CSVReader(OgrReader):
    """CSV with coordinate columns (names in the region's languages, any case: ingest/formats/csv_columns.py) or a
    WKT column; comma or semicolon, decimal commas with semicolons. Coordinates are taken as WGS 84
    longitude/latitude unless `srid` says otherwise."""

    format = "CSV"
    drivers = ("CSV",)
    suffixes = (".csv",)
    columns = CoordinateColumns()

    def _sample(self) -> bytes:
        with open(self.path, "rb") as handle:
            return handle.read(SAMPLE_BYTES)

    def _separator(self) -> str:
        """Semicolon or comma: the one found the same number of times on each of the first lines (a comma inside
        a semicolon file's header or a decimal comma does not count), the more frequent one if both are, the
        semicolon on a tie (Excel's choice where the decimal sign is a comma)."""
        sample = self._sample()
        lines = sample.splitlines()[:6]
        lines = lines[:-1] if len(lines) > 1 and len(sample) == SAMPLE_BYTES else lines  # the last may be cut
        lines = [QUOTED.sub(b"", line) for line in lines if line.strip()] or [b""]
        counts = {sep: {line.count(sep) for line in lines} for sep in (b";", b",")}
        steady = {sep: next(iter(n)) if len(n) == 1 else 0 for sep, n in counts.items()}
        return "COMMA" if steady[b","] > steady[b";"] else "SEMICOLON"

    def open_options(self) -> dict:
        # GDAL matches these names ASCII-case-insensitively only: give it the file's own spelling.
        names = {"X_POSSIBLE_NAMES": self.columns.x, "Y_POSSIBLE_NAMES": self.columns.y,
                 "GEOM_POSSIBLE_NAMES": self.columns.wkt}
        return {**{key: name for key, name in names.items() if name}, "KEEP_GEOM_COLUMNS": "NO",
                "AUTODETECT_TYPE": "YES", "SEPARATOR": self._separator(), "EMPTY_STRING_AS_NULL": "YES"}

    def _to_utf8(self, encoding: str) -> None:
        """GDAL matches column names as UTF-8: read a UTF-8 copy of a CSV written in another encoding."""
        text = self.path.read_bytes().decode(encoding, errors="replace")
        handle, name = tempfile.mkstemp(suffix=".csv")
        with os.fdopen(handle, "w", encoding="utf-8") as copy:
            copy.write(text)
        self.original, self.path = self.path, Path(name)

    def close(self) -> None:
        if getattr(self, "original", None):
            self.path.unlink(missing_ok=True)
            self.path = self.original

    def _find_columns(self) -> None:
        """Find the coordinate columns among the headers GDAL reads (unquoted, trimmed, without a BOM)."""
        self._check_layer_choice()
        headers = pyogrio.read_info(self.path, SEPARATOR=self._separator())["fields"].tolist()
        self.columns = coordinate_columns(headers)
        if not self.columns.found():
            raise IngestError("no_coordinates", gettext_noop(
                "the CSV has no coordinate columns; its headers are: %(found)s; expected a longitude and a latitude "
                "column (%(expected)s) or a WKT column (%(wkt)s), in any case"),
                params={"found": ", ".join(headers) or "—", "expected": expected_names(),
                        "wkt": "/".join(WKT_NAMES)}, found=headers)

    def _encoding(self) -> str:
        """The uploader's encoding, else the detected one, unless only another Cyrillic code page makes the
        headers name coordinates (capitals in CP1251 read as KOI8-R's small letters, and the other way round)."""
        if self.options.get("encoding"):
            return self.options.pop("encoding")
        sample = self._sample()
        detected = detect_encoding(sample)[0]
        header = sample.split(b"\n", 1)[0]
        separator = ";" if self._separator() == "SEMICOLON" else ","
        for encoding in (detected, *(NAMES[c] for c in CANDIDATES)):
            headers = header.decode(encoding, errors="replace").split(separator)
            if encoding == "UTF-8" or coordinate_columns(headers).found():
                return encoding
        return detected

    def info(self) -> SourceInfo:
        encoding = self._encoding()
        if encoding.upper().replace("-", "") != "UTF8" and not getattr(self, "original", None):
            self._to_utf8(encoding)
        self._find_columns()
        info = super().info()
        info.encoding = encoding
        sample = pyogrio.read_dataframe(self.path, max_features=20, **self._kwargs())
        if "geometry" not in sample.columns or sample["geometry"].isna().all():
            raise IngestError("no_coordinates", gettext_noop(
                "the CSV's coordinate columns %(columns)s hold no readable coordinates in its first rows"),
                params={"columns": ", ".join(filter(None, (self.columns.x, self.columns.y, self.columns.wkt)))})
        info.warnings.append(f"CSV read with {self._separator().lower()} as separator and {encoding} text")
        if not info.crs and not self.options.get("srid"):
            info.crs = "EPSG:4326"
            info.warnings.append("the CSV does not state a coordinate system: WGS 84 longitude/latitude assumed")
        return info
