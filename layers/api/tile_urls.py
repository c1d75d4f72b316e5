from django.urls import path, re_path

from . import tiles

app_name = "tiles"

SOURCE = "(?P<source>countries|admin-areas)"
ZXY = r"(?P<z>\d+)/(?P<x>\d+)/(?P<y>\d+)"

urlpatterns = [
    re_path(rf"^{SOURCE}\.json$", tiles.BoundaryTileJSON.as_view(), name="boundary-tilejson"),
    re_path(rf"^{SOURCE}/$", tiles.BoundaryTileRoot.as_view(), name="boundary-root"),
    re_path(rf"^{SOURCE}/{ZXY}\.pbf$", tiles.BoundaryTile.as_view(), name="boundary-tile"),
    path("<slug:slug>.json", tiles.LayerTileJSON.as_view(), name="layer-tilejson"),
    path("<slug:slug>/", tiles.LayerTileRoot.as_view(), name="layer-root"),
    path("<slug:slug>/<int:z>/<int:x>/<int:y>.pbf", tiles.LayerTile.as_view(), name="layer-tile"),
    path("<slug:slug>/<int:z>/<int:x>/<int:y>.png", tiles.RasterTile.as_view(), name="raster-tile"),
]
