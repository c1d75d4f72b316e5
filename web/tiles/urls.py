from django.urls import path, re_path

from serving.tiles import BOUNDARY_SOURCES

from . import alerts, basemap, views

app_name = "tiles"

SOURCE = "(?P<source>" + "|".join(BOUNDARY_SOURCES) + ")"
ZXY = r"(?P<z>\d+)/(?P<x>\d+)/(?P<y>\d+)"

urlpatterns = [
    path("alerts.json", alerts.AlertTileJSON.as_view(), name="alerts-tilejson"),
    path("alerts/", alerts.AlertTileRoot.as_view(), name="alerts-root"),
    path("alerts/<int:z>/<int:x>/<int:y>.mvt", alerts.AlertTile.as_view(), name="alerts-tile"),
    path("basemap.json", basemap.BaseMapTileJSON.as_view(), name="basemap-tilejson"),
    path("basemap/", basemap.BaseMapTileRoot.as_view(), name="basemap-root"),
    path("basemap/<int:z>/<int:x>/<int:y>.pbf", basemap.BaseMapTile.as_view(), name="basemap-tile"),
    re_path(rf"^{SOURCE}\.json$", views.BoundaryTileJSON.as_view(), name="boundary-tilejson"),
    re_path(rf"^{SOURCE}/$", views.BoundaryTileRoot.as_view(), name="boundary-root"),
    re_path(rf"^{SOURCE}/{ZXY}\.pbf$", views.BoundaryTile.as_view(), name="boundary-tile"),
    path("<slug:slug>.json", views.LayerTileJSON.as_view(), name="layer-tilejson"),
    path("<slug:slug>/", views.LayerTileRoot.as_view(), name="layer-root"),
    path("<slug:slug>/<int:z>/<int:x>/<int:y>.pbf", views.LayerTile.as_view(), name="layer-tile"),
    path("<slug:slug>/<int:z>/<int:x>/<int:y>.png", views.RasterTile.as_view(), name="raster-tile"),
]
