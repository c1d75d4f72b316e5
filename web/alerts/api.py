"""The alerts REST API (/api/v1/alerts/, /api/v1/focal-points/): validate, call alerts.services, render."""

from datetime import UTC

import django_filters
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from alerts import registry, services
from alerts.models import Alert, FocalPoint
from alerts.registry import registry_check
from alerts.selectors import alert_for, alerts_visible
from alerts.sending import alert_send
from hazards.errors import NotFound

from .serializers import (
    AcknowledgementOut,
    AlertDetailOut,
    AlertOut,
    DraftEdit,
    DraftIn,
    FocalPointIn,
    FocalPointSerializer,
    NoteIn,
    ReachOut,
    SentOut,
)


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time read as DRF's DateTimeField reads one (any UTC offset Python accepts, brought to UTC:
    PostgreSQL refuses offsets beyond ±15:59); one it cannot place in time is a 400 naming the parameter."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None or timezone.is_naive(parsed):
            return parsed
        try:
            return parsed.astimezone(UTC)
        except OverflowError:  # year 1 or 9999 pushed out of the calendar by the offset
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class AlertFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(field_name="source_country__iso3", lookup_expr="iexact",
                                        help_text="ISO3 code of the issuing country")
    hazard = django_filters.CharFilter(field_name="hazard_type__code", help_text="hazard type code")
    status = django_filters.ChoiceFilter(choices=Alert.Status.choices)
    msg_type = django_filters.ChoiceFilter(choices=Alert.MsgType.choices)
    scope = django_filters.ChoiceFilter(choices=Alert.Scope.choices)
    state = django_filters.ChoiceFilter(choices=Alert.State.choices)
    track = django_filters.ChoiceFilter(choices=Alert.Track.choices)
    incident = django_filters.CharFilter(field_name="incidents", help_text="all messages of one incident")
    sent_after = UtcDateTimeFilter(field_name="sent", lookup_expr="gte")
    sent_before = UtcDateTimeFilter(field_name="sent", lookup_expr="lt")

    class Meta:
        model = Alert
        fields = ["country", "hazard", "status", "msg_type", "scope", "state", "track", "incident"]


def _detail(request, alert, code=status.HTTP_200_OK):
    return Response(AlertDetailOut(alert, context={"request": request}).data, status=code)


class AlertList(generics.ListAPIView):
    """GET: the messages the user may read (filters by country, hazard, status, type, time, incident).
    POST: a new draft with its infos (one per language) and areas (GeoJSON, admin area codes, circles)."""

    serializer_class = AlertOut
    filterset_class = AlertFilter

    def get_queryset(self):
        return alerts_visible(self.request.user).order_by("-sent", "-id")

    @extend_schema(request=DraftIn, responses={201: AlertDetailOut}, operation_id="alert_draft_create")
    def post(self, request):
        data = _valid(DraftIn, request)
        alert = services.alert_draft_create(user=request.user, **data)
        return _detail(request, alert, status.HTTP_201_CREATED)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class AlertDetail(APIView):
    """One message with its infos, areas, reach, deliveries and acknowledgements; PATCH edits a draft."""

    @extend_schema(responses={200: AlertDetailOut}, operation_id="alert_detail")
    def get(self, request, pk):
        return _detail(request, alert_for(request.user, pk))

    @extend_schema(request=DraftEdit, responses={200: AlertDetailOut}, operation_id="alert_draft_edit")
    def patch(self, request, pk):
        alert = services.alert_draft_edit(alert=alert_for(request.user, pk), user=request.user,
                                          **_valid(DraftEdit, request))
        return _detail(request, alert)


class AlertReach(APIView):
    """The reach of the alert's area: GET shows the stored one, POST (re)computes a draft's."""

    @extend_schema(responses={200: ReachOut}, operation_id="alert_reach")
    def get(self, request, pk):
        alert = alert_for(request.user, pk)
        reach = getattr(alert, "reach", None)
        if reach is None:
            raise NotFound("no_reach", _("the reach has not been computed yet: POST to compute it"))
        return Response(ReachOut(reach).data)

    @extend_schema(request=None, responses={200: ReachOut}, operation_id="alert_reach_compute")
    def post(self, request, pk):
        reach = services.alert_reach(alert=alert_for(request.user, pk), user=request.user)
        return Response(ReachOut(reach).data)


class AlertSend(APIView):
    """Send a draft: the national public alert and the regional message to the neighbours in the reach."""

    @extend_schema(request=None, responses={201: SentOut}, operation_id="alert_send")
    def post(self, request, pk):
        national, regional = alert_send(alert=alert_for(request.user, pk), user=request.user)
        context = {"request": request}
        return Response({"national": AlertDetailOut(national, context=context).data,
                         "regional": AlertDetailOut(regional, context=context).data}, status=status.HTTP_201_CREATED)


class AlertUpdate(APIView):
    """A draft Update of the alert's incident (infos and areas optional: else copied); send it to issue."""

    @extend_schema(request=DraftEdit, responses={201: AlertDetailOut}, operation_id="alert_update")
    def post(self, request, pk):
        data = _valid(DraftEdit, request)
        draft = services.alert_update_draft(alert=alert_for(request.user, pk), user=request.user, **data)
        return _detail(request, draft, status.HTTP_201_CREATED)


class AlertCancel(APIView):
    """Cancel the alert's incident: Cancel messages on both tracks, sent at once."""

    @extend_schema(request=NoteIn, responses={201: SentOut}, operation_id="alert_cancel")
    def post(self, request, pk):
        national, regional = services.alert_cancel(alert=alert_for(request.user, pk), user=request.user,
                                                   note=_valid(NoteIn, request)["note"])
        context = {"request": request}
        return Response({"national": AlertDetailOut(national, context=context).data,
                         "regional": AlertDetailOut(regional, context=context).data}, status=status.HTTP_201_CREATED)


class AlertAcknowledge(APIView):
    """Operator acknowledgement of a regional message by a duty officer of an addressed focal point."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=NoteIn, responses={201: AcknowledgementOut, 200: AcknowledgementOut},
                   operation_id="alert_acknowledge",
                   description="Records a CAP Ack to the original sender; acknowledging again answers 200 with the "
                               "first acknowledgement (one Ack per focal point).")
    def post(self, request, pk):
        ack, created = services.acknowledgement_operator(alert=alert_for(request.user, pk), user=request.user,
                                                         note=_valid(NoteIn, request)["note"])
        return Response(AcknowledgementOut(ack).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class AlertApprove(APIView):
    """A second duty officer of the draft's country (or a regional administrator) approves it for sending
    (needed when ATLAS_CAP_REQUIRE_APPROVAL is on); the draft's author may not. Editing the draft withdraws it."""

    @extend_schema(request=None, responses={200: AlertDetailOut}, operation_id="alert_approve")
    def post(self, request, pk):
        return _detail(request, services.alert_approve(alert=alert_for(request.user, pk), user=request.user))


class FocalPointList(generics.ListAPIView):
    """GET: the focal-point registry (no secrets): for regional administrators, duty officers and focal points.
    POST: register a focal point (regional administrators only; 403 for everyone else)."""

    serializer_class = FocalPointSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None

    def get_queryset(self):
        return registry.focal_points_readable(self.request.user)

    @extend_schema(request=FocalPointIn, responses={201: FocalPointSerializer}, operation_id="focal_point_create")
    def post(self, request):
        registry_check(request.user)
        point = registry.focal_point_create(user=request.user, values=_valid(FocalPointIn, request))
        return Response(FocalPointSerializer(point).data, status=status.HTTP_201_CREATED)


class FocalPointDetail(APIView):
    """One focal point: GET reads it, PATCH changes the fields given (contacts, languages, its place in the chain),
    DELETE deactivates it (kept with its history, no longer addressed). Writes: regional administrators only."""

    permission_classes = [permissions.IsAuthenticated]

    def _point(self, pk: int) -> FocalPoint:
        point = registry.focal_points_readable(self.request.user).filter(pk=pk).first()
        if point is None:
            raise NotFound("no_focal_point", _("no such focal point"))
        return point

    @extend_schema(responses={200: FocalPointSerializer}, operation_id="focal_point_detail")
    def get(self, request, pk):
        return Response(FocalPointSerializer(self._point(pk)).data)

    @extend_schema(request=FocalPointIn, responses={200: FocalPointSerializer}, operation_id="focal_point_update")
    def patch(self, request, pk):
        registry_check(request.user)
        serializer = FocalPointIn(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        point = registry.focal_point_update(user=request.user, point=self._point(pk), values=serializer.validated_data)
        return Response(FocalPointSerializer(point).data)

    @extend_schema(request=None, responses={200: FocalPointSerializer}, operation_id="focal_point_deactivate")
    def delete(self, request, pk):
        registry_check(request.user)
        point = registry.focal_point_deactivate(user=request.user, point=self._point(pk))
        return Response(FocalPointSerializer(point).data)
