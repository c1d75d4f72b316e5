"""The URLs of the map stack every map of the atlas loads (MapLibre GL and its Leaflet layer, npm packages
collected as static files): one place for the pages' configs."""

from django.templatetags.static import static


def maplibre_urls() -> dict[str, str]:
    """The collected MapLibre GL module, its stylesheet and the Leaflet layer that hosts it, as page-config URLs."""
    return {"maplibre": static("vendor/maplibre-gl/maplibre-gl.mjs"),
            "maplibreCss": static("vendor/maplibre-gl/maplibre-gl.css"),
            "maplibreLeaflet": static("vendor/maplibre-gl-leaflet/leaflet-maplibre-gl.js")}
