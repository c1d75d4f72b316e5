"""Results of the transboundary analysis, hazard levels per unit and population exposure.

All rows are derived from the published layers by hazards.analysis and replaced when recomputed (what changed
since the last run: hazards.analysis.scope)."""

from django.contrib.gis.db import models as gis_models
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from .feature import Feature
from .geography import AdminArea, Country
from .hazard import HazardLevel, HazardType
from .layer import Layer, LayerVersion


class Audience(models.TextChoices):
    """Who a derived output is computed for: from public layers only, or from every layer (restricted ones
    included). hazards.access.audience_for says which one a reader gets."""

    PUBLIC = "public", _("public layers only")
    FULL = "full", _("all layers, restricted ones included")


class FeatureAnalysis(models.Model):
    # Partitioned by version like the features (migration 0019): a version's analysis rows live and die with its
    # partitions, so neither reference is a database constraint (see Feature.version).
    feature = models.OneToOneField(Feature, primary_key=True, on_delete=models.DO_NOTHING, related_name="analysis",
                                   db_constraint=False)
    version = models.ForeignKey(LayerVersion, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                                db_index=False)
    border_distance_km = models.FloatField(_("distance to another member country, km"), null=True)
    influence_countries = ArrayField(models.CharField(max_length=3), default=list,
                                     verbose_name=_("countries within the influence distance"))
    downstream_countries = ArrayField(models.CharField(max_length=3), null=True,
                                      verbose_name=_("countries downstream"))
    river = models.CharField(_("river"), max_length=100, blank=True)
    downstream_path = ArrayField(models.CharField(max_length=100), default=list, blank=True,
                                 verbose_name=_("rivers downstream, in order"))
    flood_zone = gis_models.GeometryField(_("flood corridor downstream"), srid=4326, null=True, spatial_index=False)
    same_as = models.CharField(_("same object as"), max_length=60, blank=True, db_default="",
                               help_text=_("the code of the register object this feature is (matched by name and "
                                           "distance: hazards.analysis.matching)"))
    same_as_km = models.FloatField(_("distance to that register object, km"), null=True, blank=True)

    class Meta:
        verbose_name = _("feature analysis")

    def __str__(self):
        return f"analysis of feature {self.feature_id}"


class AreaLevel(models.Model):
    """The level of one hazard type in one country or admin area, with the evidence behind it."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="levels")
    area = models.ForeignKey(AdminArea, null=True, blank=True, on_delete=models.CASCADE, related_name="levels")
    hazard_type = models.ForeignKey(HazardType, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=HazardLevel.choices, null=True)
    own_level = models.PositiveSmallIntegerField(_("level from its own data"), choices=HazardLevel.choices,
                                                 null=True)
    evidence = models.JSONField(_("evidence"), default=dict)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC)

    class Meta:
        verbose_name = _("hazard level of an area")
        constraints = [models.UniqueConstraint(fields=["audience", "country", "area", "hazard_type"],
                                               name="arealevel_unique_per_audience", nulls_distinct=False)]

    def __str__(self):
        return f"{self.area or self.country}: {self.hazard_type} {self.get_level_display() or '—'}"


class Exposure(models.Model):
    """People of the atlas's populated places inside a layer's hazard zones or influence distance."""

    layer = models.ForeignKey(Layer, on_delete=models.CASCADE, related_name="exposure")
    origin = models.ForeignKey(Country, null=True, on_delete=models.CASCADE, related_name="exposure_caused",
                               help_text=_("the country where the hazard features are (empty: outside all)"))
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="exposure",
                                help_text=_("the country of the exposed places"))
    population = models.BigIntegerField(_("population"))
    places = models.PositiveIntegerField(_("places"))
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC)

    class Meta:
        verbose_name = _("exposure")
        constraints = [models.UniqueConstraint(fields=["audience", "layer", "origin", "country"],
                                               name="exposure_unique_per_audience", nulls_distinct=False)]

    def __str__(self):
        return f"{self.layer.slug} in {self.country.iso3}: {self.population}"


class AnalysisRun(models.Model):
    """One completed recomputation and the inputs it saw (`inputs`: each published layer's, the hazard types',
    the rivers'), so a queued job can tell whether and what changed since (hazards.analysis.scope)."""

    inputs_key = models.CharField(_("inputs checksum"), max_length=64)
    finished_at = models.DateTimeField(_("finished"), auto_now_add=True)
    timings = models.JSONField(_("seconds per stage"), default=dict)
    inputs = models.JSONField(_("inputs seen"), default=dict, blank=True)

    class Meta:
        ordering = ["-finished_at", "-id"]
        verbose_name = _("analysis run")

    def __str__(self):
        return f"analysis {self.finished_at:%Y-%m-%d %H:%M:%S}"


class ExposureTotal(models.Model):
    """People of one country reached by one hazard type, each counted once whatever the layers and the countries
    of origin that reach them."""

    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    hazard_type = models.ForeignKey(HazardType, on_delete=models.CASCADE, related_name="+")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="exposure_totals")
    population = models.BigIntegerField(_("population"))
    places = models.PositiveIntegerField(_("places"))

    class Meta:
        verbose_name = _("exposure per hazard type")
        constraints = [models.UniqueConstraint(fields=["audience", "hazard_type", "country"],
                                               name="exposuretotal_unique")]

    def __str__(self):
        return f"{self.hazard_type.code} in {self.country.iso3}: {self.population}"
