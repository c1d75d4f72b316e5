"""The layer page (/layers/{slug}/): what GeoNode users expect of a layer — titles and description in the three
languages, source and licence, version history, a paged attribute table, an extent map, downloads and the
machine addresses. A layer the reader may not see is a 404, as on every other endpoint."""

import math

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext

from hazards.i18n import localized
from hazards.models import HazardLevel, Layer, LayerEvent
from serving.downloads import download_formats
from serving.overview import attribute_page, extent_outline
from web.http import layer_or_404

LEVEL_NAMES = {int(level): level.label for level in HazardLevel}


def _page_number(request) -> int | None:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and len(raw) <= 6 and int(raw) >= 1 else None


def _languages(layer: Layer, lang: str) -> list[dict]:
    """Title and description in each language, the page's language first; languages with neither are left out."""
    names = dict(settings.LANGUAGES)
    order = [lang, *(code for code, _ in settings.LANGUAGES if code != lang)]
    return [{"code": code, "name": names[code], "title": getattr(layer, f"title_{code}", ""),
             "description": getattr(layer, f"description_{code}", "")}
            for code in order if getattr(layer, f"title_{code}", "") or getattr(layer, f"description_{code}", "")]


def _history(layer: Layer) -> list[dict]:
    """Every version, newest first, with who uploaded it and who published it (from the layer's events)."""
    published = {e.version_id: e for e in LayerEvent.objects.filter(
        layer=layer, action=LayerEvent.Action.PUBLISHED).select_related("user").order_by("at")}
    return [{"number": v.number, "status": v.get_status_display(), "current": v.pk == layer.published_version_id,
             "features": v.feature_count, "created_at": v.created_at, "created_by": v.created_by,
             "published_at": v.published_at or getattr(published.get(v.pk), "at", None),
             "published_by": getattr(published.get(v.pk), "user", None), "source_name": v.source_name}
            for v in layer.versions.select_related("created_by").order_by("-number")]


def _links(request, layer: Layer) -> list[dict]:
    """The machine addresses of the layer: REST metadata and features, OGC API, tiles and TileJSON."""
    def url(name, **kwargs):
        return request.build_absolute_uri(reverse(name, kwargs={"slug": layer.slug, **kwargs}))

    links = [{"name": gettext("Metadata (REST API, JSON)"), "href": url("api:layer-detail")},
             {"name": gettext("TileJSON"), "href": url("tiles:layer-tilejson")}]
    if layer.kind == Layer.Kind.VECTOR:
        links += [{"name": gettext("Features (GeoJSON)"), "href": url("api:layer-features")},
                  {"name": gettext("OGC API – Features collection"), "href": url("ogc:collection")},
                  {"name": gettext("OGC API – Features items"), "href": url("ogc:items")},
                  {"name": gettext("Vector tiles (MVT)"), "href": url("tiles:layer-root") + "{z}/{x}/{y}.pbf"}]
    else:
        links += [{"name": gettext("Raster tiles (PNG)"), "href": url("tiles:layer-root") + "{z}/{x}/{y}.png"},
                  {"name": gettext("Value at a point (JSON)"), "href": url("api:layer-value")}]
    return links


def _table(layer: Layer, page: int, lang: str) -> dict | None:
    if layer.kind != Layer.Kind.VECTOR:
        return None
    table = attribute_page(layer, page)
    headers = [{"name": name, "label": layer.attribute_label(name, lang)} for name in table.columns]
    rows = [{"fid": row["fid"], "level": LEVEL_NAMES.get(row["level"], ""),
             "values": ["—" if value is None else value for value in row["values"]]} for row in table.rows]
    return {"headers": headers, "rows": rows, "page": table.page, "pages": table.pages, "total": table.total,
            "previous": table.page - 1 if table.page > 1 else None,
            "next": table.page + 1 if table.page < table.pages else None}


def _map_url(layer: Layer) -> str:
    """The map with this layer on, centred on its extent at a zoom that shows all of it."""
    url = f"{reverse('map')}?layers={layer.slug}"
    if not layer.published_version.bbox:
        return url
    west, south, east, north = layer.published_version.bbox
    zoom = max(3, min(10, int(math.log2(360 / max(east - west, north - south, 0.05)))))
    return f"{url}&z={zoom}&lat={(south + north) / 2:.4f}&lon={(west + east) / 2:.4f}"


def layer_page(request, slug):
    layer = layer_or_404(request, slug)
    page = _page_number(request)
    if page is None:
        return HttpResponse(gettext("The page number must be a positive whole number."), status=400,
                            content_type="text/plain; charset=utf-8")
    lang = (get_language() or "ru")[:2]
    version = layer.published_version
    download = reverse("api:layer-download", kwargs={"slug": layer.slug})
    context = {
        "layer": layer, "title": localized(layer, "title"), "languages": _languages(layer, lang),
        "hazard": localized(layer.hazard_type, "name"), "owner": localized(layer.owner, "name") if layer.owner else "",
        "version": version, "history": _history(layer), "table": _table(layer, page, lang),
        "extent": extent_outline(version.bbox), "links": _links(request, layer),
        "downloads": [{"format": fmt, "href": f"{download}?format={fmt}"} for fmt in download_formats(layer)],
        "map_url": _map_url(layer),
    }
    response = render(request, "layers/layer.html", context)
    if layer.access != Layer.Access.PUBLIC:
        response["Cache-Control"] = "private, no-cache"
    return response
