from django.urls import path

from web.alerts.urls import api_urlpatterns as alerts_urlpatterns

from . import downloads, features, official, passports, raster, search, uploads, views

app_name = "api"

urlpatterns = [
    path("hazard-types/", views.HazardTypeList.as_view(), name="hazard-type-list"),
    path("countries/", views.CountryList.as_view(), name="country-list"),
    path("layers/", views.LayerList.as_view(), name="layer-list"),
    path("layers/<slug:slug>/", views.LayerDetail.as_view(), name="layer-detail"),
    path("layers/<slug:slug>/features/", features.FeatureList.as_view(), name="layer-features"),
    path("layers/<slug:slug>/features/<int:fid>/", features.FeatureDetail.as_view(), name="layer-feature"),
    path("layers/<slug:slug>/download/", downloads.LayerDownload.as_view(), name="layer-download"),
    path("layers/<slug:slug>/value/", raster.RasterValue.as_view(), name="layer-value"),
    path("layers/<slug:slug>/versions/", uploads.VersionUpload.as_view(), name="layer-versions"),
    path("layers/<slug:slug>/publish/", uploads.LayerPublish.as_view(), name="layer-publish"),
    path("layers/<slug:slug>/rollback/", uploads.LayerRollback.as_view(), name="layer-rollback"),
    path("layers/<slug:slug>/history/", uploads.LayerHistory.as_view(), name="layer-history"),
    path("layers/<slug:slug>/classification/", uploads.LayerClassification.as_view(), name="layer-classification"),
    path("layers/<slug:slug>/access/", uploads.LayerAccess.as_view(), name="layer-access"),
    path("layers/<slug:slug>/official/", official.LayerOfficial.as_view(), name="layer-official"),
    path("deleted-layers/<slug:slug>/history/", official.DeletedLayerHistory.as_view(), name="deleted-layer-history"),
    path("uploads/<uuid:pk>/", uploads.UploadDetail.as_view(), name="upload-detail"),
    path("search/", search.Search.as_view(), name="search"),
    path("passports/", passports.PassportOverview.as_view(), name="passport-overview"),
    path("coverage/", passports.Coverage.as_view(), name="coverage"),
    path("passports/<str:iso3>/", passports.Passport.as_view(), name="passport"),
    path("passports/<str:iso3>/<str:area>/", passports.AreaPassport.as_view(), name="passport-area"),
    path("admin-areas/", views.AdminAreaList.as_view(), name="admin-area-list"),
    *alerts_urlpatterns,
]
