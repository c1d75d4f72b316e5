"""Admin for the domain, with Leaflet map widgets. Versions and features are read-only: they change only
through the ingest pipeline and the publish service."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from .analysis.scope import LAYER_INPUTS
from .classification import classification_validate
from .errors import DomainError
from .models import (
    AdminArea,
    Country,
    Feature,
    HazardAdvice,
    HazardType,
    Layer,
    LayerEvent,
    LayerVersion,
    Membership,
    River,
)
from .services.layers import analysis_schedule, layer_access_set, layer_classify, layer_delete, layer_official_set
from .services.users import user_admin_site_sync
from .services.versions import version_delete


@admin.register(Country)
class CountryAdmin(LeafletGeoAdmin):
    list_display = ["iso3", "name_ru", "name_en", "name_kk", "is_member", "trusted", "population"]
    list_filter = ["is_member", "trusted"]
    search_fields = ["iso3", "name_ru", "name_en", "name_kk"]


@admin.register(AdminArea)
class AdminAreaAdmin(LeafletGeoAdmin):
    list_display = ["code", "name_ru", "name_en", "name_kk", "country", "level", "parent"]
    list_filter = ["country", "level"]
    search_fields = ["code", "name_ru", "name_en", "name_kk"]
    raw_id_fields = ["parent"]


@admin.register(River)
class RiverAdmin(admin.ModelAdmin):
    """The curated river topology (fixtures/basins): what flows into what, through which countries."""

    list_display = ["code", "name_en", "name_ru", "flows_into", "countries", "joins_at", "basin"]
    list_filter = ["basin"]
    search_fields = ["code", "name_en", "name_ru", "name_kk"]


class HazardAdviceInline(admin.StackedInline):
    """What to do at each level, shown beside the level in passports (ThinkHazard!-style)."""

    model = HazardAdvice
    extra = 0
    max_num = 4
    fields = ["level", "text_ru", "text_en", "text_kk"]


@admin.register(HazardType)
class HazardTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ru", "name_en", "name_kk", "colour", "sort_order"]
    inlines = [HazardAdviceInline]


@admin.register(HazardAdvice)
class HazardAdviceAdmin(admin.ModelAdmin):
    list_display = ["hazard_type", "level", "text_ru"]
    list_filter = ["hazard_type", "level"]
    search_fields = ["text_ru", "text_en", "text_kk"]


class LayerVersionInline(admin.TabularInline):
    model = LayerVersion
    fk_name = "layer"
    extra = 0
    can_delete = False
    fields = ["number", "status", "feature_count", "source_name", "source_checksum", "created_by", "created_at",
              "published_at"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class LayerForm(forms.ModelForm):
    """The layer's change form: a classification is checked as the API checks it (a translated message on the
    field, never an error page)."""

    class Meta:
        model = Layer
        fields = "__all__"  # noqa: DJ007 — the admin shows every editable field of a layer

    def clean_classification(self):
        classification = self.cleaned_data.get("classification") or {}
        try:
            classification_validate(classification)
        except DomainError as error:
            raise forms.ValidationError(str(error.detail)) from error
        return classification


@admin.register(Layer)
class LayerAdmin(admin.ModelAdmin):
    form = LayerForm
    list_display = ["slug", "title_ru", "hazard_type", "owner", "kind", "access", "official", "published_version"]
    list_filter = ["hazard_type", "owner", "kind", "access", "official"]
    search_fields = ["slug", "title_ru", "title_en", "title_kk"]
    readonly_fields = ["official", "published_version", "created_at", "updated_at"]  # official: by the actions
    inlines = [LayerVersionInline]
    actions = ["mark_official", "mark_provisional"]

    def has_mark_official_permission(self, request) -> bool:
        return request.user.has_perm("hazards.mark_official")

    @admin.action(description=_("Mark official (counted in the regional outputs)"), permissions=["mark_official"])
    def mark_official(self, request, queryset):
        for layer in queryset:
            layer_official_set(layer=layer, official=True, user=request.user)

    @admin.action(description=_("Mark provisional (not counted)"), permissions=["mark_official"])
    def mark_provisional(self, request, queryset):
        for layer in queryset:
            layer_official_set(layer=layer, official=False, user=request.user)

    def get_deleted_objects(self, objs, request):
        """A layer's versions go with it, the published one included (refused only when deleted on its own)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(LayerVersion._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    def save_model(self, request, obj, form, change):
        """Changes of access and classification go through their services (derived outputs follow, history,
        analysis), inside the admin's transaction; a change of any other input of the analysis (label or population
        attribute, role, hazard type…: hazards.analysis.scope.LAYER_INPUTS) of a published layer queues the
        analysis, so passports, cells and search read the new settings; every other field is saved as usual."""
        changed = set(form.changed_data) if change else set()
        access, classification = obj.access, obj.classification
        if "access" in changed:
            obj.access = form.initial["access"]
        if "classification" in changed:
            obj.classification = form.initial["classification"]
        super().save_model(request, obj, form, change)
        if "access" in changed:
            layer_access_set(layer=obj, access=access, user=request.user)
        if "classification" in changed:
            layer_classify(layer=obj, classification=classification, user=request.user)
        if changed & set(LAYER_INPUTS) - {"access", "classification"} and obj.published_version_id:
            analysis_schedule(layer_id=obj.pk)
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        layer_delete(layer=obj, user=request.user)  # features set-based, one transaction, the analysis re-queued

    def delete_queryset(self, request, queryset):
        for layer in queryset:
            layer_delete(layer=layer, user=request.user)


@admin.register(LayerEvent)
class LayerEventAdmin(admin.ModelAdmin):
    """Every layer's history, deleted layers' included (their events keep the slug and title): read only."""

    list_display = ["at", "layer_slug", "layer_title", "action", "version_number", "user", "checksum"]
    list_filter = ["action"]
    search_fields = ["layer_slug", "layer_title", "detail"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LayerVersion)
class LayerVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "feature_count", "source_format", "created_by", "created_at", "published_at"]
    list_filter = ["status", "source_format", "layer__hazard_type"]
    search_fields = ["layer__slug", "source_name", "source_checksum"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        """The published version is never deleted: publish or roll back to another one first."""
        return super().has_delete_permission(request, obj) and not (obj and obj.status == obj.Status.PUBLISHED)

    def delete_model(self, request, obj):
        version_delete(version=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        # The admin refuses the whole action (403) when a published version is selected (has_delete_permission).
        for version in queryset:
            version_delete(version=version, user=request.user)


@admin.register(Feature)
class FeatureAdmin(LeafletGeoAdmin):
    list_display = ["id", "version", "fid", "hazard_level", "year", "countries", "transboundary"]
    list_filter = ["transboundary", "hazard_level", "version__layer"]
    list_select_related = ["version__layer"]
    show_full_result_count = False
    readonly_fields = ["version", "fid", "properties", "hazard_level", "year", "countries", "transboundary"]
    modifiable = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.site_header = _("Central Asia Hazards Atlas")
admin.site.site_title = _("Hazards Atlas")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "country"]
    list_filter = ["role", "country"]
    search_fields = ["user__username"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        user_admin_site_sync(user=obj.user, role=obj.role)
