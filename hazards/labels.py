"""Per-layer attribute labels: how popups and layer pages name a layer's attributes in each language.
Shape: {"attribute": {"ru": "…", "en": "…", "kk": "…"}, …}; any language may be missing."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .i18n import LANGS

MAX_LABEL = 200


def attribute_labels_validate(value) -> None:
    """Raise ValidationError (translated) unless `value` is a mapping attribute → {language: label}."""
    if not isinstance(value, dict):
        raise ValidationError(_("Attribute labels must be an object: attribute → {\"ru\": …, \"en\": …, \"kk\": …}."))
    for attribute, labels in value.items():
        if not attribute or not isinstance(labels, dict):
            raise ValidationError(_("The labels of attribute %(name)s must be an object of languages.")
                                  % {"name": attribute or "\"\""})
        for lang, label in labels.items():
            if lang not in LANGS:
                raise ValidationError(_("Unknown language %(lang)s in the labels of %(name)s: use ru, en or kk.")
                                      % {"lang": lang, "name": attribute})
            if not isinstance(label, str) or len(label) > MAX_LABEL:
                raise ValidationError(_("The %(lang)s label of %(name)s must be text of at most 200 characters.")
                                      % {"lang": lang, "name": attribute})
