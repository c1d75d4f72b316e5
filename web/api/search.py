"""GET /api/v1/search/?q=… — places, admin areas, countries, named features and layers by name, in Cyrillic or Latin,
named in the request's language."""

from django.http import JsonResponse
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from hazards.search import search
from serving.errors import ParamError

from .response_schemas import SearchOut


class Search(APIView):
    @extend_schema(parameters=[OpenApiParameter("q", str, required=True, description="at least 2 letters")],
                   responses={200: SearchOut}, operation_id="search",
                   summary="Find places, admin areas, countries, named hazard features and layers (Cyrillic or Latin)")
    def get(self, request):
        text = request.GET.get("q", "").strip()
        if len(text) < 2:
            raise ParamError("q", gettext("Type at least 2 letters to search."))
        if len(text) > 100:
            raise ParamError("q", gettext("The search text is too long (at most 100 characters)."))
        return JsonResponse({"results": search(text, request.user)})
