"""The upload page for editors: the form posts to the REST API; the page follows the job and shows a preview."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse

from hazards.access import can_edit_layer, can_upload, is_admin, layers_readable
from hazards.models import Country, HazardType, Layer
from web.pages.vendor import maplibre_urls
from web.urls import url_template


@login_required
def upload_page(request):
    if not can_upload(request.user):
        raise PermissionDenied("only editors and regional administrators upload layers")
    admin = is_admin(request.user)
    membership = getattr(request.user, "membership", None)
    countries = Country.objects.filter(is_member=True) if admin else Country.objects.filter(pk=membership.country_id)
    editable = [layer for layer in layers_readable(request.user).select_related("owner").order_by("slug")
                if can_edit_layer(request.user, layer)]
    return render(request, "upload/upload.html", {
        "hazard_types": HazardType.objects.all(), "countries": countries, "regional": admin,
        "layers": editable, "access_choices": Layer.Access.choices,
        "config": {
            "api": {"layers": reverse("api:layer-list"),
                    "versions": url_template("api:layer-versions", slug=("slug", "slug")),
                    "publish": url_template("api:layer-publish", slug=("slug", "slug")),
                    "upload": url_template("api:upload-detail", pk=("uuid", "id"))},
            "tiles": {"countries": reverse("tiles:boundary-root", kwargs={"source": "countries"}) + "{z}/{x}/{y}.pbf",
                      "basemap": reverse("tiles:basemap-root") + "{z}/{x}/{y}.pbf"},
            "pages": {"map": reverse("map")},
            "vendor": {**maplibre_urls(), "glyphs": static("vendor/glyphs/") + "{fontstack}/{range}.pbf"},
        },
    })
