"""The provider of the OGC API - Features collection `alerts` (the OGC views answer with what it gives): the
active CAP alerts the user may read (web.alertlayer), as GeoJSON made by PostGIS, with bbox, limit and offset;
texts in `?lang=` or the request's language. It checks the parameters and reads; the views decide JSON or HTML."""

import json
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from serving.errors import ParamError
from serving.rows import RowsPage, rows_feature, rows_feature_collection
from web.alertlayer import COLLECTION, alert_rows
from web.responses import GEOJSON

from . import documents

DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
ITEMS_PARAMS = ("bbox", "limit", "offset", "lang", "f")
PROPERTIES = {"identifier": "string", "msgType": "string", "status": "string", "scope": "string", "track": "string",
              "country": "string", "language": "string", "severity": "string", "urgency": "string",
              "certainty": "string", "event": "string", "headline": "string", "instruction": "string",
              "sent": "string", "expires": "string", "cap": "string", "severity_rank": "integer"}


@dataclass(frozen=True)
class AlertItems:
    """One page of the collection's items: the features array as PostGIS wrote it, how many matched the filters
    and how many are in the page, and the page's links."""

    features: str
    matched: int
    returned: int
    links: list[dict]

    def feature_collection(self) -> str:
        """The page as a GeoJSON FeatureCollection (the features' text is kept as PostGIS wrote it)."""
        head = {"type": "FeatureCollection", "numberMatched": self.matched, "numberReturned": self.returned,
                "timeStamp": timezone.now().isoformat(timespec="seconds"), "links": self.links}
        return json.dumps(head, ensure_ascii=False)[:-1] + ', "features": ' + self.features + "}"

    def rows(self) -> list[dict]:
        """The page's alerts as rows for the HTML page: each feature's properties and its id."""
        return [feature["properties"] | {"id": feature["id"]} for feature in json.loads(self.features)]


def collection_document(request: HttpRequest) -> dict:
    """The collection's description (listed in /ogc/collections for everyone; its items depend on who asks)."""
    link = documents._link
    return {
        "id": COLLECTION, "title": _("Active alerts"),
        "description": _("CAP alerts in force: sent, not expired, not cancelled or superseded (texts in the "
                         "requested language)"),
        "itemType": "feature", "crs": [documents.CRS84], "storageCrs": documents.CRS84,
        "extent": {"spatial": {"bbox": [[-180, -90, 180, 90]], "crs": documents.CRS84}},
        "links": [
            link(request, "collection", "self", documents.JSON, "this collection", slug=COLLECTION),
            link(request, "collection", "alternate", documents.HTML, "this collection as HTML", slug=COLLECTION),
            link(request, "items", "items", documents.GEOJSON, "the features", slug=COLLECTION),
            link(request, "items", "items", documents.HTML, "the features as HTML", slug=COLLECTION),
            link(request, "queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                 "application/schema+json", "queryable properties", slug=COLLECTION),
        ],
    }


def _int(request, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ParamError(name, _("%(name)s must be an integer between %(low)s and %(high)s")
                         % {"name": name, "low": low, "high": high})
    return value


def _bbox(request) -> tuple[float, float, float, float] | None:
    raw = request.GET.get("bbox")
    if not raw:
        return None
    try:
        west, south, east, north = (float(v) for v in raw.split(","))
    except ValueError:
        west = None
    if west is None or not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ParamError("bbox", _("bbox must be four numbers west,south,east,north in longitude and latitude"))
    return west, south, east, north


def _page(request) -> RowsPage:
    unknown = sorted(name for name in request.GET if name not in ITEMS_PARAMS)
    if unknown:
        raise ParamError(unknown[0], _("unknown query parameter %(name)s; the alerts take: %(names)s")
                         % {"name": unknown[0], "names": ", ".join(ITEMS_PARAMS)})
    return RowsPage(bbox=_bbox(request), limit=_int(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
                    offset=_int(request, "offset", 0, 0, 10**6))


def _links(request, page: RowsPage, matched: int) -> list[dict]:
    base = request.build_absolute_uri(request.path)
    links = [{"rel": "self", "type": GEOJSON, "href": request.build_absolute_uri()},
             {"rel": "alternate", "type": "text/html", "href": f"{base}?f=html"},
             {"rel": "collection", "type": "application/json", "href": base.rsplit("/items", 1)[0]}]
    if page.offset + page.limit < matched:
        query = request.GET.copy()
        query["offset"] = str(page.offset + page.limit)
        links.append({"rel": "next", "type": GEOJSON, "href": f"{base}?{query.urlencode()}"})
    return links


def queryables_document(request: HttpRequest) -> dict:
    """The JSON Schema of the collection's queryable properties."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": request.build_absolute_uri(),
            "type": "object", "title": COLLECTION,
            "properties": {"geometry": {"$ref": "https://geojson.org/schema/MultiPolygon.json"},
                           **{name: {"type": kind, "title": name} for name, kind in PROPERTIES.items()}}}


def items_page(request: HttpRequest) -> AlertItems:
    """The page of active alerts the request asks for (bbox, limit, offset) and its reader may read; ParamError
    for an unknown or bad parameter."""
    page = _page(request)
    sql, params = alert_rows(request)
    features, matched, returned = rows_feature_collection(sql, params, page)
    return AlertItems(features=features, matched=matched, returned=returned, links=_links(request, page, matched))


def item_text(request: HttpRequest, fid: int) -> str | None:
    """The GeoJSON Feature of active alert `fid` if the request's reader may read it, else None; ParamError for an
    unknown parameter."""
    unknown = sorted(name for name in request.GET if name not in ("lang", "f"))
    if unknown:
        raise ParamError(unknown[0], _("unknown query parameter %(name)s") % {"name": unknown[0]})
    sql, params = alert_rows(request)
    return rows_feature(sql, params, fid)
