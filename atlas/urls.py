from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import passport_views, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", include("layers.api.urls")),
    path("tiles/", include("layers.api.tile_urls")),
    path("ogc/", include("layers.ogc.urls")),
    path("ogc", RedirectView.as_view(url="/ogc/", query_string=True)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(domain="djangojs"), name="javascript-catalog"),
    path("upload/", include("layers.web.urls")),
    path("passport/", passport_views.overview, name="passport-overview"),
    path("passport/matrix/<str:origin>/<str:target>/", passport_views.cell, name="passport-cell"),
    path("passport/<str:iso3>/", passport_views.country_or_area, name="passport"),
    path("passport/<str:iso3>/pdf/", passport_views.pdf, name="passport-pdf"),
    path("passport/<str:iso3>/<str:area_code>/", passport_views.country_or_area, name="passport-area"),
    path("passport/<str:iso3>/<str:area_code>/pdf/", passport_views.pdf, name="passport-area-pdf"),
    path("", views.map_page, name="map"),
]
