"""Read models of the passports, the regional matrix, its cells and coverage (hazards.analysis.readmodels).

Every row holds the language-neutral facts of ONE layer version, computed by the analysis from that version's
features and their analysis; names and titles are translated when read. A request reads the rows of the versions
its layers publish now and that its audience may see (hazards.analysis.audience), so the public never meets a
row of a restricted layer, and a change of access or a rollback takes effect with the layer row itself. A
version's rows go with the version (Django cascades: only its few rows, deleted by the version key). Internal
tables, never shown as such: their labels are not translated."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from .geography import AdminArea, Country
from .layer import LayerVersion


def _version():
    return models.ForeignKey(LayerVersion, on_delete=models.CASCADE, related_name="+", db_index=False)


def _unit():
    """A passport's unit: a member country (area empty) or one of its admin areas."""
    return (models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+", db_index=False),
            models.ForeignKey(AdminArea, null=True, on_delete=models.CASCADE, related_name="+", db_index=False))


class UnitShared(models.Model):
    """Features of one version in a unit that reach another member country (touching, within the influence
    distance or downstream): how many, the worst level."""

    version = _version()
    country, area = _unit()
    target = models.CharField("country reached", max_length=3)
    features = models.PositiveIntegerField("features")
    worst_level = models.PositiveSmallIntegerField("worst level", null=True)

    class Meta:
        verbose_name = "shared hazards of a unit"
        indexes = [models.Index(fields=["country", "area", "version"], name="unitshared_unit")]

    def __str__(self):
        return f"v{self.version_id} {self.area_id or self.country_id} → {self.target}: {self.features}"


class UnitDecade(models.Model):
    """Recorded events (features with a year) of one version in a unit, per decade (-1: before 1900)."""

    version = _version()
    country, area = _unit()
    decade = models.SmallIntegerField("decade")
    events = models.PositiveIntegerField("events")

    class Meta:
        verbose_name = "events of a unit by decade"
        indexes = [models.Index(fields=["country", "area", "version"], name="unitdecade_unit")]

    def __str__(self):
        return f"v{self.version_id} {self.area_id or self.country_id} {self.decade}: {self.events}"


class UnitOutline(models.Model):
    """A unit's outline for the passport's small map: an SVG path (ST_AsSVG) and its box (west, north, width,
    height in degrees), from which the viewBox is written."""

    country, area = _unit()
    path = models.TextField("SVG path")
    x = models.FloatField()
    y = models.FloatField()
    width = models.FloatField()
    height = models.FloatField()

    class Meta:
        verbose_name = "outline of a unit"
        constraints = [models.UniqueConstraint(fields=["country", "area"], name="unitoutline_unique",
                                               nulls_distinct=False)]

    def __str__(self):
        return f"outline of {self.area_id or self.country_id}"


class MatrixCount(models.Model):
    """Features of one version touching member country `origin` that reach member country `target`."""

    version = _version()
    origin = models.CharField("origin", max_length=3)
    target = models.CharField("country reached", max_length=3)
    features = models.PositiveIntegerField("features")
    worst_level = models.PositiveSmallIntegerField("worst level", null=True)

    class Meta:
        verbose_name = "matrix count"
        indexes = [models.Index(fields=["version"], name="matrixcount_version")]

    def __str__(self):
        return f"v{self.version_id} {self.origin} → {self.target}: {self.features}"


class CellFeature(models.Model):
    """One feature of a matrix cell: it touches `origin` and reaches `target` (any two countries), with what the
    cell's list shows. Read in the list's order straight from the index."""

    version = _version()
    feature_id = models.BigIntegerField("feature")
    origin = models.CharField("origin", max_length=3)
    target = models.CharField("country reached", max_length=3)
    level = models.PositiveSmallIntegerField("level", null=True)
    layer_slug = models.CharField("layer", max_length=100)
    fid = models.PositiveIntegerField("number in the source file")
    countries = ArrayField(models.CharField(max_length=3), default=list)
    influence_countries = ArrayField(models.CharField(max_length=3), default=list)
    downstream_countries = ArrayField(models.CharField(max_length=3), null=True)
    label = models.TextField("label", blank=True)

    class Meta:
        verbose_name = "feature of a matrix cell"
        indexes = [
            models.Index("origin", "target", models.F("level").desc(nulls_last=True), "layer_slug", "fid",
                         name="cellfeature_cell"),
            models.Index(fields=["version"], name="cellfeature_version"),
        ]

    def __str__(self):
        return f"v{self.version_id} #{self.fid} {self.origin} → {self.target}"


class CoverageCount(models.Model):
    """Features of one version touching a country (its `countries`) and the latest year among them."""

    version = _version()
    iso3 = models.CharField("country", max_length=3)
    features = models.PositiveIntegerField("features")
    latest_year = models.IntegerField("latest year", null=True)

    class Meta:
        verbose_name = "coverage count"
        indexes = [models.Index(fields=["iso3", "version"], name="coveragecount_country")]

    def __str__(self):
        return f"v{self.version_id} {self.iso3}: {self.features}"


class SearchEntry(models.Model):
    """A named feature (or place) of one version as the search finds and shows it (hazards.search): its folded
    text (every string attribute, atlas_fold), its label and the attributes that name it in other languages, its
    level, countries, box and a point on it. Written by the SQL function atlas_search_entries_write (migration
    0027) when a version is first published and again when the analysis sees its layer's attributes or
    classification change (hazards.analysis.readmodels.search_refresh); kept with the version, so a rollback to it
    is a pointer switch. One trigram index serves every version: a search reads no feature partition."""

    version = _version()
    feature_id = models.BigIntegerField("feature")
    fid = models.PositiveIntegerField("number in the source file")
    label = models.TextField("label", blank=True)
    label_fold = models.TextField("folded label", blank=True)
    text = models.TextField("folded text of the string attributes")
    names = models.JSONField("naming attributes", default=dict)
    level = models.PositiveSmallIntegerField("level", null=True)
    countries = ArrayField(models.CharField(max_length=3), default=list)
    west = models.FloatField()
    south = models.FloatField()
    east = models.FloatField()
    north = models.FloatField()
    x = models.FloatField()
    y = models.FloatField()

    class Meta:
        verbose_name = "search entry"
        verbose_name_plural = "search entries"
        indexes = [models.Index(fields=["version"], name="searchentry_version"),
                   models.Index(fields=["version", "feature_id"], name="searchentry_feature"),
                   GinIndex(fields=["text"], opclasses=["gin_trgm_ops"], name="searchentry_text_trgm")]

    def __str__(self):
        return f"v{self.version_id} #{self.fid} {self.label}"
