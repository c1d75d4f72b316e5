"""GET /api/v1/search/?q=… — places, admin areas, countries and layers by name, in Cyrillic or Latin."""

from django.http import JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from hazards.selectors import search
from serving.errors import ParamError


class Search(APIView):
    @extend_schema(parameters=[OpenApiParameter("q", str, required=True, description="at least 2 letters")],
                   responses={200: OpenApiTypes.OBJECT}, operation_id="search",
                   summary="Find places, admin areas, countries and layers by name")
    def get(self, request):
        text = request.GET.get("q", "").strip()
        if len(text) < 2:
            raise ParamError("q", "q needs at least 2 letters")
        if len(text) > 100:
            raise ParamError("q", "q is too long")
        return JsonResponse({"results": search(text, request.user)})
