"""The OpenAPI 3.0 definition of the /ogc/ endpoints (the oas30 conformance class)."""

from serving.crs import SUPPORTED
from serving.params import DEFAULT_LIMIT, MAX_LIMIT


def _param(name, where="query", schema=None, description="", required=False, **extra):
    return {"name": name, "in": where, "required": required, "description": description,
            "schema": schema or {"type": "string"}, **extra}


def _ok(media, description="OK"):
    return {"200": {"description": description, "content": {media: {"schema": {"type": "object"}}}},
            "400": {"description": "bad parameter"}, "404": {"description": "not found"}}


COLLECTION_ID = _param("collectionId", "path", required=True, description="a layer's identifier (slug)")
ITEMS_PARAMETERS = [
    COLLECTION_ID,
    _param("limit", schema={"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
           description="features per page", style="form", explode=False),
    _param("offset", schema={"type": "integer", "minimum": 0, "default": 0}),
    _param("bbox", schema={"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}},
           style="form", explode=False, description="minx,miny,maxx,maxy in bbox-crs"),
    _param("bbox-crs", schema={"type": "string", "format": "uri", "enum": list(SUPPORTED)}),
    _param("crs", schema={"type": "string", "format": "uri", "enum": list(SUPPORTED)}),
    _param("datetime", description="a year, a date or an interval (for layers with time)"),
    _param("filter", description="CQL2 text filter"),
    _param("filter-lang", schema={"type": "string", "enum": ["cql2-text"], "default": "cql2-text"}),
    _param("f", schema={"type": "string", "enum": ["json", "html"]}),
]


def openapi_document(server_url: str) -> dict:
    paths = {
        "/": {"get": {"summary": "landing page", "operationId": "getLandingPage",
                      "responses": _ok("application/json")}},
        "/conformance": {"get": {"summary": "conformance classes", "operationId": "getConformance",
                                 "responses": _ok("application/json")}},
        "/collections": {"get": {"summary": "feature collections (published layers)", "operationId": "getCollections",
                                 "responses": _ok("application/json")}},
        "/collections/{collectionId}": {"get": {"summary": "one collection", "operationId": "describeCollection",
                                                "parameters": [COLLECTION_ID], "responses": _ok("application/json")}},
        "/collections/{collectionId}/queryables": {"get": {
            "summary": "queryable properties", "operationId": "getQueryables", "parameters": [COLLECTION_ID],
            "responses": _ok("application/schema+json")}},
        "/collections/{collectionId}/items": {"get": {
            "summary": "features of a collection", "operationId": "getFeatures", "parameters": ITEMS_PARAMETERS,
            "responses": _ok("application/geo+json")}},
        "/collections/{collectionId}/items/{featureId}": {"get": {
            "summary": "one feature", "operationId": "getFeature",
            "parameters": [COLLECTION_ID, _param("featureId", "path", {"type": "integer"}, required=True),
                           _param("crs", schema={"type": "string", "format": "uri", "enum": list(SUPPORTED)})],
            "responses": _ok("application/geo+json")}},
    }
    return {"openapi": "3.0.3",
            "info": {"title": "Central Asia Hazards Atlas - OGC API Features", "version": "1.0.0"},
            "servers": [{"url": server_url}], "paths": paths}
