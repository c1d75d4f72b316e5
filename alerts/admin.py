"""Admin pages of the early-warning system: the focal-point registry to edit, sent messages to read only."""

from django.contrib import admin

from .models import Acknowledgement, Alert, Delivery, FocalPoint


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ["address", "duty_unit", "country", "is_regional_centre", "escalation_order", "active"]
    list_filter = ["country", "is_regional_centre", "active"]
    search_fields = ["address", "duty_unit"]


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source_country", "msg_type", "status", "scope", "track", "state", "sent"]
    list_filter = ["state", "track", "status", "msg_type", "scope", "source_country"]
    search_fields = ["identifier", "incidents", "sender"]
    readonly_fields = [field.name for field in Alert._meta.fields]

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.state == Alert.State.DRAFT


admin.site.register(Delivery)
admin.site.register(Acknowledgement)
