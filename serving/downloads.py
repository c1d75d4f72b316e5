"""Layer downloads: one small class per format, files made once per (immutable) version by ogr2ogr from
PostGIS and kept as media under exports/ (hazards.media). Every download carries the layer's licence and attribution.

Spreadsheet-like formats (CSV) escape formula cells, OWASP's rule against CSV injection: a text cell or column name
starting with =, +, -, @, a tab or a carriage return gets a leading ' (numbers stay numbers, negatives included)."""

import os
import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.utils import timezone

from hazards.i18n import localized
from hazards.media import export_file_name, media_exists, media_writing
from hazards.models import Layer

from .published import published_version

OGR_TYPES = {"int": "bigint", "float": "double precision", "bool": "boolean"}


@dataclass(frozen=True)
class DownloadFormat:
    key: str
    driver: str
    suffix: str  # of the data file
    media_type: str
    archive: str | None = None  # zip the data with LICENCE.txt into a file with this suffix
    options: tuple[str, ...] = ()
    kind: str = Layer.Kind.VECTOR
    escape_formulas: bool = False  # opened by spreadsheets: text cells must not start a formula
    revision: str = ""  # a new value files the format's exports afresh (those made before a fix of the format)


FORMATS = {f.key: f for f in [
    DownloadFormat("gpkg", "GPKG", ".gpkg", "application/geopackage+sqlite3"),
    DownloadFormat("shp", "ESRI Shapefile", ".shp", "application/zip", archive=".zip",
                   options=("-lco", "ENCODING=UTF-8")),
    DownloadFormat("csv", "CSV", ".csv", "application/zip", archive=".zip",
                   options=("-lco", "GEOMETRY=AS_WKT", "-lco", "WRITE_BOM=YES"), escape_formulas=True,
                   revision="escaped"),
    DownloadFormat("kml", "KML", ".kml", "application/vnd.google-earth.kmz", archive=".kmz"),
    DownloadFormat("geojson", "GeoJSON", ".geojson", "application/geo+json"),
    DownloadFormat("tif", "COG", ".tif", "image/tiff; application=geotiff; profile=cloud-optimized",
                   kind=Layer.Kind.RASTER),
]}


def download_formats(layer: Layer) -> list[str]:
    return [key for key, fmt in FORMATS.items() if fmt.kind == layer.kind]


def licence_text(layer: Layer) -> str:
    version = published_version(layer)
    return "\n".join([
        f"{localized(layer, 'title')} ({layer.slug}), version {version.number}",
        f"Published: {version.published_at:%Y-%m-%d}" if version.published_at else "",
        f"Source: {layer.source}", f"Licence: {layer.licence}", f"Attribution: {layer.attribution}",
        f"Downloaded from the Central Asia Hazards Atlas on {timezone.now():%Y-%m-%d}.", "",
        localized(layer, "description"), "",
    ])


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_SQL = "CASE WHEN ({value}) ~ '^[-=+@\\t\\r]' THEN '''' || ({value}) ELSE ({value}) END"


def _formula_escaped(name: str) -> str:
    return "'" + name if name.startswith(FORMULA_START) else name


def _columns(layer: Layer, *, escape_formulas: bool = False) -> str:
    """SELECT list: fid, geometry, each source attribute typed as in the source, then the atlas's own; with
    `escape_formulas`, text cells and names that would start a spreadsheet formula get a leading '."""
    columns = ["f.fid", "f.geom"]
    for name, dtype in (published_version(layer).fields or {}).items():
        sql_type = next((t for prefix, t in OGR_TYPES.items() if dtype.startswith(prefix)), "text")
        literal = connection.ops.quote_name(_formula_escaped(name) if escape_formulas else name)
        key = "'" + name.replace("'", "''") + "'"
        value = f"f.properties ->> {key}"
        if sql_type != "text":
            typed = f"jsonb_typeof(f.properties -> {key}) IN ('number', 'boolean')"
            value = f"CASE WHEN {typed} THEN ({value})::{sql_type} END"
        elif escape_formulas:
            value = FORMULA_SQL.format(value=value)
        columns.append(f"{value} AS {literal}")
    columns += ["f.hazard_level", "array_to_string(f.countries, ',') AS countries", "f.transboundary"]
    return ", ".join(columns)


def _pg_source() -> tuple[str, dict]:
    """The libpq connection string for ogr2ogr and the environment carrying the password."""
    s = connection.settings_dict
    parts = {"host": s.get("HOST"), "port": s.get("PORT"), "dbname": s["NAME"], "user": s.get("USER")}
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return "PG:" + " ".join(f"{k}={v}" for k, v in parts.items() if v), env


def export_name(layer: Layer, fmt: DownloadFormat) -> str:
    """The media name of this layer's published version in `fmt`, made on first use (hazards.media)."""
    version = published_version(layer)
    if fmt.kind == Layer.Kind.RASTER:
        return version.raster_path  # the COG itself, tagged with licence at ingest
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", f"{layer.slug}-v{version.number}")
    folder = f"{fmt.key}-{fmt.revision}" if fmt.revision else fmt.key
    stored = export_file_name(version.pk, folder, f"{name}{fmt.archive or fmt.suffix}")
    if not media_exists(stored):
        with media_writing(stored) as target:
            _export(layer, fmt, name, target)
    return stored


def _export(layer: Layer, fmt: DownloadFormat, name: str, target: Path) -> None:
    """Write the file at `target` in a temporary folder beside it, then move it there in one step."""
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        data = Path(work) / f"{name}{fmt.suffix}"
        _ogr2ogr(layer, fmt, data)
        if fmt.archive:
            packed = Path(work) / target.name
            with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
                for part in sorted(Path(work).glob(f"{name}*.*")):
                    if part != packed:
                        archive.write(part, "doc.kml" if fmt.key == "kml" else part.name)
                archive.writestr("LICENCE.txt", licence_text(layer))
            os.replace(packed, target)
        else:
            os.replace(data, target)


FAMILIES = {"points": (0, ("Point", "MultiPoint")), "lines": (1, ("LineString", "MultiLineString")),
            "polygons": (2, ("Polygon", "MultiPolygon"))}


def _ogr2ogr(layer: Layer, fmt: DownloadFormat, out: Path) -> None:
    """Write the layer's features to `out`. A Shapefile holds one geometry family, so a layer mixing points,
    lines and polygons becomes one Shapefile per family (name_points.shp …)."""
    version = published_version(layer)
    columns = _columns(layer, escape_formulas=fmt.escape_formulas)
    base = f"SELECT {columns} FROM hazards_feature f WHERE f.version_id = {int(version.pk)}"
    if fmt.key != "shp":
        _run(layer, fmt, out, f"{base} ORDER BY f.fid", "GEOMETRY")
        return
    present = [name for name, (_, types) in FAMILIES.items() if set(types) & set(version.geometry_types)]
    for name in present:
        dimension = FAMILIES[name][0]
        target = out if len(present) == 1 else out.with_name(f"{out.stem}_{name}{out.suffix}")
        sql = f"{base} AND ST_Dimension(f.geom) = {dimension} ORDER BY f.fid"
        _run(layer, fmt, target, sql, "PROMOTE_TO_MULTI")


def _run(layer: Layer, fmt: DownloadFormat, out: Path, sql: str, geometry_type: str) -> None:
    source, env = _pg_source()
    metadata = []
    if fmt.key == "gpkg":
        metadata = ["-lco", f"DESCRIPTION={licence_text(layer)}", "-lco", "FID=fid",
                    "-mo", f"LICENCE={layer.licence}", "-mo", f"ATTRIBUTION={layer.attribution}"]
    command = ["ogr2ogr", "-f", fmt.driver, str(out), source, "-sql", sql, "-nln", out.stem,
               "-nlt", geometry_type, *fmt.options, *metadata]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=3600)
    if result.returncode != 0 or not out.exists():
        raise RuntimeError(f"ogr2ogr failed for {layer.slug} as {fmt.key}: {result.stderr.strip()[-500:]}")
