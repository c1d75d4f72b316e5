"""An alert area from an uploaded file (GeoJSON, zipped Shapefile, GeoPackage, KML/KMZ): read by the ingest
readers, made a valid CAP area, returned as GeoJSON for the composer to show and send back as the area."""

import json
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from alerts.geometry import area_from_file
from hazards.access import can_issue_any_alerts
from hazards.errors import DomainError, Forbidden
from web.schemas import ALERT_AREA

MAX_BYTES = 20 * 1024 * 1024


class AlertAreaFromFile(APIView):
    """POST a file (multipart field `file`): the polygons it holds as one valid CAP area (GeoJSON, lon/lat, at most
    CAP_POLYGON_MAX_VERTICES vertices). Duty officers and regional administrators only."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}}}}, responses={200: ALERT_AREA},
        operation_id="alert_area_from_file")
    def post(self, request):
        if not can_issue_any_alerts(request.user):
            raise Forbidden("not_issuer", _("only duty officers and regional administrators issue alerts"))
        uploaded = request.FILES.get("file")
        if uploaded is None:
            raise DomainError("file_required", _("send the area as a file in the field “file”"))
        if uploaded.size > MAX_BYTES:
            raise DomainError("file_too_large", _("an area file may be at most 20 MB"))
        name = Path(uploaded.name).name
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / name
            with open(path, "wb") as out:
                for chunk in uploaded.chunks():
                    out.write(chunk)
            area = area_from_file(path, name)  # an IngestError answers 400 in the reader's language
        return Response({"type": "Feature", "properties": {"name": Path(name).stem, "vertices": area.num_points},
                         "geometry": json.loads(area.geojson)})
