"""API representations. Names and titles come in the request's language and in all three."""

from django.urls import reverse
from rest_framework import serializers

from hazards.i18n import localized, translations
from hazards.models import AdminArea, Country, HazardType, Layer
from serving.downloads import download_formats
from serving.tiles import cluster_max_zoom


class HazardTypeSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    names = serializers.SerializerMethodField()

    class Meta:
        model = HazardType
        fields = ["code", "name", "names", "colour"]

    def get_name(self, obj) -> str:
        return localized(obj, "name")

    def get_names(self, obj) -> dict[str, str]:
        return translations(obj, "name")


class CountrySerializer(HazardTypeSerializer):
    area_km2 = serializers.FloatField(read_only=True)

    class Meta:
        model = Country
        fields = ["iso3", "iso2", "name", "names", "is_member", "population", "area_km2"]


class LayerSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    titles = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    hazard_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    owner = serializers.SlugRelatedField(slug_field="iso3", read_only=True, allow_null=True)
    # Declared for the schema: an address or "" (a model URLField documents "" ambiguously, as two matching oneOfs).
    source_url = serializers.CharField(read_only=True, help_text="the source's address (URL), or empty")
    countries = serializers.ListField(source="published_version.countries", read_only=True)
    transboundary_count = serializers.IntegerField(source="published_version.transboundary_count", read_only=True)
    version = serializers.IntegerField(source="published_version.number", read_only=True)
    published_at = serializers.DateTimeField(source="published_version.published_at", read_only=True)
    feature_count = serializers.IntegerField(source="published_version.feature_count", read_only=True)
    geometry_types = serializers.ListField(source="published_version.geometry_types", read_only=True)
    bbox = serializers.ListField(source="published_version.bbox", read_only=True)
    cluster_max_zoom = serializers.SerializerMethodField(
        help_text="the zoom from which the vector tiles hold every point; below it, clusters (null: never)")
    official = serializers.BooleanField(
        read_only=True, help_text="true: an official layer, counted in the regional outputs (levels, the matrix, "
                                  "passports, exposure, coverage, alert reach); false: provisional, shown but never "
                                  "counted until the regional centre marks it official")
    links = serializers.SerializerMethodField()

    class Meta:
        model = Layer
        fields = ["slug", "title", "titles", "description", "hazard_type", "owner", "countries", "transboundary_count",
                  "kind", "access", "official", "role", "version",
                  "published_at", "feature_count", "geometry_types", "bbox", "classification", "time_field", "style",
                  "source", "source_url", "licence", "attribution", "attribute_labels", "cluster_max_zoom",
                  "links"]

    def get_title(self, obj) -> str:
        return localized(obj, "title")

    def get_cluster_max_zoom(self, obj) -> int | None:
        return cluster_max_zoom(obj)

    def get_titles(self, obj) -> dict[str, str]:
        return translations(obj, "title")

    def get_description(self, obj) -> str:
        return localized(obj, "description")

    def get_links(self, obj) -> dict:
        request = self.context.get("request")

        def url(name, **kwargs):
            path = reverse(name, kwargs={"slug": obj.slug, **kwargs})
            return request.build_absolute_uri(path) if request else path

        links = {
            "self": url("api:layer-detail"),
            "page": url("layer-page"),
            "tilejson": url("tiles:layer-tilejson"),
            "downloads": {fmt: f"{url('api:layer-download')}?format={fmt}" for fmt in download_formats(obj)},
        }
        if obj.kind == Layer.Kind.RASTER:
            links.update(tiles=url("tiles:layer-root") + "{z}/{x}/{y}.png", value=url("api:layer-value"))
        else:
            links.update(tiles=url("tiles:layer-root") + "{z}/{x}/{y}.pbf", features=url("api:layer-features"),
                         ogc_collection=url("ogc:collection"))
        return links


class AdminAreaSerializer(HazardTypeSerializer):
    country = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = AdminArea
        fields = ["id", "code", "level", "country", "parent", "name", "names", "source", "licence"]
