"""URLs of the early-warning system: the REST API (mounted under /api/v1/) and the CAP surfaces (/cap/)."""

from django.urls import path

from . import api, areas, cap, pages, public

api_urlpatterns = [
    path("alerts/", api.AlertList.as_view(), name="alert-list"),
    path("alerts/<int:pk>/", api.AlertDetail.as_view(), name="alert-detail"),
    path("alerts/<int:pk>/reach/", api.AlertReach.as_view(), name="alert-reach"),
    path("alerts/<int:pk>/send/", api.AlertSend.as_view(), name="alert-send"),
    path("alerts/<int:pk>/update/", api.AlertUpdate.as_view(), name="alert-update"),
    path("alerts/<int:pk>/cancel/", api.AlertCancel.as_view(), name="alert-cancel"),
    path("alerts/<int:pk>/acknowledge/", api.AlertAcknowledge.as_view(), name="alert-acknowledge"),
    path("alerts/areas/from-file/", areas.AlertAreaFromFile.as_view(), name="alert-area-file"),
    path("alerts/<int:pk>/approve/", api.AlertApprove.as_view(), name="alert-approve"),
    path("focal-points/", api.FocalPointList.as_view(), name="focal-point-list"),
    path("focal-points/<int:pk>/", api.FocalPointDetail.as_view(), name="focal-point-detail"),
]

page_urlpatterns = [
    path("", pages.dashboard, name="alerts-dashboard"),
    path("new/", pages.compose, name="alerts-compose"),
    path("<int:pk>/acknowledge/", pages.dashboard_acknowledge, name="alerts-dashboard-acknowledge"),
    # Last: an identifier (urn:oid:…, with colons and dots) is any one path segment.
    path("<str:identifier>/", public.alert_public_page, name="alert-page"),
]

cap_urlpatterns = [
    path("feed.atom", cap.regional_feed, name="cap-feed"),
    path("test/feed.atom", cap.test_feed, name="cap-test-feed"),
    path("<str:iso3>/feed.atom", cap.country_feed, name="cap-country-feed"),
    path("alerts/<str:identifier>.xml", cap.alert_document, name="cap-alert"),
    path("inbox/", cap.inbox, name="cap-inbox"),
    path("acknowledge/<str:token>/", cap.acknowledge_link, name="cap-acknowledge"),
    path("acknowledge/<str:token>/area.png", cap.acknowledge_map, name="cap-acknowledge-map"),
]
