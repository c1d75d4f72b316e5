"""The REST API's body parsers, bounded: a JSON or form body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused with
RequestDataTooBig (413 JSON through web.errors) before it is read. DRF's own parsers read the whole stream whatever
its size (Django's limit only guards `request.body` and `request.POST`); multipart bodies keep Django's limits and
web.limits' upload handler."""

import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework.parsers import FormParser, JSONParser


def bounded(stream, parser_context):
    """The body as a stream of at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes; RequestDataTooBig for more (a declared
    Content-Length over the limit is refused unread)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    request = (parser_context or {}).get("request")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
    except ValueError:
        declared = 0
    data = b"" if declared > limit else stream.read(limit + 1)
    if declared > limit or len(data) > limit:
        raise RequestDataTooBig(f"the request body is larger than {limit} bytes")
    return io.BytesIO(data)


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return super().parse(bounded(stream, parser_context), media_type, parser_context)


class BoundedFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return super().parse(bounded(stream, parser_context), media_type, parser_context)
