from django.urls import path

from . import layers, map, passports, upload

urlpatterns = [
    path("healthz", map.healthz, name="healthz"),
    path("upload/", upload.upload_page, name="upload"),
    path("layers/<slug:slug>/", layers.layer_page, name="layer-page"),
    path("passport/", passports.overview, name="passport-overview"),
    path("passport/matrix/<str:origin>/<str:target>/", passports.cell, name="passport-cell"),
    path("passport/<str:iso3>/", passports.country_or_area, name="passport"),
    path("passport/<str:iso3>/pdf/", passports.pdf, name="passport-pdf"),
    path("passport/<str:iso3>/<str:area_code>/", passports.country_or_area, name="passport-area"),
    path("passport/<str:iso3>/<str:area_code>/pdf/", passports.pdf, name="passport-area-pdf"),
    path("", map.map_page, name="map"),
]
