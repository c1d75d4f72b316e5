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


ALERT_PARAMETERS = [
    _param("bbox", schema={"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}},
           description="west,south,east,north (CRS84)", style="form", explode=False),
    _param("limit", schema={"type": "integer", "minimum": 1, "maximum": 1000, "default": 100},
           description="alerts per page"),
    _param("offset", schema={"type": "integer", "minimum": 0, "default": 0}, description="alerts to skip"),
    _param("lang", schema={"type": "string", "enum": ["ru", "en", "kk"]},
           description="language of event, headline and instruction (default: Accept-Language, else English)"),
    _param("f", schema={"type": "string", "enum": ["json", "html"]}, description="output format"),
]
ALERT_PATHS = {
    "/collections/alerts": {"get": {
        "summary": "the active CAP alerts (those the user may read)", "operationId": "describeAlerts",
        "responses": _ok("application/json")}},
    "/collections/alerts/items": {"get": {
        "summary": "active CAP alerts: identifier, msgType, status, scope, severity, urgency, certainty, event, "
                   "headline, instruction, expires and the CAP URL", "operationId": "getAlerts",
        "parameters": ALERT_PARAMETERS, "responses": _ok("application/geo+json")}},
    "/collections/alerts/items/{featureId}": {"get": {
        "summary": "one active alert", "operationId": "getAlert",
        "parameters": [_param("featureId", "path", {"type": "integer"}, required=True), ALERT_PARAMETERS[3]],
        "responses": _ok("application/geo+json")}},
}


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
        **ALERT_PATHS,
    }
    return {"openapi": "3.0.3",
            "info": {"title": "Central Asia Hazards Atlas - OGC API Features", "version": "1.0.0"},
            "servers": [{"url": server_url}], "paths": paths}
