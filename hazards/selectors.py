"""Reads of the domain. Every endpoint that shows layers starts from `layers_visible`, so access to
restricted layers is decided in one place."""

from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL

from .access import layers_readable
from .models import AdminArea, Country, HazardType, Layer


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



def admin_areas_list(*, country: str | None = None, level: str | int | None = None) -> QuerySet[AdminArea]:
    """Admin areas, optionally of one country (ISO3) and one level."""
    areas = AdminArea.objects.select_related("country", "parent").defer("geom", "parent__geom", "country__geom")
    if country:
        areas = areas.filter(country__iso3=country.upper())
    if level:
        areas = areas.filter(level=int(level))
    return areas
