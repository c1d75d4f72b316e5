"""Countries and their administrative areas: the reference geography every feature is placed in."""

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from hazards.i18n import Named


class Country(Named):
    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, blank=True)
    is_member = models.BooleanField(_("member of the regional centre"), default=False)
    population = models.BigIntegerField(_("population estimate"), null=True, blank=True)
    geom = models.MultiPolygonField(_("boundary"), srid=4326)
    source = models.CharField(_("source"), max_length=300, blank=True)
    trusted = models.BooleanField(
        _("trusted"), default=False,
        help_text=_("the regional centre trusts this country's data: its layers are official as soon as they are "
                    "published; otherwise each stays provisional until a regional administrator marks it official"))

    class Meta:
        ordering = ["-is_member", "name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return f"{self.name} ({self.iso3})"


class CountryPart(models.Model):
    """A country's boundary cut into small pieces (ST_Subdivide) so that point-in-country tests stay fast."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="parts")
    geom = models.PolygonField(srid=4326, spatial_index=True)

    class Meta:
        verbose_name = _("country part")


class AdminArea(Named):
    class Level(models.IntegerChoices):
        REGION = 1, _("first level (oblast, region, viloyat, velayat)")
        DISTRICT = 2, _("second level (district, rayon, tuman, etrap)")

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="admin_areas")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    code = models.CharField(_("code"), max_length=40, help_text=_("ISO 3166-2, KATO or the source's own id"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", verbose_name=_("parent")
    )
    geom = models.MultiPolygonField(_("boundary"), srid=4326)
    source = models.CharField(_("source"), max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)

    class Meta:
        ordering = ["country__iso3", "level", "name_en"]
        constraints = [models.UniqueConstraint(fields=["country", "level", "code"], name="adminarea_unique_code")]
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")

    def __str__(self):
        return f"{self.name} ({self.country.iso3})"
