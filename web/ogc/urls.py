from django.urls import path

from . import views

app_name = "ogc"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("conformance", views.conformance, name="conformance"),
    path("api", views.openapi, name="openapi"),
    path("collections", views.collections, name="collections"),
    # The active alerts before the layers' routes: "alerts" is a reserved collection id.
    path("collections/alerts", views.alerts_collection, name="alerts-collection"),
    path("collections/alerts/queryables", views.alerts_queryables, name="alerts-queryables"),
    path("collections/alerts/items", views.alerts_items, name="alerts-items"),
    path("collections/alerts/items/<int:fid>", views.alerts_item, name="alerts-item"),
    path("collections/<slug:slug>", views.collection, name="collection"),
    path("collections/<slug:slug>/queryables", views.queryables, name="queryables"),
    path("collections/<slug:slug>/items", views.items, name="items"),
    path("collections/<slug:slug>/items/<int:fid>", views.item, name="item"),
]
