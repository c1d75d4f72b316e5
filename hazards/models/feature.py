"""Features of a layer version: any geometry type in EPSG:4326 with attributes as JSONB.

The table is LIST-partitioned by version (migration 0019): each vector version's rows live in a partition of their
own, loaded and indexed by hazards.services.versions and dropped with the version. Rows are never saved one by
one."""

from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GistIndex
from django.utils.translation import gettext_lazy as _

from .hazard import HazardLevel
from .layer import LayerVersion


class Feature(models.Model):
    # Django's collector never touches features (DO_NOTHING) and the database has no foreign key here: a version's
    # rows live and die with its partition, which every deletion path drops before the version row goes
    # (hazards.signals) and the periodic sweep drops if its version is gone. A foreign key would be added to each
    # partition when it is attached, locking hazards_layerversion against writes until the load commits (migration
    # 0019). In the database the primary key is (id, version_id): a partitioned table's keys hold its partition
    # key; ids come from one sequence and stay unique.
    version = models.ForeignKey(LayerVersion, on_delete=models.DO_NOTHING, related_name="features",
                                db_index=False, db_constraint=False)
    fid = models.PositiveIntegerField(_("number in the source file"))
    geom = models.GeometryField(_("geometry"), srid=4326, spatial_index=False)
    properties = models.JSONField(_("attributes"), default=dict)
    hazard_level = models.PositiveSmallIntegerField(_("hazard level"), choices=HazardLevel.choices,
                                                    null=True, blank=True)
    year = models.IntegerField(_("year"), null=True, blank=True)
    countries = ArrayField(models.CharField(max_length=3), default=list, blank=True,
                           verbose_name=_("countries touched"))
    crosses_border = models.BooleanField(
        _("crosses a border"), default=False, help_text=_("the geometry touches two or more countries"))
    transboundary = models.BooleanField(
        _("transboundary"), default=False,
        help_text=_("its reach (the geometry, the influence zone or the way downstream) enters another country"))

    class Meta:
        verbose_name = _("feature")
        verbose_name_plural = _("features")
        constraints = [models.UniqueConstraint(fields=["version", "fid"], name="feature_unique_fid")]
        indexes = [
            # "This version, this box" for tiles, bbox queries and the country pass: the version picks the partition,
            # the partition's GiST index the box.
            GistIndex(fields=["geom"], name="feature_geom_gist"),
        ]

    def __str__(self):
        return f"{self.version} #{self.fid}"
