"""Every API error is JSON {"error": code, "detail": text} with a 4xx status."""

from rest_framework.views import exception_handler as drf_exception_handler

from layers.ingest.errors import IngestError


def exception_handler(exc, context):
    if isinstance(exc, IngestError):
        from rest_framework.response import Response

        return Response(exc.as_dict(), status=400)
    response = drf_exception_handler(exc, context)
    if response is not None:
        code = getattr(exc, "default_code", "error")
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        if detail is not None:
            response.data = {"error": getattr(detail, "code", code), "detail": str(detail)}
        else:
            response.data = {"error": "invalid", "detail": "some parameters are invalid", "fields": response.data}
    return response
