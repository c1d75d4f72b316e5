"""Writes the upload test corpus from the region's real data (fixtures/region). Run from the checkout:

    .venv/bin/python tests/data/uploads/make_corpus.py

Good files carry real places and events in the encodings and coordinate systems ministries really use; bad
files are the ways uploads really go wrong. The files are committed; this script documents how they were made.
"""

import io
import json
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import rasterio
import shapely
from rasterio.transform import from_origin

HERE = Path(__file__).resolve().parent
REGION = HERE.parents[2] / "fixtures" / "region"
GOOD, BAD = HERE / "good", HERE / "bad"

# Real towns (GeoNames positions) with their Russian and Kazakh names.
TOWNS = [("Алматы", "Алматы", 76.92861, 43.25667), ("Талдыкорган", "Талдықорған", 78.37389, 45.01556),
         ("Усть-Каменогорск", "Өскемен", 82.61444, 49.97143), ("Шымкент", "Шымкент", 69.59601, 42.3),
         ("Караганда", "Қарағанды", 73.10208, 49.80187)]


def towns(crs=4326) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame({"name_ru": [t[0] for t in TOWNS], "name_kk": [t[1] for t in TOWNS],
                              "pop_k": [2228, 151, 374, 1100, 497]},
                             geometry=[shapely.Point(t[2], t[3]) for t in TOWNS], crs=4326)
    return frame.to_crs(crs)


class LegacyZipInfo(zipfile.ZipInfo):
    """A member whose name is stored in CP866 without the UTF-8 flag, as Windows' own zip tool does."""

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's name)
        return self.filename.encode("cp866"), self.flag_bits & ~0x800


def zip_folder(folder: Path, target: Path, legacy_names: bool = False) -> None:
    """Zip `folder` (with the folder itself as the top directory)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = str(path.relative_to(folder.parent))
                info = LegacyZipInfo(name) if legacy_names else zipfile.ZipInfo(name)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())


def shapefile(frame, folder: Path, name: str, encoding: str, cpg: bool = True, prj: bool = True) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pyogrio.write_dataframe(frame, folder / f"{name}.shp", encoding=encoding)
    if not cpg:
        (folder / f"{name}.cpg").unlink()
    if not prj:
        (folder / f"{name}.prj").unlink()


def good(tmp: Path) -> None:
    # CP1251 Shapefile in Pulkovo 1942 / Gauss-Kruger zone 13, no .cpg, Cyrillic names of folder and file,
    # zipped by a Windows tool (member names in CP866).
    shapefile(towns(28413)[["name_ru", "pop_k", "geometry"]], tmp / "Города" / "ВКО", "населённые_пункты",
              "cp1251", cpg=False)
    zip_folder(tmp / "Города", GOOD / "towns_cp1251_pulkovo_nocpg.zip", legacy_names=True)
    # Kazakh names in UTF-8 with a .cpg, a Cyrillic field name, UTM zone 43N.
    kk = towns(32643).rename(columns={"name_kk": "атауы"})[["атауы", "name_ru", "geometry"]]
    shapefile(kk, tmp / "kazakh", "елді_мекендер", "UTF-8")
    zip_folder(tmp / "kazakh", GOOD / "towns_kazakh_utf8_utm43.zip")
    for encoding in ("CP866", "KOI8-R"):
        shapefile(towns(4326)[["name_ru", "geometry"]], tmp / encoding, "towns", encoding, cpg=False)
        zip_folder(tmp / encoding, GOOD / f"towns_{encoding.lower().replace('-', '')}_nocpg.zip")
    for zone in (40, 41, 42, 44, 45):
        towns(32600 + zone)[["name_ru", "geometry"]].to_file(GOOD / f"towns_utm{zone}n.geojson", driver="GeoJSON",
                                                            RFC7946="NO")
    # A GeoPackage with two layers in Web Mercator: mudflow events and dams of Kyrgyzstan.
    glof = pyogrio.read_dataframe(REGION / "hmaglofdb_glof_events_ca.geojson",
                                  where="Country = 'Kyrgyzstan' AND Impact_type = 'Deposit'")
    dams = pyogrio.read_dataframe(REGION / "wri_gppd_v1_2_power_plants_ca.geojson",
                                  where="country = 'KGZ' AND primary_fuel = 'Hydro'")
    pyogrio.write_dataframe(glof.to_crs(3857)[["GF_ID", "Year_exact", "Lake_name", "River_Basin", "geometry"]],
                            GOOD / "kyrgyzstan_two_layers.gpkg", layer="mudflows")
    pyogrio.write_dataframe(dams.to_crs(3857)[["name", "capacity_mw", "geometry"]],
                            GOOD / "kyrgyzstan_two_layers.gpkg", layer="dams", append=True)
    glof[["GF_ID", "Lake_name", "Lives_total", "geometry"]].to_file(GOOD / "kyrgyzstan_mudflows.geojson",
                                                                     driver="GeoJSON")
    # KML and KMZ of the Kyrgyz dams.
    dams[["name", "capacity_mw", "geometry"]].to_file(tmp / "doc.kml", driver="KML")
    shutil.copy(tmp / "doc.kml", GOOD / "kyrgyz_dams.kml")
    with zipfile.ZipFile(GOOD / "kyrgyz_dams.kmz", "w", zipfile.ZIP_DEFLATED) as kmz:
        kmz.write(tmp / "doc.kml", "doc.kml")
    # CSVs: semicolon with Russian column names in CP1251; comma with a WKT column.
    rows = ["название;долгота;широта;население_тыс"] + [f"{t[0]};{t[2]};{t[3]};{p}" for t, p in
                                                      zip(TOWNS, [2228, 151, 374, 1100, 497], strict=True)]
    (GOOD / "towns_semicolon_cp1251.csv").write_bytes("\r\n".join(rows).encode("cp1251"))
    rivers = pyogrio.read_dataframe(REGION / "ne_10m_rivers_lake_centerlines_ca.geojson",
                                    where="name IN ('Naryn', 'Chu', 'Talas')")
    lines = ["name,wkt"] + [f'{r.name},"{shapely.to_wkt(r.geometry, rounding_precision=5)}"' for r in
                            rivers.itertuples()]
    (GOOD / "rivers_wkt.csv").write_text("\n".join(lines), encoding="utf-8")
    # A GeoTIFF in UTM 42N with nodata: earthquake counts around Tashkent from the density raster.
    with rasterio.open(REGION / "derived" / "emca_event_density_025deg.tif") as src:
        window = rasterio.windows.from_bounds(68, 40, 72, 43, src.transform)
        data = src.read(1, window=window)
        transform = src.window_transform(window)
        profile = {**src.profile, "width": data.shape[1], "height": data.shape[0], "transform": transform}
    with rasterio.open(tmp / "geo.tif", "w", **profile) as out:
        out.write(data, 1)
    with rasterio.open(tmp / "geo.tif") as src, rasterio.vrt.WarpedVRT(src, crs="EPSG:32642") as vrt:
        arr = vrt.read(1)
        utm_profile = {"driver": "GTiff", "width": vrt.width, "height": vrt.height, "count": 1, "dtype": "uint16",
                       "crs": "EPSG:32642", "transform": vrt.transform, "nodata": 0, "compress": "deflate"}
    with rasterio.open(GOOD / "seismic_counts_utm42.tif", "w", **utm_profile) as out:
        out.write(arr, 1)


def bad(tmp: Path) -> None:
    points = GOOD / "kyrgyzstan_mudflows.geojson"
    with zipfile.ZipFile(BAD / "path_escapes.zip", "w") as archive:
        archive.writestr("../../escaped.geojson", points.read_bytes())
    with zipfile.ZipFile(BAD / "link.zip", "w") as archive:
        info = zipfile.ZipInfo("towns.geojson")
        info.external_attr = (0o120777 << 16)
        archive.writestr(info, "/etc/passwd")
    with zipfile.ZipFile(BAD / "too_many_members.zip", "w") as archive:
        for i in range(1001):
            archive.writestr(f"part_{i}.txt", "")
    with zipfile.ZipFile(BAD / "zip_bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.geojson", b"\0" * (100 * 1024**2))
    with zipfile.ZipFile(BAD / "no_geodata.zip", "w") as archive:
        archive.writestr("readme.txt", "Карта будет позже.")
    shapefile(towns()[["name_ru", "geometry"]], tmp / "parts", "towns", "UTF-8")
    for missing in (".shx", ".dbf", ".shp"):
        with zipfile.ZipFile(BAD / f"shapefile_without_{missing[1:]}.zip", "w") as archive:
            for part in (tmp / "parts").iterdir():
                if part.suffix != missing:
                    archive.write(part, part.name)
    shapefile(towns()[["name_ru", "geometry"]], tmp / "noprj", "towns", "UTF-8", prj=False)
    zip_folder(tmp / "noprj", BAD / "shapefile_without_crs.zip")
    gpkg = (GOOD / "kyrgyzstan_two_layers.gpkg").read_bytes()
    (BAD / "truncated.gpkg").write_bytes(gpkg[: len(gpkg) // 3])
    (BAD / "truncated.geojson").write_bytes(points.read_bytes()[:500])
    (BAD / "truncated.kml").write_bytes((GOOD / "kyrgyz_dams.kml").read_bytes()[:400])
    zipped = (GOOD / "towns_kazakh_utf8_utm43.zip").read_bytes()
    (BAD / "truncated.zip").write_bytes(zipped[: len(zipped) // 2])
    tif = (GOOD / "seismic_counts_utm42.tif").read_bytes()
    (BAD / "truncated.tif").write_bytes(tif[:300])
    png = io.BytesIO()
    with rasterio.open(png, "w", driver="PNG", width=4, height=4, count=1, dtype="uint8") as out:
        out.write(np.zeros((1, 4, 4), "uint8"))
    (BAD / "picture_renamed.geojson").write_bytes(png.getvalue())
    (BAD / "text_renamed.gpkg").write_text("Это не GeoPackage, а текст.", encoding="utf-8")
    (BAD / "empty.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    (BAD / "no_coordinates.csv").write_text("название,население\nАлматы,2228\n", encoding="utf-8")
    with rasterio.open(BAD / "raster_without_crs.tif", "w", driver="GTiff", width=8, height=8, count=1,
                       dtype="uint8", transform=from_origin(0, 8, 1, 1)) as out:
        out.write(np.ones((1, 8, 8), "uint8"))
    wrong = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4326"}}, "features": [
        {"type": "Feature", "properties": {"n": 1}, "geometry": {"type": "Point", "coordinates": [76.9, 43.2]}},
        {"type": "Feature", "properties": {"n": 2}, "geometry": {"type": "Point", "coordinates": [8562000, 5350000]}},
    ]}
    (BAD / "coordinates_out_of_range.geojson").write_text(json.dumps(wrong))


CENTRAL_ASIA_ALBERS = ("+proj=aea +lat_0=30 +lon_0=68 +lat_1=35 +lat_2=50 +x_0=0 +y_0=0 +datum=WGS84 +units=m "
                      "+no_defs")


def albers(tmp: Path) -> None:
    """Equal-area projections whose definitions are long WKT: a Shapefile in a custom Albers for Central Asia
    and a GeoPackage in ESRI:102025 (Asia North Albers Equal Area Conic)."""
    shapefile(towns(CENTRAL_ASIA_ALBERS)[["name_ru", "pop_k", "geometry"]], tmp / "albers", "towns_albers", "UTF-8")
    zip_folder(tmp / "albers", GOOD / "towns_albers_shp.zip")
    pyogrio.write_dataframe(towns("ESRI:102025")[["name_ru", "geometry"]], GOOD / "towns_albers_102025.gpkg",
                            layer="towns")


def main() -> None:
    import tempfile

    for folder in (GOOD, BAD):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        good(Path(tmp))
        albers(Path(tmp))
        bad(Path(tmp))
    for path in sorted(GOOD.iterdir()) + sorted(BAD.iterdir()):
        print(f"{path.relative_to(HERE)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
