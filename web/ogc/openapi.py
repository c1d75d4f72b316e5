"""The OpenAPI 3.0 definition of the /ogc/ endpoints (the oas30 conformance class)."""

from serving.params import SINGLE_FEATURE, params_for


def _param(name, where="query", schema=None, description="", required=False, **extra):
    return {"name": name, "in": where, "required": required, "description": description,
            "schema": schema or {"type": "string"}, **extra}


def _ok(media, description="OK"):
    return {"200": {"description": description, "content": {media: {"schema": {"type": "object"}}}},
            "400": {"description": "bad parameter"}, "404": {"description": "not found"}}


COLLECTION_ID = _param("collectionId", "path", required=True, description="a layer's identifier (slug)")
ITEMS_PARAMETERS = [COLLECTION_ID, *(_param(p.name, schema=p.schema, description=p.description, style="form",
                                           explode=p.explode) for p in params_for("ogc"))]
ITEM_PARAMETERS = [COLLECTION_ID, _param("featureId", "path", {"type": "integer"}, required=True),
                   *(_param(p.name, schema=p.schema, description=p.description) for p in
                     params_for("ogc", (*SINGLE_FEATURE, "f")))]


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
            "parameters": ITEM_PARAMETERS,
            "responses": _ok("application/geo+json")}},
    }
    return {"openapi": "3.0.3",
            "info": {"title": "Central Asia Hazards Atlas - OGC API Features", "version": "1.0.0"},
            "servers": [{"url": server_url}], "paths": paths}
