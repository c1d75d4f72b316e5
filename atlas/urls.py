"""The URL map of the atlas: every HTTP surface lives in `web`; this only mounts it."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView

from web import cache
from web.alerts.urls import cap_urlpatterns
from web.alerts.urls import page_urlpatterns as alert_page_urlpatterns
from web.ogc import views as ogc_views
from web.pages.accounts import ThrottledPasswordResetView
from web.pages.apidocs import RedocDocs, SwaggerDocs, redoc_bundle

urlpatterns = [
    path("api/v1/", include("web.api.urls")),
    path("tiles/", include("web.tiles.urls")),
    path("cap/", include(cap_urlpatterns)),
    path("alerts/", include(alert_page_urlpatterns)),
    path("ogc/", include("web.ogc.urls")),
    path("ogc", ogc_views.landing, name="ogc-landing-bare"),  # QGIS 3.22 does not follow a redirect here
    path("_atlas/cache-key", cache.cache_key, name="cache-key"),  # asked by the shared cache (deploy/nginx.conf)
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SwaggerDocs.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", RedocDocs.as_view(url_name="schema"), name="redoc"),
    path("api/redoc/redoc.standalone.js", redoc_bundle, name="redoc-bundle"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/password_reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(domain="djangojs"), name="javascript-catalog"),
    path("", include("web.pages.urls")),
]
