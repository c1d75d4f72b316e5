"""Synthetic files for the benchmarks, generated once from fixed seeds and cached in .state/bench (no Django)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".state" / "bench"


def synthetic(n: int):
    """N hexagon-ish polygons (about 2 km across) scattered over lon 50..85, lat 37..55, with attributes:
    (GeoPackage, Shapefile)."""
    import geopandas as gpd
    import numpy as np
    import pyogrio
    import shapely

    gpkg, shp = CACHE / f"polygons_{n}.gpkg", CACHE / f"polygons_{n}" / "polygons.shp"
    if gpkg.exists() and shp.exists():
        return gpkg, shp
    rng = np.random.default_rng(42)
    lon, lat = rng.uniform(50, 85, n), rng.uniform(37, 55, n)
    angles = np.linspace(0, 2 * np.pi, 7)[:-1]
    rings = np.stack([lon[:, None] + 0.01 * np.cos(angles), lat[:, None] + 0.01 * np.sin(angles)], axis=-1)
    frame = gpd.GeoDataFrame({
        "code": np.arange(n), "name": [f"Участок {i}" for i in range(n)],
        "depth_m": rng.gamma(2, 1.5, n).round(2), "year": rng.integers(1950, 2025, n),
    }, geometry=shapely.polygons(rings), crs=4326)
    CACHE.mkdir(parents=True, exist_ok=True)
    pyogrio.write_dataframe(frame, gpkg, layer="polygons")
    shp.parent.mkdir(exist_ok=True)
    pyogrio.write_dataframe(frame, shp, encoding="UTF-8")
    return gpkg, shp


def points(n: int) -> Path:
    """A GeoPackage of N points over the same area (lon 50..85, lat 37..55), with a magnitude and a year."""
    import geopandas as gpd
    import numpy as np
    import pyogrio
    import shapely

    gpkg = CACHE / f"points_{n}.gpkg"
    if gpkg.exists():
        return gpkg
    rng = np.random.default_rng(43)
    frame = gpd.GeoDataFrame({"mag": rng.gamma(2, 1.2, n).round(1), "year": rng.integers(1950, 2025, n)},
                             geometry=shapely.points(rng.uniform(50, 85, n), rng.uniform(37, 55, n)), crs=4326)
    CACHE.mkdir(parents=True, exist_ok=True)
    pyogrio.write_dataframe(frame, gpkg, layer="points")
    return gpkg
