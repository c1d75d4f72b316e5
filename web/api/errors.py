"""Every API error is JSON {"error": code, "detail": text, ...} with a 4xx status."""

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ingest.errors import IngestError
from ingest.limits import UploadTooLarge
from serving.errors import ParamError


def exception_handler(exc, context):
    if isinstance(exc, IngestError | ParamError):
        return Response(exc.as_dict(), status=400)
    if isinstance(exc, UploadTooLarge):
        return Response({"error": "file_too_large", "detail": str(exc)}, status=413)
    response = drf_exception_handler(exc, context)
    if response is not None:
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        if detail is not None:
            response.data = {"error": getattr(detail, "code", "error"), "detail": str(detail)}
        else:
            response.data = {"error": "invalid", "detail": "some fields are invalid", "fields": response.data}
    return response
