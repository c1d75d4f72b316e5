"""Parsing query parameters of the feature endpoints into a FeatureQuery; each error names its parameter."""

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from hazards.errors import DomainError
from hazards.models import HazardLevel, Layer

from .crs import SUPPORTED, crs_parse
from .errors import ParamError
from .features import FeatureQuery
from .published import published_version_id

DEFAULT_LIMIT, MAX_LIMIT = 1000, 10_000


@dataclass(frozen=True)
class Param:
    """One query parameter of the feature endpoints: the parser reads its bounds and default from `schema`,
    and both OpenAPI documents (REST and OGC) are built from it. `surfaces` says where it is accepted."""

    name: str
    schema: dict
    description: str
    surfaces: tuple[str, ...] = ("rest", "ogc")
    explode: bool = True


CRS_SCHEMA = {"type": "string", "format": "uri", "enum": list(SUPPORTED)}
FEATURE_PARAMS = (
    Param("bbox", {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}},
          "minx,miny,maxx,maxy (in bbox-crs, default CRS84 lon/lat)", explode=False),
    Param("bbox-crs", CRS_SCHEMA, "CRS of bbox: CRS84, EPSG:4326 (lat,lon) or EPSG:3857"),
    Param("crs", CRS_SCHEMA, "output CRS: CRS84 (default), EPSG:4326 (lat,lon) or EPSG:3857"),
    Param("country", {"type": "string", "pattern": "^[A-Za-z]{3}$"},
          "ISO3 code of a country the feature touches, e.g. KGZ"),
    Param("level", {"type": "string"}, "hazard levels, comma-separated: high,medium,low,very_low"),
    Param("transboundary", {"type": "boolean"}, "only features whose reach (geometry, influence zone or way "
                                                "downstream) enters another country"),
    Param("datetime", {"type": "string"}, "a year, a date or an interval for layers with time: 1990, 1990/2000, "
                                          "../1900"),
    Param("properties", {"type": "string"}, "comma-separated attributes to return (empty: none)"),
    Param("precision", {"type": "integer", "minimum": 0, "maximum": 15, "default": 6},
          "decimal places of coordinates"),
    Param("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
          "features per page", explode=False),
    Param("offset", {"type": "integer", "minimum": 0, "maximum": 10**9, "default": 0}, "features to skip"),
    Param("after", {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
          "continue after this feature id (the next link uses it)"),
    Param("prop.NAME", {"type": "string"}, "attribute equality, e.g. prop.event_type=Earthquake", ("rest",)),
    Param("filter", {"type": "string"}, "CQL2 text filter", ("ogc",)),
    Param("filter-lang", {"type": "string", "enum": ["cql2-text"], "default": "cql2-text"}, "filter language",
          ("ogc",)),
    Param("f", {"type": "string", "enum": ["json", "html"]}, "output format", ("ogc",)),
)
PARAMS = {param.name: param for param in FEATURE_PARAMS}
SINGLE_FEATURE = ("crs", "properties", "precision")  # what a single feature's endpoints accept


def params_for(surface: str, names: Collection[str] | None = None) -> list[Param]:
    """The declared parameters accepted on `surface` ("rest" or "ogc"), optionally only those in `names`."""
    return [p for p in FEATURE_PARAMS if surface in p.surfaces and (names is None or p.name in names)]
YEAR = re.compile(r"^(-?\d{1,4})(?:-\d{2}(?:-\d{2}(?:T.*)?)?)?Z?$")


def int_param(params: Mapping[str, str], name: str) -> int | None:
    """An integer parameter within the bounds its declaration states (its default when absent)."""
    schema = PARAMS[name].schema
    default, low, high = schema.get("default"), schema["minimum"], schema["maximum"]
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


def _defaulted_int_param(params: Mapping[str, str], name: str) -> int:
    """int_param of a parameter whose declaration has a default, so never None (LookupError if it has none)."""
    number = int_param(params, name)
    if number is None:
        raise LookupError(f"the declaration of {name} has no default")
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
    except DomainError as exc:
        raise ParamError("level", exc.detail) from None


def _bool(value: str | None, name: str) -> bool | None:
    if value in (None, ""):
        return None
    if value.lower() in ("true", "1", "yes"):
        return True
    if value.lower() in ("false", "0", "no"):
        return False
    raise ParamError(name, f"{name} must be true or false")


def feature_query_from(params: Mapping[str, str], layer: Layer) -> FeatureQuery:
    """A FeatureQuery for `layer` from request parameters (REST and OGC names both accepted)."""
    country = params.get("country")
    if country and not re.fullmatch(r"[A-Za-z]{3}", country):
        raise ParamError("country", "country must be an ISO 3166-1 alpha-3 code such as KGZ")
    properties = params.get("properties")
    return FeatureQuery(
        version_id=published_version_id(layer),
        bbox=_bbox(params.get("bbox"), "bbox"),
        bbox_crs=crs_parse(params.get("bbox-crs"), "bbox-crs"),
        crs=crs_parse(params.get("crs"), "crs"),
        country=country.upper() if country else None,
        levels=_levels(params.get("level")),
        transboundary=_bool(params.get("transboundary"), "transboundary"),
        years=_datetime(params.get("datetime"), layer),
        equals={key[5:]: value for key, value in params.items() if key.startswith("prop.") and len(key) > 5},
        properties=[p for p in properties.split(",") if p] if properties is not None else None,
        precision=_defaulted_int_param(params, "precision"),
        limit=_defaulted_int_param(params, "limit"),
        offset=_defaulted_int_param(params, "offset"),
        after=int_param(params, "after"),
    )
