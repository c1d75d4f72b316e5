"""Geometry preparation for ingest, vectorised with shapely: reproject to EPSG:4326, drop Z/M, drop
empty geometries, repair invalid ones, and check the result lies on the globe."""

from dataclasses import dataclass

import numpy as np
import shapely
from django.utils.translation import gettext_noop
from pyproj import CRS, Transformer

from .errors import IngestError

WGS84 = CRS.from_epsg(4326)
MAX_REPORTED = 20


def transformer_to_wgs84(crs: str | None, srid: int | None = None) -> Transformer | None:
    """The transformation from the source CRS (or `srid` when given) to lon/lat WGS 84; None when the source
    already is lon/lat WGS 84."""
    if srid:
        source = CRS.from_epsg(srid)
    elif crs:
        source = CRS.from_user_input(crs)
    else:
        raise IngestError("no_crs", gettext_noop(
            "the file does not say which coordinate system it uses; give it with the srid parameter (for example "
            "srid=28413 for Pulkovo 1942 / Gauss-Kruger zone 13)"))
    if source.equals(WGS84, ignore_axis_order=True) or source.equals(CRS.from_user_input("OGC:CRS84")):
        return None
    return Transformer.from_crs(source, WGS84, always_xy=True)


@dataclass
class Prepared:
    keep: np.ndarray  # bool mask over the batch
    ewkb: list[bytes]  # one per kept geometry
    repaired: int
    dropped: int


def prepare(geometries: np.ndarray, fids: np.ndarray, transformer: Transformer | None) -> Prepared:
    """Geometries ready for the feature table; raises IngestError naming the feature numbers that fall
    outside longitude -180..180 / latitude -90..90 after reprojection."""
    geoms = shapely.force_2d(geometries)
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    geoms = geoms[keep]
    if transformer is not None and len(geoms):
        geoms = shapely.transform(geoms, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))
    _check_range(geoms, fids[keep])
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        geoms[invalid] = shapely.make_valid(geoms[invalid])
    geoms = shapely.set_srid(geoms, 4326)
    ewkb = shapely.to_wkb(geoms, include_srid=True, output_dimension=2)
    return Prepared(keep=keep, ewkb=list(ewkb), repaired=int(invalid.sum()), dropped=int((~keep).sum()))


def _check_range(geoms: np.ndarray, fids: np.ndarray) -> None:
    if not len(geoms):
        return
    bounds = shapely.bounds(geoms)
    bad = ~np.isfinite(bounds).all(axis=1)
    bad |= (bounds[:, 0] < -180) | (bounds[:, 2] > 180) | (bounds[:, 1] < -90) | (bounds[:, 3] > 90)
    if bad.any():
        numbers = fids[bad][:MAX_REPORTED].tolist()
        raise IngestError(
            "coordinates_out_of_range",
            gettext_noop("%(count)s feature(s) fall outside longitude -180..180 / latitude -90..90 after "
                         "reprojection (features %(features)s); check the coordinate system"),
            params={"count": int(bad.sum()), "features": ", ".join(map(str, numbers))}, features=numbers,
        )
