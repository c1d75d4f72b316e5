from django.urls import path

from . import views

app_name = "ogc"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("conformance", views.conformance, name="conformance"),
    path("api", views.openapi, name="openapi"),
    path("collections", views.collections, name="collections"),
    path("collections/<slug:slug>", views.collection, name="collection"),
    path("collections/<slug:slug>/queryables", views.queryables, name="queryables"),
    path("collections/<slug:slug>/items", views.items, name="items"),
    path("collections/<slug:slug>/items/<int:fid>", views.item, name="item"),
]
