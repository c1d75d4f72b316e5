"""Reads of the domain. Every endpoint that shows layers starts from `layers_visible`, so access to
restricted layers is decided in one place."""

from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL

from .models import Country, HazardType, Layer


def layers_visible(user) -> QuerySet[Layer]:
    """Published layers `user` may read: public ones for everyone, restricted ones for staff."""
    layers = Layer.objects.filter(published_version__isnull=False)
    if not (user and user.is_authenticated and user.is_staff):
        layers = layers.filter(access=Layer.Access.PUBLIC)
    return layers.select_related("hazard_type", "owner", "published_version")


def countries_list() -> QuerySet[Country]:
    """Countries with their area in km² computed on the spheroid."""
    return Country.objects.annotate(
        area_km2=RawSQL("ST_Area(hazards_country.geom::geography) / 1e6", [], output_field=FloatField())
    ).defer("geom")


def hazard_types_list() -> QuerySet[HazardType]:
    return HazardType.objects.all()

