from django.urls import path

from . import alerts, views

app_name = "ogc"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("conformance", views.conformance, name="conformance"),
    path("api", views.openapi, name="openapi"),
    path("collections", views.collections, name="collections"),
    # The active alerts before the layers' routes: "alerts" is a reserved collection id.
    path("collections/alerts", alerts.collection, name="alerts-collection"),
    path("collections/alerts/queryables", alerts.queryables, name="alerts-queryables"),
    path("collections/alerts/items", alerts.items, name="alerts-items"),
    path("collections/alerts/items/<int:fid>", alerts.item, name="alerts-item"),
    path("collections/<slug:slug>", views.collection, name="collection"),
    path("collections/<slug:slug>/queryables", views.queryables, name="queryables"),
    path("collections/<slug:slug>/items", views.items, name="items"),
    path("collections/<slug:slug>/items/<int:fid>", views.item, name="item"),
]
