"""Filters of the layer list: hazard, country (owner or touched), kind, transboundary, q (any language)."""

import django_filters
from django.db.models import Q

from hazards.models import Layer


class LayerFilter(django_filters.FilterSet):
    hazard = django_filters.CharFilter(field_name="hazard_type__code", help_text="hazard type code, e.g. seismic")
    country = django_filters.CharFilter(method="filter_country",
                                        help_text="ISO3 code: layers owned by the country or touching it")
    kind = django_filters.ChoiceFilter(choices=Layer.Kind.choices)
    access = django_filters.ChoiceFilter(choices=Layer.Access.choices)
    transboundary = django_filters.BooleanFilter(method="filter_transboundary",
                                                 help_text="layers with features touching two or more countries")
    q = django_filters.CharFilter(method="filter_text", help_text="text in the title or description, any language")
    ordering = django_filters.OrderingFilter(fields=(
        ("slug", "slug"), ("title_ru", "title"), ("published_version__feature_count", "feature_count"),
        ("published_version__published_at", "published"), ("hazard_type__sort_order", "hazard"),
    ))

    class Meta:
        model = Layer
        fields = ["hazard", "country", "kind", "access", "transboundary", "q"]

    def filter_country(self, queryset, name, value):
        iso3 = value.upper()
        return queryset.filter(Q(owner__iso3=iso3) | Q(published_version__countries__contains=[iso3]))

    def filter_transboundary(self, queryset, name, value):
        if value:
            return queryset.filter(published_version__transboundary_count__gt=0)
        return queryset.filter(published_version__transboundary_count=0)

    def filter_text(self, queryset, name, value):
        condition = Q(slug__icontains=value)
        for field in ("title_ru", "title_en", "title_kk", "description_ru", "description_en", "description_kk"):
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)
