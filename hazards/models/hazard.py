"""Hazard types and the four ThinkHazard!-style levels."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hazards.errors import DomainError
from hazards.i18n import Named


class HazardLevel(models.IntegerChoices):
    """Ordered so that the worst level is the maximum; NULL in the database means no data."""

    VERY_LOW = 1, _("very low")
    LOW = 2, _("low")
    MEDIUM = 3, _("medium")
    HIGH = 4, _("high")

    @classmethod
    def from_code(cls, code: str) -> "HazardLevel":
        try:
            return cls[code.upper().replace(" ", "_")]
        except KeyError:
            raise DomainError("unknown_level",
                              f"unknown hazard level {code!r}; use one of: high, medium, low, very_low") from None

    @property
    def code(self) -> str:
        return self.name.lower()


class HazardType(Named):
    """A kind of hazard. The codes below are the base types the analysis has rules for; more can be added as
    data (with no rule they get no level). CONTEXT marks reference layers (rivers, places), never a hazard."""

    CONTEXT = "context"
    SEISMIC = "seismic"
    FLOOD = "flood"
    MUDFLOW = "mudflow"
    LANDSLIDE = "landslide"
    MANMADE = "manmade"

    code = models.SlugField(_("code"), max_length=40, unique=True)
    colour = models.CharField(_("colour"), max_length=7, default="#888888", help_text="#rrggbb")
    sort_order = models.PositiveSmallIntegerField(_("order on the map"), default=100)
    influence_km = models.FloatField(
        _("influence distance, km"), default=0,
        help_text=_("how far a feature of this type reaches neighbours directly; see docs/analysis.md"))
    flood_reach_km = models.FloatField(
        _("flood reach downstream, km"), default=0,
        help_text=_("how far downstream an outburst or a dam break of this type is counted for exposure (0: not "
                    "routed; the influence distance applies)"))
    river_snap_km = models.FloatField(
        _("distance to a river, km"), default=0,
        help_text=_("features this close to a river of the atlas get the countries downstream (0: never)"))

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("hazard type")
        verbose_name_plural = _("hazard types")

    def __str__(self):
        return self.name


class HazardAdvice(models.Model):
    """What to do about one hazard type at one level, as ThinkHazard! gives it: a short text in each language,
    shown beside the level in passports and editable in the admin."""

    hazard_type = models.ForeignKey(HazardType, on_delete=models.CASCADE, related_name="advice",
                                    verbose_name=_("hazard type"))
    level = models.PositiveSmallIntegerField(_("level"), choices=HazardLevel.choices)
    text_ru = models.TextField(_("advice (Russian)"))
    text_en = models.TextField(_("advice (English)"), blank=True)
    text_kk = models.TextField(_("advice (Kazakh)"), blank=True)

    class Meta:
        ordering = ["hazard_type__sort_order", "-level"]
        constraints = [models.UniqueConstraint(fields=["hazard_type", "level"], name="hazardadvice_unique_level")]
        verbose_name = _("advice")
        verbose_name_plural = _("advice per hazard type and level")

    def __str__(self):
        return f"{self.hazard_type.code} · {HazardLevel(self.level).code}"
