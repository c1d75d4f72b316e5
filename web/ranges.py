"""Byte ranges of stored files (RFC 9110 §14): a COG or a download file is served with `Accept-Ranges: bytes`, one
range answers 206 with Content-Range (GDAL's /vsicurl/ reads a window of a COG this way), a range past the end 416,
and If-Range keeps a resumed download from mixing two versions. Bytes stream from storage in chunks
(hazards.media.media_range), never read whole. Several ranges in one request, or a malformed Range, are ignored:
the whole file is sent (§14.2 allows it); so are ranges on any method but GET."""

import re

from django.http import FileResponse, JsonResponse
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext

from hazards.media import media_range, media_size
from web.http import Freshness

CHUNK = 256 * 1024
_SPEC = re.compile(r"bytes=(\d*)-(\d*)", re.IGNORECASE)


class Unsatisfiable(Exception):
    """The range asks for no byte of the file."""


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte, inclusive, that the Range `header` asks of a file of `size` bytes; None when there is
    nothing to honour (no header, another unit, several ranges, malformed); Unsatisfiable when it selects nothing."""
    match = _SPEC.fullmatch(header.strip()) if header else None
    if match is None or match.group(1) == match.group(2) == "":
        return None
    first, last = match.group(1), match.group(2)
    if first == "":  # the last `last` bytes
        if int(last) == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - int(last)), size - 1
    if last and int(last) < int(first):
        return None
    if int(first) >= size:
        raise Unsatisfiable
    return int(first), min(int(last), size - 1) if last else size - 1


def _if_range_holds(request, freshness: Freshness) -> bool:
    """If-Range (RFC 9110 §13.1.5): the range applies only to the representation the client names, by a strong
    ETag (a weak one never matches) or by its exact Last-Modified."""
    value = request.headers.get("If-Range", "").strip()
    if not value:
        return True
    if value.startswith('"'):
        return value == freshness.etag
    return not value.startswith("W/") and parse_http_date_safe(value) == freshness.last_modified_seconds


def _range_asked(request, freshness: Freshness, size: int) -> tuple[int, int] | None:
    if request.method != "GET" or not _if_range_holds(request, freshness):
        return None
    return byte_range(request.headers.get("Range", ""), size)


def stored_file_response(request, *, name: str, content_type: str, filename: str, freshness: Freshness):
    """The stored file `name` as an attachment with the validators of `freshness`: the whole of it (200), the one
    range asked (206), or 416 when the range is past its end. GZipMiddleware leaves these responses alone
    (web.middleware.GZipMiddleware): a range counts bytes of the file as stored."""
    size = media_size(name)
    try:
        span = _range_asked(request, freshness, size)
    except Unsatisfiable:
        response = JsonResponse({"error": "range_not_satisfiable", "detail": gettext(
            "The range asked for starts past the end of the file (%(size)d bytes).") % {"size": size}}, status=416)
        response["Content-Range"] = f"bytes */{size}"
        return freshness.stamp(response)
    first, last = span or (0, size - 1)
    response = FileResponse(media_range(name, first, last + 1), content_type=content_type, as_attachment=True,
                            filename=filename, status=206 if span else 200)
    response.block_size = CHUNK
    response["Content-Length"] = str(last + 1 - first)
    response["Accept-Ranges"] = "bytes"
    if span:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    return freshness.stamp(response)
