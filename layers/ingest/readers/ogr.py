"""Vector formats read through GDAL/OGR with pyogrio, streamed as Arrow batches (bounded memory)."""

from collections.abc import Iterator

import pyogrio
import shapely

from layers.ingest.errors import IngestError

from .base import Batch, Reader, SourceInfo


class OgrReader(Reader):
    """Any OGR vector source. The file's own encoding is honoured (a Shapefile's .cpg, GeoPackage's UTF-8)
    unless the uploader names one."""

    def _open_kwargs(self) -> dict:
        kwargs = {"layer": self.options.get("layer")}
        if self.options.get("encoding"):
            kwargs["encoding"] = self.options["encoding"]
        return kwargs

    def info(self) -> SourceInfo:
        try:
            meta = pyogrio.read_info(self.path, **self._open_kwargs())
        except pyogrio.errors.DataSourceError as exc:
            detail = f"{self.format}: the file cannot be read as {self.format} ({exc})"
            raise IngestError("unreadable_file", detail) from exc
        except pyogrio.errors.DataLayerError as exc:
            raise IngestError("unknown_layer", str(exc)) from exc
        fields = dict(zip(meta["fields"].tolist(), meta["dtypes"].tolist(), strict=True))
        return SourceInfo(
            format=self.format, crs=meta["crs"], encoding=self.options.get("encoding") or meta["encoding"],
            layer=meta["layer_name"], feature_count=meta["features"], fields=fields,
        )

    def batches(self, size: int) -> Iterator[Batch]:
        kwargs = self._open_kwargs()
        where = self.options.get("where")
        try:
            with pyogrio.open_arrow(self.path, batch_size=size, where=where, use_pyarrow=True,
                                    **kwargs) as (meta, reader):
                geometry_name = meta["geometry_name"] or "wkb_geometry"
                for record_batch in reader:
                    table = record_batch.to_pydict()
                    wkb = table.pop(geometry_name)
                    rows = [dict(zip(table, values, strict=True)) for values in zip(*table.values(), strict=True)]
                    yield Batch(geometries=shapely.from_wkb(wkb, on_invalid="warn"), properties=rows)
        except pyogrio.errors.DataSourceError as exc:
            raise IngestError("unreadable_file", f"{self.format}: reading failed ({exc})") from exc


class GeoJSONReader(OgrReader):
    format = "GeoJSON"
    suffixes = (".geojson", ".json")


class GeoPackageReader(OgrReader):
    format = "GeoPackage"
    suffixes = (".gpkg",)


class ShapefileReader(OgrReader):
    format = "Shapefile"
    suffixes = (".shp",)

    def info(self) -> SourceInfo:
        """As OGR reads it, but reporting the encoding the .cpg declares (OGR reports text after recoding)."""
        info = super().info()
        if not self.options.get("encoding"):
            cpg = next((p for p in self.path.parent.glob(f"{self.path.stem}.*") if p.suffix.lower() == ".cpg"), None)
            if cpg is not None:
                info.encoding = cpg.read_text(errors="replace").strip() or info.encoding
        return info
