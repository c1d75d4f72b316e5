"""Vector formats read through GDAL/OGR with pyogrio, streamed as Arrow batches (bounded memory)."""

import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyogrio
import shapely
from django.utils.translation import gettext_noop

from ingest.encoding import dbf_text_sample, detect_encoding
from ingest.errors import IngestError

from .base import Batch, Reader, SourceInfo

log = logging.getLogger(__name__)


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
    """CSV with coordinate columns (common English and Russian names) or a WKT column; comma or semicolon.
    Coordinates are taken as WGS 84 longitude/latitude unless `srid` says otherwise."""

    format = "CSV"
    drivers = ("CSV",)
    suffixes = (".csv",)
    X_NAMES = "lon,lng,long,longitude,x,долгота,dolgota,lon_dd,longitude_dd,восточная_долгота"
    Y_NAMES = "lat,latitude,y,широта,shirota,lat_dd,latitude_dd,северная_широта"
    WKT_NAMES = "wkt,geometry,geom,the_geom,геометрия"

    def _sample(self) -> bytes:
        with open(self.path, "rb") as handle:
            return handle.read(1 << 16)

    def open_options(self) -> dict:
        first_line = self._sample().split(b"\n", 1)[0]
        separator = "SEMICOLON" if first_line.count(b";") > first_line.count(b",") else "COMMA"
        return {"X_POSSIBLE_NAMES": self.X_NAMES, "Y_POSSIBLE_NAMES": self.Y_NAMES,
                "GEOM_POSSIBLE_NAMES": self.WKT_NAMES, "KEEP_GEOM_COLUMNS": "NO", "AUTODETECT_TYPE": "YES",
                "SEPARATOR": separator, "EMPTY_STRING_AS_NULL": "YES"}

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

    def info(self) -> SourceInfo:
        encoding = self.options.pop("encoding", None) or detect_encoding(self._sample())[0]
        if encoding.upper().replace("-", "") != "UTF8" and not getattr(self, "original", None):
            self._to_utf8(encoding)
        info = super().info()
        info.encoding = encoding
        sample = pyogrio.read_dataframe(self.path, max_features=20, **self._kwargs())
        if "geometry" not in sample.columns or sample["geometry"].isna().all():
            raise IngestError("no_coordinates", gettext_noop("the CSV has no coordinate columns (lon/lat, x/y, "
                                                             "долгота/широта) and no WKT column"))
        separator = self.open_options()["SEPARATOR"].lower()
        info.warnings.append(f"CSV read with {separator} as separator and {encoding} text")
        if not info.crs and not self.options.get("srid"):
            info.crs = "EPSG:4326"
            info.warnings.append("the CSV does not state a coordinate system: WGS 84 longitude/latitude assumed")
        return info
