"""OGC API - Features at /ogc/: JSON for programs (GDAL, QGIS), HTML for people (`f=html` or a browser)."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hazards.models import Feature
from hazards.selectors import layers_visible
from serving.cql2 import cql2_where
from serving.crs import crs_parse
from serving.errors import ParamError
from serving.features import feature_json
from serving.params import feature_query_from, params_for
from web.alertlayer import private
from web.errors import json_errors
from web.http import conditional_layer_get, vector_layer_or_404
from web.responses import GEOJSON, next_link, stream_page

from . import alerts, documents
from .openapi import openapi_document

HTML_PAGE_LIMIT = 100
ITEMS_PARAMS = {param.name for param in params_for("ogc")}


def wants_html(request) -> bool:
    f = request.GET.get("f")
    if f:
        if f not in ("json", "html"):
            raise ParamError("f", "f must be json or html")
        return f == "html"
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and "json" not in accept.split(",")[0]


def _respond(request, body: dict, template: str, context: dict | None = None, media="application/json"):
    if wants_html(request):
        return render(request, template, {"doc": body, **(context or {})})
    return JsonResponse(body, content_type=media, json_dumps_params={"ensure_ascii": False})


def ogc_view(func):
    """GET only; bad parameters become 400 JSON naming the parameter; unknown collections 404 JSON."""
    return require_GET(json_errors(func))


@ogc_view
def landing(request):
    return _respond(request, documents.landing(request), "ogc/landing.html")


@ogc_view
def conformance(request):
    return _respond(request, documents.conformance(), "ogc/conformance.html")


@ogc_view
def openapi(request):
    server = request.build_absolute_uri("/ogc")
    return JsonResponse(openapi_document(server), content_type=documents.OPENAPI)


@ogc_view
def collections(request):
    layers = layers_visible(request.user).filter(kind="vector")
    body = documents.collections(request, layers)
    body["collections"].append(alerts.collection_document(request))
    return _respond(request, body, "ogc/collections.html")


@ogc_view
def collection(request, slug):
    layer = vector_layer_or_404(request, slug)
    return _respond(request, documents.collection(request, layer), "ogc/collection.html")


@ogc_view
def queryables(request, slug):
    layer = vector_layer_or_404(request, slug)
    return _respond(request, documents.queryables(request, layer), "ogc/collection.html",
                    media="application/schema+json")


def _items_links(request, after):
    base = request.build_absolute_uri(request.path)
    return [{"rel": "self", "type": GEOJSON, "href": request.build_absolute_uri()},
            {"rel": "alternate", "type": "text/html", "href": f"{base}?f=html"},
            {"rel": "collection", "type": "application/json", "href": base.rsplit("/items", 1)[0]},
            *next_link(request, after)]


@ogc_view
@conditional_layer_get(vector_layer_or_404)
def items(request, slug, layer):
    unknown = sorted(name for name in request.GET if name not in ITEMS_PARAMS and not name.startswith("prop."))
    if unknown:
        raise ParamError(unknown[0], f"unknown query parameter {unknown[0]!r}; the items of a collection take: "
                                     f"{', '.join(sorted(ITEMS_PARAMS))} and prop.NAME")
    query = feature_query_from(request.GET, layer)
    if request.GET.get("filter"):
        if request.GET.get("filter-lang", "cql2-text") != "cql2-text":
            raise ParamError("filter-lang", "only cql2-text is supported")
        query.extra_where.append(cql2_where(request.GET["filter"]))
    if wants_html(request):
        query.limit = min(query.limit, HTML_PAGE_LIMIT)
        where, params = query.where()
        rows = Feature.objects.extra(where=[where.replace("f.", "hazards_feature.")], params=params)
        rows = rows.order_by("fid")[query.offset:query.offset + query.limit]
        return render(request, "ogc/items.html", {"layer": layer, "features": rows})
    return stream_page(request, layer, query, links=_items_links)


@ogc_view
@conditional_layer_get(vector_layer_or_404)
def item(request, slug, fid, layer):
    crs = crs_parse(request.GET.get("crs"), "crs")
    if wants_html(request):
        feature = Feature.objects.filter(version_id=layer.published_version_id, fid=fid).first()
        if feature is None:
            raise Http404(f"no feature {fid}")
        return render(request, "ogc/item.html", {"layer": layer, "feature": feature})
    text = feature_json(layer.published_version_id, fid, crs=crs)
    if text is None:
        raise Http404(f"no feature {fid} in collection {slug}")
    response = HttpResponse(text, content_type=GEOJSON)
    response["Content-Crs"] = f"<{crs.uri}>"
    return response


# The collection `alerts` (web.ogc.alerts provides it); its answers depend on who asks, so they are private.

@ogc_view
def alerts_collection(request):
    return private(_respond(request, alerts.collection_document(request), "ogc/collection.html"), max_age=300)


@ogc_view
def alerts_queryables(request):
    return private(_respond(request, alerts.queryables_document(request), "ogc/collection.html",
                            media="application/schema+json"), max_age=300)


@ogc_view
def alerts_items(request):
    page = alerts.items_page(request)
    if wants_html(request):
        return private(render(request, "ogc/alert_items.html", {"alerts": page.rows()}))
    return private(HttpResponse(page.feature_collection(), content_type=GEOJSON))


@ogc_view
def alerts_item(request, fid):
    text = alerts.item_text(request, fid)
    if text is None:
        raise Http404(_("no active alert %(id)s") % {"id": fid})
    return private(HttpResponse(text, content_type=GEOJSON))
