"""The river network as topology: each river flows into another (or ends), passing countries in order. Curated
from cited facts (fixtures/basins); the analysis walks it downstream from a dam, lake or tailings site."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from hazards.i18n import Named


class River(Named):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    flows_into = models.CharField(_("flows into"), max_length=60, blank=True,
                                  help_text=_("the code of the receiving river, or of a lake or sea where it ends"))
    countries = ArrayField(models.CharField(max_length=3), default=list, verbose_name=_("countries, source to mouth"))
    joins_at = models.PositiveSmallIntegerField(
        _("joins at"), null=True, blank=True,
        help_text=_("1-based position in the receiving river's countries where it joins (empty: the first "
                    "occurrence of this river's last country)"))
    basin = models.CharField(_("basin"), max_length=60, blank=True)
    sources = models.CharField(_("sources"), max_length=200, blank=True)
    aliases = ArrayField(models.CharField(max_length=100), default=list, blank=True, verbose_name=_("other names"),
                         help_text=_("folded spellings a source may use for this river (Natural Earth's lines, "
                                     "an inventory's river attribute): the analysis snaps to the river by them"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("river")
        verbose_name_plural = _("rivers")

    def __str__(self):
        return self.name
