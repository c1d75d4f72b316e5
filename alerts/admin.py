"""Admin pages of the early-warning system: the focal-point registry and the external feeds to edit; sent
messages and refused submissions to read only."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hazards.access import is_admin

from .models import Acknowledgement, Alert, Delivery, ExternalFeed, FocalPoint, RejectedMessage
from .signing import certificate_error


class FocalPointForm(forms.ModelForm):
    """The admin's form (the admin sets model and fields): a pinned certificate must load; the outbound token is
    written, never shown (left empty, the stored one is kept); a signing key must be one of ATLAS_CAP_SIGNING."""

    outbound_token = forms.CharField(
        label=_("outbound token"), required=False, strip=True, widget=forms.PasswordInput(render_value=False),
        help_text=_("set when this focal point is a node: the API token its inbox expects from this atlas; "
                    "leave empty to keep the stored one"))
    clear_outbound_token = forms.BooleanField(label=_("remove the outbound token"), required=False)

    def clean_certificate(self) -> str:
        pem = self.cleaned_data.get("certificate", "").strip()
        if pem and (error := certificate_error(pem)):
            raise forms.ValidationError(error)
        return pem

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("clear_outbound_token"):
            cleaned["outbound_token"] = ""
        elif not cleaned.get("outbound_token"):
            cleaned["outbound_token"] = self.instance.outbound_token
        if cleaned["outbound_token"] and "webhook_url" in self.fields and not cleaned.get("webhook_url"):
            self.add_error("webhook_url", _("a node needs its inbox's address here (with the outbound token)"))
        return cleaned

    def clean_signing_key(self) -> str:
        name = self.cleaned_data.get("signing_key", "").strip().upper()
        if name and name not in settings.CAP_SIGNING:
            raise forms.ValidationError(_("ATLAS_CAP_SIGNING has no key %(name)s") % {"name": name})
        return name


class RegionalAdministratorsOnly:
    """The registry is the regional administrators' (hazards.access.is_admin: role `admin` or superuser), whatever
    model permissions an account holds; nobody deletes a focal point (deliveries and acknowledgements keep pointing
    at it): it is deactivated."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_admin(request.user)

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return is_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(FocalPoint)
class FocalPointAdmin(RegionalAdministratorsOnly, admin.ModelAdmin):
    """The focal points, their contacts and each country's escalation chain: the order and the active flag are
    edited in the list, country by country."""

    form = FocalPointForm
    list_display = ["address", "duty_unit", "country", "is_regional_centre", "escalation_order", "active", "is_relay",
                    "senders"]
    list_editable = ["escalation_order", "active"]
    list_filter = ["country", "is_regional_centre", "active"]
    ordering = ["is_regional_centre", "country__iso3", "escalation_order", "address"]
    search_fields = ["address", "duty_unit"]


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source_country", "msg_type", "status", "scope", "track", "state", "sent"]
    list_filter = ["state", "track", "status", "msg_type", "scope", "source_country"]
    search_fields = ["identifier", "incidents", "sender"]
    readonly_fields = [field.name for field in Alert._meta.fields]

    def has_change_permission(self, request: HttpRequest, obj: Alert | None = None) -> bool:
        return obj is None or obj.state == Alert.State.DRAFT


def _text(data: bytes | memoryview | None) -> str:
    return bytes(data).decode("utf-8", errors="replace") if data else ""


@admin.register(RejectedMessage)
class RejectedMessageAdmin(admin.ModelAdmin):
    list_display = ["received_at", "source", "focal_point", "error", "repeats", "reference", "sha256"]
    list_filter = ["source", "error", "focal_point"]
    search_fields = ["reference", "sha256", "url"]
    fields = readonly_fields = ("received_at", "source", "url", "focal_point", "user", "error", "reasons",
                                "reference", "sha256", "repeats", "last_repeat_at", "received_text", "reply_text")

    @admin.display(description=_("bytes received (as text)"))
    def received_text(self, obj: RejectedMessage) -> str:
        return _text(obj.data)

    @admin.display(description=_("CAP Error answered"))
    def reply_text(self, obj: RejectedMessage) -> str:
        return _text(obj.reply)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(ExternalFeed)
class ExternalFeedAdmin(admin.ModelAdmin):
    list_display = ["url", "focal_point", "active", "last_polled_at", "last_ok_at", "last_error"]
    list_filter = ["active"]
    readonly_fields = ["etag", "last_modified", "entries", "last_polled_at", "last_ok_at", "last_error"]


admin.site.register(Delivery)
admin.site.register(Acknowledgement)
