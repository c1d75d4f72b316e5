"""Coordinate reference systems offered for output and bbox (OGC API - Features Part 2)."""

from dataclasses import dataclass

from .errors import ParamError

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


@dataclass(frozen=True)
class OutputCrs:
    uri: str
    srid: int
    lat_first: bool  # EPSG:4326 is latitude, longitude; CRS84 and EPSG:3857 are x, y


SUPPORTED = {
    CRS84: OutputCrs(CRS84, 4326, False),
    "http://www.opengis.net/def/crs/EPSG/0/4326": OutputCrs("http://www.opengis.net/def/crs/EPSG/0/4326", 4326, True),
    "http://www.opengis.net/def/crs/EPSG/0/3857": OutputCrs("http://www.opengis.net/def/crs/EPSG/0/3857", 3857, False),
}
ALIASES = {"EPSG:4326": "http://www.opengis.net/def/crs/EPSG/0/4326",
           "EPSG:3857": "http://www.opengis.net/def/crs/EPSG/0/3857", "CRS84": CRS84, "OGC:CRS84": CRS84}


def crs_parse(value: str | None, param: str) -> OutputCrs:
    if not value:
        return SUPPORTED[CRS84]
    uri = ALIASES.get(value.strip("[]"), value.strip("[]"))
    try:
        return SUPPORTED[uri]
    except KeyError:
        raise ParamError(param, f"unsupported CRS {value!r}; use one of: {', '.join(SUPPORTED)}") from None
