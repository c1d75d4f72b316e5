"""Parsing query parameters of the feature endpoints into a FeatureQuery; each error names its parameter."""

import re

from hazards.models import HazardLevel, Layer

from .crs import crs_parse
from .errors import ParamError
from .features import FeatureQuery

DEFAULT_LIMIT, MAX_LIMIT = 1000, 10_000
YEAR = re.compile(r"^(-?\d{1,4})(?:-\d{2}(?:-\d{2}(?:T.*)?)?)?Z?$")


def _int(params, name: str, default: int | None, low: int, high: int) -> int | None:
    value = params.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise ParamError(name, f"{name} must be an integer") from None
    if not low <= number <= high:
        raise ParamError(name, f"{name} must be between {low} and {high}")
    return number


def _bbox(value: str | None, param: str) -> tuple[float, ...] | None:
    if not value:
        return None
    try:
        numbers = tuple(float(v) for v in value.split(","))
    except ValueError:
        raise ParamError(param, "bbox must be four numbers: minx,miny,maxx,maxy") from None
    if len(numbers) != 4 or numbers[0] > numbers[2] or numbers[1] > numbers[3]:
        raise ParamError(param, "bbox must be four numbers: minx,miny,maxx,maxy with min <= max")
    return numbers


def _year(text: str) -> int | None:
    if text in ("", ".."):
        return None
    match = YEAR.match(text.strip())
    if not match:
        raise ParamError("datetime", f"cannot read a date or year from {text!r}")
    return int(match.group(1))


def _datetime(value: str | None, layer: Layer) -> tuple[int | None, int | None] | None:
    """'1990', '1990/2000', '../2000', '1990-01-01T00:00:00Z/..' → a range of years (inclusive)."""
    if not value:
        return None
    if not layer.time_field:
        raise ParamError("datetime", f"layer {layer.slug} has no time attribute")
    start, _, end = value.partition("/")
    if not _:
        year = _year(start)
        return (year, year)
    return (_year(start), _year(end))


def _levels(value: str | None) -> list[int] | None:
    if not value:
        return None
    try:
        return [int(HazardLevel.from_code(code.strip())) for code in value.split(",")]
    except ValueError as exc:
        raise ParamError("level", str(exc)) from None


def _bool(value: str | None, name: str) -> bool | None:
    if value in (None, ""):
        return None
    if value.lower() in ("true", "1", "yes"):
        return True
    if value.lower() in ("false", "0", "no"):
        return False
    raise ParamError(name, f"{name} must be true or false")


def feature_query_from(params, layer: Layer) -> FeatureQuery:
    """A FeatureQuery for `layer` from request parameters (REST and OGC names both accepted)."""
    country = params.get("country")
    if country and not re.fullmatch(r"[A-Za-z]{3}", country):
        raise ParamError("country", "country must be an ISO 3166-1 alpha-3 code such as KGZ")
    properties = params.get("properties")
    return FeatureQuery(
        version_id=layer.published_version_id,
        bbox=_bbox(params.get("bbox"), "bbox"),
        bbox_crs=crs_parse(params.get("bbox-crs"), "bbox-crs"),
        crs=crs_parse(params.get("crs"), "crs"),
        country=country.upper() if country else None,
        levels=_levels(params.get("level")),
        transboundary=_bool(params.get("transboundary"), "transboundary"),
        years=_datetime(params.get("datetime"), layer),
        equals={key[5:]: value for key, value in params.items() if key.startswith("prop.") and len(key) > 5},
        properties=[p for p in properties.split(",") if p] if properties is not None else None,
        precision=_int(params, "precision", 6, 0, 15),
        limit=_int(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
        offset=_int(params, "offset", 0, 0, 10**9),
        after=_int(params, "after", None, 0, 2**31 - 1),
    )
