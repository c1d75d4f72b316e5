"""Uploading layers and versions (202 + a job), the job's status, publishing, rolling back, history."""

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView, get_object_or_404
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from hazards.access import can_edit_country, can_edit_layer, layers_readable
from hazards.models import Layer, LayerEvent, LayerVersion
from hazards.services.layers import layer_access_set, layer_classify, layer_rollback
from ingest.models import Upload
from ingest.uploads import upload_enqueue, upload_store, upload_version_publish

from .response_schemas import LayerAccessOut, LayerClassificationOut, LayerPublishedOut
from .upload_serializers import NewLayerUpload, UploadOptions, UploadStatus, classification_validator


def _accepted(request, upload: Upload) -> Response:
    url = request.build_absolute_uri(reverse("api:upload-detail", kwargs={"pk": upload.pk}))
    upload.refresh_from_db()
    return Response({**UploadStatus(upload).data, "url": url}, status=status.HTTP_202_ACCEPTED,
                    headers={"Location": url})


def _publish_flag(request, serializer) -> dict:
    options = serializer.options()
    if request.query_params.get("publish", "").lower() in ("1", "true", "yes"):
        options["publish"] = True
    return options


class LayerUploadMixin:
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=NewLayerUpload, responses={202: UploadStatus}, operation_id="layer_create",
                   summary="Create a layer from a file (multipart); 202 with the upload to follow")
    def post(self, request):
        if not request.user.is_authenticated:
            raise PermissionDenied("sign in (session or token) to upload")
        serializer = NewLayerUpload(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not can_edit_country(request.user, serializer.validated_data.get("country")):
            raise PermissionDenied("you may only create layers owned by your own country")
        upload = upload_store(uploaded=serializer.validated_data["file"], user=request.user, layer=None,
                              layer_metadata=serializer.metadata(), options=_publish_flag(request, serializer))
        upload_enqueue(upload)
        return _accepted(request, upload)


def editable_layer(request, slug):
    """The layer `slug`: 404 if the user may not read it, 403 if they may read but not change it."""
    layer = layers_readable(request.user).filter(slug=slug).select_related("owner", "published_version").first()
    if layer is None:
        raise Http404(f"no layer {slug!r}")
    if not can_edit_layer(request.user, layer):
        raise PermissionDenied("you may only change layers owned by your own country")
    return layer


class VersionUpload(APIView):
    parser_classes = [MultiPartParser, FormParser]
    permission_classes = [IsAuthenticated]

    @extend_schema(request=UploadOptions, responses={202: UploadStatus}, operation_id="layer_version_create",
                   summary="Upload a new version of a layer; 202 with the upload to follow")
    def post(self, request, slug):
        layer = editable_layer(request, slug)
        serializer = UploadOptions(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = upload_store(uploaded=serializer.validated_data["file"], user=request.user, layer=layer,
                              layer_metadata={}, options=_publish_flag(request, serializer))
        upload_enqueue(upload)
        return _accepted(request, upload)


class UploadDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: UploadStatus}, operation_id="upload_status",
                   summary="Status of an upload: queued, processing, ready, published or failed")
    def get(self, request, pk):
        upload = get_object_or_404(Upload.objects.select_related("layer__owner", "version"), pk=pk)
        mine = upload.created_by_id == request.user.pk
        if not (mine or (upload.layer and can_edit_layer(request.user, upload.layer))):
            raise Http404("no such upload")
        return Response(UploadStatus(upload).data)


class PublishRequest(serializers.Serializer):
    version = serializers.IntegerField(required=False, help_text="version number (default: the newest ready)")


class LayerPublish(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=PublishRequest, responses={200: LayerPublishedOut}, operation_id="layer_publish",
                   summary="Publish a ready version (the newest by default)")
    def post(self, request, slug):
        layer = editable_layer(request, slug)
        data = PublishRequest(data=request.data)
        data.is_valid(raise_exception=True)
        versions = layer.versions.filter(status__in=[LayerVersion.Status.READY, LayerVersion.Status.PUBLISHED])
        wanted = data.validated_data.get("version")
        version = versions.filter(number=wanted).first() if wanted else versions.order_by("-number").first()
        if version is None:
            raise Http404("no such ready version")
        layer = upload_version_publish(layer=layer, version=version, user=request.user)
        return Response({"layer": layer.slug, "published_version": version.number})


class LayerRollback(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: LayerPublishedOut}, operation_id="layer_rollback",
                   summary="Publish the version before the published one")
    def post(self, request, slug):
        layer = editable_layer(request, slug)
        layer = layer_rollback(layer=layer, user=request.user)
        return Response({"layer": layer.slug, "published_version": layer.published_version.number})


class EventSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="version_number", allow_null=True, read_only=True)
    user = serializers.CharField(source="user.username", allow_null=True, read_only=True)

    class Meta:
        model = LayerEvent
        fields = ["at", "action", "version", "user", "checksum", "detail"]


class LayerHistory(ListAPIView):
    serializer_class = EventSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no slug
            return LayerEvent.objects.none()
        layer = layers_readable(self.request.user).filter(slug=self.kwargs["slug"]).first()
        if layer is None:
            raise Http404("no such layer")
        return layer.events.select_related("user")


class ClassificationRequest(serializers.Serializer):
    classification = serializers.JSONField(help_text='{"field": "mag", "ranges": [[7, "high"], [6, "medium"], '
                                                     '[null, "low"]]}, {"field": "type", "values": {…}}, '
                                                     '{"level": "high"} or {} for none',
                                           validators=[classification_validator])


class LayerClassification(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ClassificationRequest, responses={200: LayerClassificationOut},
                   operation_id="layer_classify",
                   summary="Map an attribute's values or ranges to hazard levels; re-applied to every version")
    def post(self, request, slug):
        layer = editable_layer(request, slug)
        data = ClassificationRequest(data=request.data)
        data.is_valid(raise_exception=True)
        layer = layer_classify(layer=layer, classification=data.validated_data["classification"] or {},
                               user=request.user)
        return Response({"layer": layer.slug, "classification": layer.classification})


class AccessRequest(serializers.Serializer):
    access = serializers.ChoiceField(choices=Layer.Access.choices, help_text="public or restricted")


class LayerAccess(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=AccessRequest, responses={200: LayerAccessOut}, operation_id="layer_access_set",
                   summary="Make a layer public or restricted; every derived output follows before the answer")
    def post(self, request, slug):
        layer = editable_layer(request, slug)
        data = AccessRequest(data=request.data)
        data.is_valid(raise_exception=True)
        layer = layer_access_set(layer=layer, access=data.validated_data["access"], user=request.user)
        return Response({"layer": layer.slug, "access": layer.access})
