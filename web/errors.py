"""The one error path of every HTTP surface: a JSON body {"error": code, "detail": text, ...} with a 4xx.

DRF views reach it through REST_FRAMEWORK's EXCEPTION_HANDLER, plain views through `json_errors`; both map
the domain's errors by kind, so a refused request looks the same on the REST API, the OGC API and tiles."""

import functools

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from hazards.errors import DomainError

from .limits import UploadTooLarge

STATUS = {"invalid": 400, "unauthorized": 401, "forbidden": 403, "not_found": 404, "conflict": 409, "too_large": 413,
          "too_many_requests": 429}


def error_body(exc) -> tuple[dict, int] | None:
    """The JSON body and status for an exception the atlas answers itself; None for anything else."""
    if isinstance(exc, DomainError):
        return exc.as_dict(), STATUS[exc.kind]
    if isinstance(exc, UploadTooLarge):
        detail = _("the file is larger than the limit of %(limit)s bytes") % {"limit": exc.limit}
        return {"error": "file_too_large", "detail": detail}, 413
    if isinstance(exc, RequestDataTooBig):
        return {"error": "too_large", "detail": _("the request body is larger than %(n)s bytes")
                % {"n": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}}, 413
    if isinstance(exc, Http404):
        return {"error": "not_found", "detail": str(exc) or "not found"}, 404
    return None


def _retry_after(response, exc):
    """A refusal that says when to come back (`retry_after` seconds, e.g. a rate limit) says it in the header too."""
    if (seconds := getattr(exc, "extra", {}).get("retry_after")) is not None:
        response["Retry-After"] = str(seconds)
    return response


def exception_handler(exc, context):
    """REST_FRAMEWORK's handler: the atlas's errors first, then DRF's own, reshaped to the same body."""
    known = error_body(exc)
    if known is not None:
        return _retry_after(Response(known[0], status=known[1]), exc)
    response = drf_exception_handler(exc, context)
    if response is not None:
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        if detail is not None:
            response.data = {"error": getattr(detail, "code", "error"), "detail": str(detail)}
        else:
            response.data = {"error": "invalid", "detail": "some fields are invalid", "fields": response.data}
    return response


def json_errors(view):
    """For plain Django views: the same bodies and statuses as the REST API."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (DomainError, RequestDataTooBig, Http404) as exc:
            body, status = error_body(exc)
            return _retry_after(JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False}), exc)

    return wrapper
