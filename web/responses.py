"""Streamed GeoJSON responses shared by the REST API and OGC API - Features."""

import json

from django.http import StreamingHttpResponse
from django.utils import timezone

from serving.features import collection_stream, number_matched

GEOJSON = "application/geo+json"


def next_link(request, after: int | None) -> list[dict]:
    """The `next` link of a page that ended at feature `after` (none when it was the last page)."""
    if after is None:
        return []
    query = request.GET.copy()
    query.pop("offset", None)
    query["after"] = str(after)
    return [{"rel": "next", "type": GEOJSON, "href": request.build_absolute_uri(f"{request.path}?{query.urlencode()}")}]


def page_links(request, after: int | None) -> list[dict]:
    return [{"rel": "self", "type": GEOJSON, "href": request.build_absolute_uri()}, *next_link(request, after)]


def stream_page(request, layer, query, *, extra_head: dict | None = None, links=page_links) -> StreamingHttpResponse:
    """The FeatureCollection page of `query` as a streamed response, with counts, links and licence."""
    matched, exact = number_matched(query, layer.published_version.feature_count)
    head = {"numberMatched": matched, "timeStamp": timezone.now().isoformat(timespec="seconds"),
            "licence": layer.licence, "attribution": layer.attribution, **(extra_head or {})}
    if not exact:
        head["numberMatchedEstimated"] = True
    head_text = json.dumps(head, ensure_ascii=False)[1:-1] + ","

    def tail(returned: int, after: int | None) -> str:
        return f'"numberReturned":{returned},"links":{json.dumps(links(request, after))}'

    response = StreamingHttpResponse(collection_stream(query, head=head_text, tail=tail), content_type=GEOJSON)
    response["Content-Crs"] = f"<{query.crs.uri}>"
    return response
