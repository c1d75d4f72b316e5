"""The JSON documents of OGC API - Features, as plain dicts (no HTTP here beside URL building)."""

from django.urls import reverse

from hazards.i18n import localized
from serving.crs import CRS84, SUPPORTED

JSON, GEOJSON, HTML = "application/json", "application/geo+json", "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
]


def _link(request, name, rel, media, title, **kwargs):
    href = request.build_absolute_uri(reverse(f"ogc:{name}", kwargs=kwargs or None))
    suffix = "f=html" if media == HTML else "f=json"
    return {"href": f"{href}?{suffix}" if media in (HTML, JSON, GEOJSON) else href, "rel": rel, "type": media,
            "title": title}


def landing(request) -> dict:
    return {
        "title": "Central Asia Hazards Atlas",
        "description": "Natural and man-made transboundary hazards of Kazakhstan, Kyrgyzstan, Tajikistan, "
                       "Turkmenistan and Uzbekistan (OGC API - Features)",
        "links": [
            _link(request, "landing", "self", JSON, "this document"),
            _link(request, "landing", "alternate", HTML, "this document as HTML"),
            {**_link(request, "openapi", "service-desc", OPENAPI, "the API definition"), },
            {"href": request.build_absolute_uri(reverse("swagger-ui")), "rel": "service-doc", "type": HTML,
             "title": "API documentation (Swagger UI)"},
            {"href": request.build_absolute_uri(reverse("redoc")), "rel": "service-doc", "type": HTML,
             "title": "API documentation (ReDoc)"},
            _link(request, "conformance", "conformance", JSON, "conformance classes"),
            _link(request, "collections", "data", JSON, "feature collections"),
        ],
    }


def conformance() -> dict:
    return {"conformsTo": CONFORMANCE}


def collection(request, layer) -> dict:
    version = layer.published_version
    west, south, east, north = version.bbox or (-180, -90, 180, 90)
    body = {
        "id": layer.slug, "title": localized(layer, "title"), "description": localized(layer, "description"),
        "itemType": "feature", "crs": list(SUPPORTED), "storageCrs": CRS84,
        "extent": {"spatial": {"bbox": [[west, south, east, north]], "crs": CRS84}},
        "attribution": layer.attribution, "license": layer.licence,
        # Not counted in the regional outputs until the regional centre marks it official (hazards.services.official).
        "official": layer.official, "provisional": not layer.official,
        "links": [
            _link(request, "collection", "self", JSON, "this collection", slug=layer.slug),
            _link(request, "collection", "alternate", HTML, "this collection as HTML", slug=layer.slug),
            _link(request, "items", "items", GEOJSON, "the features", slug=layer.slug),
            _link(request, "items", "items", HTML, "the features as HTML", slug=layer.slug),
            _link(request, "queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                  "application/schema+json", "queryable properties", slug=layer.slug),
        ],
    }
    if layer.time_field:
        body["extent"]["temporal"] = {"interval": [[None, None]],
                                      "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}
    return body


def collections(request, layers) -> dict:
    return {
        "links": [_link(request, "collections", "self", JSON, "this document"),
                  _link(request, "collections", "alternate", HTML, "this document as HTML")],
        "collections": [collection(request, layer) for layer in layers],
        "crs": list(SUPPORTED),
    }


JSON_TYPES = {"int64": "integer", "int32": "integer", "float64": "number", "float32": "number", "bool": "boolean"}


def queryables(request, layer) -> dict:
    """JSON Schema of the properties a filter may use."""
    props = {name: {"type": JSON_TYPES.get(dtype, "string"), "title": name}
             for name, dtype in (layer.published_version.fields or {}).items()}
    props.update({
        "geometry": {"$ref": "https://geojson.org/schema/Geometry.json"},
        "hazard_level": {"type": "string", "enum": ["high", "medium", "low", "very_low"]},
        "transboundary": {"type": "boolean"}, "year": {"type": "integer"},
    })
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": request.build_absolute_uri(),
            "type": "object", "title": layer.slug, "properties": props}
