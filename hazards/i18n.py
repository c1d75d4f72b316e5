"""Translated model fields: a field `name` is stored as `name_ru`, `name_en`, `name_kk`."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGS = ("ru", "en", "kk")
FALLBACK = ("ru", "en", "kk")


class Named(models.Model):
    """A name in the atlas's three languages; English is required, the others fall back to it."""

    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return localized(self, "name")


def localized(obj, name: str, lang: str | None = None) -> str:
    """The value of translated field `name` in `lang` (default: the active language), falling back to
    Russian, English, Kazakh in that order when it is empty."""
    lang = (lang or get_language() or "ru")[:2]
    for candidate in (lang, *FALLBACK):
        value = getattr(obj, f"{name}_{candidate}", "")
        if value:
            return value
    return ""


def translations(obj, name: str) -> dict[str, str]:
    """All languages of a translated field, for APIs: {"ru": …, "en": …, "kk": …}."""
    return {lang: getattr(obj, f"{name}_{lang}", "") for lang in LANGS}
