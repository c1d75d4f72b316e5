"""`?format=geojson` for the small reference lists (countries, admin areas): the serializer's fields as
properties and the boundary from ST_AsGeoJSON, joined as text."""

import json

from django.db import connection
from django.http import HttpResponse

from serving.params import _int

GEOJSON = "application/geo+json"


class GeoJSONListMixin:
    geojson_table = ""

    def list(self, request, *args, **kwargs):
        if request.GET.get("format") != "geojson":
            return super().list(request, *args, **kwargs)
        precision = _int(request.GET, "precision", 5, 0, 15)
        rows = list(self.filter_queryset(self.get_queryset()))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, ST_AsGeoJSON(geom, %s) FROM {self.geojson_table} WHERE id = ANY(%s)",
                           [precision, [row.pk for row in rows]])
            geometry = dict(cursor.fetchall())
        properties = self.get_serializer(rows, many=True).data
        features = ",".join(
            f'{{"type":"Feature","id":{row.pk},"geometry":{geometry[row.pk]},'
            f'"properties":{json.dumps(props, ensure_ascii=False)}}}'
            for row, props in zip(rows, properties, strict=True)
        )
        return HttpResponse(f'{{"type":"FeatureCollection","features":[{features}]}}', content_type=GEOJSON)
