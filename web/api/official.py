"""Marking a layer official or provisional (regional administrators), and the history of a deleted layer."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from hazards.access import is_admin, layers_readable
from hazards.errors import Forbidden
from hazards.models import LayerEvent
from hazards.services.layers import layer_official_set

from .uploads import EventSerializer


class OfficialRequest(serializers.Serializer):
    official = serializers.BooleanField(help_text="true: official (counted in the regional outputs); false: "
                                                  "provisional (shown with a badge, never counted)")


class LayerOfficialOut(serializers.Serializer):
    layer = serializers.CharField()
    official = serializers.BooleanField()


class LayerOfficial(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=OfficialRequest, responses={200: LayerOfficialOut}, operation_id="layer_official_set",
                   summary="Mark a layer official or provisional (regional administrators; 403 otherwise)")
    def post(self, request, slug):
        layer = layers_readable(request.user).filter(slug=slug).first()
        if layer is None:
            raise Http404(_("no layer %(slug)s") % {"slug": slug})
        data = OfficialRequest(data=request.data)
        data.is_valid(raise_exception=True)
        layer = layer_official_set(layer=layer, official=data.validated_data["official"], user=request.user)
        return Response({"layer": layer.slug, "official": layer.official})


class DeletedEventSerializer(EventSerializer):
    version = serializers.IntegerField(source="version_number", allow_null=True, read_only=True)

    class Meta(EventSerializer.Meta):
        fields = ["at", "action", "version", "user", "checksum", "detail", "layer_title"]


class DeletedLayerHistory(ListAPIView):
    """Regional administrators only: the history of the layers once called `slug` that were deleted (the events
    outlive their layer), newest first; 404 when there is none."""

    serializer_class = DeletedEventSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no slug
            return LayerEvent.objects.none()
        if not is_admin(self.request.user):
            raise Forbidden("not_regional_admin",
                            _("only the regional centre's administrators may read a deleted layer's history"))
        events = LayerEvent.objects.filter(layer__isnull=True, layer_slug=self.kwargs["slug"]).select_related("user")
        if not events.exists():
            raise Http404(_("no deleted layer %(slug)s") % {"slug": self.kwargs["slug"]})
        return events

