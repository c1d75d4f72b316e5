"""The names register (fixtures/names, with the names of the rivers and objects registers): one row per place,
region, lake, river, dam or event with its current official names and every spelling it is known by. Search finds
an object by any of its spellings (hazards.search) and the map writes the register's current name in the reader's
language over the source's (the search entries carry it to the tiles)."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models


class RegisterName(models.Model):
    """One object of the names register. `folds` are its spellings folded (SQL atlas_fold) and `text` the same
    with each spelling's form without spaces (Mailuusuu for Mailuu-Suu), what a search compares; both written by
    region.names from the spellings."""

    key = models.SlugField("key", max_length=80, unique=True)
    kind = models.CharField("kind", max_length=20)
    name_ru = models.CharField("name (Russian)", max_length=200, blank=True)
    name_kk = models.CharField("name (Kazakh)", max_length=200, blank=True)
    name_en = models.CharField("name (English)", max_length=200, blank=True)
    name_uz = models.CharField("name (Uzbek Latin)", max_length=200, blank=True)
    spellings = ArrayField(models.TextField(), default=list, verbose_name="every spelling")
    folds = ArrayField(models.TextField(), default=list, verbose_name="the spellings folded")
    text = models.TextField("folded spellings, searched", blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = "register name"
        verbose_name_plural = "register names"
        indexes = [GinIndex(fields=["folds"], name="registername_folds"),
                   GinIndex(fields=["text"], opclasses=["gin_trgm_ops"], name="registername_text_trgm")]

    def __str__(self):
        return self.name_en or self.name_ru or self.key
