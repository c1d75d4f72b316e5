"""Layers and their immutable versions. Readers always see `Layer.published_version`; publishing a new
version is one pointer switch in one transaction (hazards.services.layers.layer_publish)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from hazards.i18n import localized
from hazards.labels import attribute_labels_validate

from .geography import Country
from .hazard import HazardType


class Layer(models.Model):
    class Kind(models.TextChoices):
        VECTOR = "vector", _("vector")
        RASTER = "raster", _("raster")

    class Access(models.TextChoices):
        PUBLIC = "public", _("public")
        RESTRICTED = "restricted", _("restricted")

    class Role(models.TextChoices):
        """What the analysis, exposure and search use a reference layer for (instead of knowing its slug)."""

        NONE = "", _("none")
        RIVERS = "rivers", _("river network (downstream walk)")
        POPULATION = "population", _("populated places with population (exposure, search)")
        PLACES = "places", _("populated places (search)")
        NUCLEAR_TESTS = "nuclear_tests", _("nuclear test explosions")
        EARTHQUAKES = "earthquakes", _("earthquake catalogue (seismic hazard model)")
        OBJECTS = "objects", _("register of objects (one object, one entry)")

    slug = models.SlugField(_("identifier"), max_length=100, unique=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=250, blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_kk = models.TextField(_("description (Kazakh)"), blank=True)
    hazard_type = models.ForeignKey(HazardType, on_delete=models.PROTECT, verbose_name=_("hazard type"))
    owner = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="layers",
        verbose_name=_("owner country"), help_text=_("empty for regional layers kept by the regional centre"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.VECTOR)
    access = models.CharField(_("access"), max_length=12, choices=Access.choices, default=Access.PUBLIC)
    source = models.CharField(_("source"), max_length=500, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    attribution = models.CharField(_("attribution"), max_length=500, blank=True)
    classification = models.JSONField(
        _("hazard level classification"), default=dict, blank=True,
        help_text=_('{"field": "mag", "ranges": [[7, "high"], [6, "medium"], …]} or '
                    '{"field": "type", "values": {"Nuclear": "high"}}; see hazards/classification.py'),
    )
    style = models.JSONField(
        _("style"), default=dict, blank=True,
        help_text=_('map style, e.g. {"colormap": "ylorrd", "rescale": [1, 50]} for a raster'),
    )
    river_hazard = models.BooleanField(
        _("hazard on or near rivers"), default=False,
        help_text=_("outburst lakes, reservoirs, dams, tailings: the analysis follows the rivers downstream"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.NONE, blank=True,
                            db_index=True)
    label_field = models.CharField(
        _("label attribute"), max_length=100, blank=True,
        help_text=_("attribute holding a feature's name: used by tiles, popups, evidence, passports and search"))
    river_field = models.CharField(
        _("river attribute"), max_length=100, blank=True,
        help_text=_("attribute holding the code of the river (of the atlas's river topology) a feature is on"))
    magnitude_field = models.CharField(
        _("magnitude attribute"), max_length=100, blank=True,
        help_text=_("attribute holding an earthquake's magnitude (MLH) for the seismic hazard model"))
    depth_field = models.CharField(
        _("depth attribute"), max_length=100, blank=True,
        help_text=_("attribute holding an earthquake's focal depth in km (15 km where empty)"))
    population_field = models.CharField(
        _("population attribute"), max_length=100, blank=True,
        help_text=_("attribute holding a place's population (layers with the population role)"))
    time_field = models.CharField(
        _("year attribute"), max_length=100, blank=True,
        help_text=_("attribute holding the event's year (negative for BC); enables time filters"),
    )
    attribute_labels = models.JSONField(
        _("attribute labels"), default=dict, blank=True, validators=[attribute_labels_validate],
        help_text=_('how popups and the layer page name its attributes: {"mag": {"ru": "Магнитуда", "en": "Magnitude", '
                    '"kk": "Магнитуда"}, …}'))
    official = models.BooleanField(
        _("official"), default=False,
        help_text=_("official layers enter the regional outputs (levels, the matrix, passports, exposure, coverage, "
                    "alert reach); provisional ones are shown on the map and in the API with a badge, never counted. "
                    "Set by a regional administrator, or at publication when the owner country is trusted"))
    published_version = models.OneToOneField(
        "LayerVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("published version"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["hazard_type__sort_order", "slug"]
        verbose_name = _("layer")
        verbose_name_plural = _("layers")
        permissions = [("mark_official", _("Can mark layers official or provisional"))]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def description(self) -> str:
        return localized(self, "description")

    def attribute_label(self, attribute: str, lang: str) -> str:
        """The label of `attribute` in `lang` (falling back to Russian, English, Kazakh), or "" when none is set."""
        labels = (self.attribute_labels or {}).get(attribute) or {}
        return next((labels[code] for code in (lang, "ru", "en", "kk") if labels.get(code)), "")


class LayerVersion(models.Model):
    """One upload of a layer. Never edited after it is ready: a correction is a new version."""

    class Status(models.TextChoices):
        PROCESSING = "processing", _("processing")
        READY = "ready", _("ready")
        PUBLISHED = "published", _("published")
        FAILED = "failed", _("failed")

    layer = models.ForeignKey(Layer, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROCESSING)
    feature_count = models.PositiveIntegerField(_("features"), default=0)
    geometry_types = ArrayField(models.CharField(max_length=30), default=list, blank=True,
                                verbose_name=_("geometry types"))
    bbox = ArrayField(models.FloatField(), size=4, null=True, blank=True,
                      verbose_name=_("bounding box (W, S, E, N)"))
    countries = ArrayField(models.CharField(max_length=3), default=list, blank=True,
                           verbose_name=_("countries touched"))
    transboundary_count = models.PositiveIntegerField(_("transboundary features"), default=0)
    analysis_key = models.CharField(_("checksum of the inputs its analysis rows were computed from"), max_length=64,
                                    blank=True, default="", editable=False)
    search_key = models.CharField(_("checksum of the layer settings its search entries were written with"),
                                  max_length=64, blank=True, default="", editable=False)
    fields = models.JSONField(_("attributes"), default=dict, blank=True,
                              help_text=_("attribute name → type, in source order"))
    source_name = models.CharField(_("source file"), max_length=300, blank=True)
    source_format = models.CharField(_("format"), max_length=40, blank=True)
    source_checksum = models.CharField(_("SHA-256 of the source file"), max_length=64, blank=True)
    source_encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    source_crs = models.TextField(_("coordinate system"), blank=True,
                                  help_text=_("as the source gave it: EPSG code, WKT or PROJ string"))
    raster_path = models.CharField(_("Cloud-Optimized GeoTIFF"), max_length=300, blank=True,
                                   help_text=_("path under the media folder (raster layers)"))
    raster_info = models.JSONField(_("raster description"), default=dict, blank=True,
                                   help_text=_("bands, data type, nodata, resolution, statistics"))
    repaired_count = models.PositiveIntegerField(_("geometries repaired"), default=0)
    dropped_count = models.PositiveIntegerField(_("empty geometries dropped"), default=0)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   verbose_name=_("uploaded by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["layer", "-number"]
        constraints = [models.UniqueConstraint(fields=["layer", "number"], name="layerversion_unique_number")]
        verbose_name = _("layer version")
        verbose_name_plural = _("layer versions")

    def __str__(self):
        return f"{self.layer.slug} v{self.number}"
