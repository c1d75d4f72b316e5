"""Reads of the domain. Every endpoint that shows layers starts from `layers_visible`, so access to
restricted layers is decided in one place."""

from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL

from .access import layers_readable
from .models import Country, HazardType, Layer


def layers_visible(user) -> QuerySet[Layer]:
    """Published layers `user` may read (hazards.access decides which)."""
    return layers_readable(user).filter(published_version__isnull=False).select_related(
        "hazard_type", "owner", "published_version")


def countries_list() -> QuerySet[Country]:
    """Countries with their area in km² computed on the spheroid."""
    return Country.objects.annotate(
        area_km2=RawSQL("ST_Area(hazards_country.geom::geography) / 1e6", [], output_field=FloatField())
    ).defer("geom")


def hazard_types_list() -> QuerySet[HazardType]:
    return HazardType.objects.all()

