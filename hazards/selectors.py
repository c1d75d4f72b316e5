"""Reads of the domain. Every endpoint that shows layers starts from `layers_visible`, so access to
restricted layers is decided in one place."""

from django.db import models
from django.db.models import FloatField, QuerySet
from django.db.models.expressions import RawSQL

from .access import audience_for, layers_readable
from .analysis.audience import published_features
from .models import AdminArea, Country, HazardType, Layer


def layers_visible(user) -> QuerySet[Layer]:
    """Published layers `user` may read (hazards.access decides which)."""
    return layers_readable(user).filter(published_version__isnull=False).select_related(
        "hazard_type", "owner", "published_version")


def countries_list() -> QuerySet[Country]:
    """Countries with their area in km² computed on the spheroid."""
    return Country.objects.annotate(
        area_km2=RawSQL("ST_Area(hazards_country.geom::geography) / 1e6", [], output_field=FloatField())
    ).defer("geom")


def hazard_types_list() -> QuerySet[HazardType]:
    return HazardType.objects.all()



def admin_areas_list(*, country: str | None = None, level: str | int | None = None) -> QuerySet[AdminArea]:
    """Admin areas, optionally of one country (ISO3) and one level."""
    areas = AdminArea.objects.select_related("country", "parent").defer("geom", "parent__geom", "country__geom")
    if country:
        areas = areas.filter(country__iso3=country.upper())
    if level:
        areas = areas.filter(level=int(level))
    return areas


PLACE_ROLES = [Layer.Role.POPULATION, Layer.Role.PLACES]


def search(text: str, user, limit: int = 10) -> list[dict]:
    """Places, admin areas, countries and layers whose names (any language, any script) contain `text`.
    Each result has a type, a name, a detail and where to go (bbox [W, S, E, N])."""
    from django.db import connection

    pattern = f"%{text}%"
    results = []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT 'country', iso3, coalesce(nullif(name_ru, ''), name_en), name_en,
                   ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)
            FROM hazards_country WHERE name_ru ILIKE %(p)s OR name_en ILIKE %(p)s OR name_kk ILIKE %(p)s
                                      OR iso3 ILIKE %(t)s
            UNION ALL
            (SELECT 'admin_area', a.code, coalesce(nullif(a.name_ru, ''), a.name_en), c.iso3 || ' · ' || a.name_en,
                    ST_XMin(a.geom), ST_YMin(a.geom), ST_XMax(a.geom), ST_YMax(a.geom)
             FROM hazards_adminarea a JOIN hazards_country c ON c.id = a.country_id
             WHERE a.name_ru ILIKE %(p)s OR a.name_en ILIKE %(p)s OR a.name_kk ILIKE %(p)s
             ORDER BY a.level, a.name_en LIMIT %(limit)s)
            """,
            {"p": pattern, "t": text, "limit": limit},
        )
        results += [_result(row) for row in cursor.fetchall()]
        cursor.execute(
            f"""
            SELECT 'place', f.fid::text, f.label, array_to_string(f.countries, ','),
                   ST_X(f.geom) - 0.05, ST_Y(f.geom) - 0.05, ST_X(f.geom) + 0.05, ST_Y(f.geom) + 0.05
            FROM {published_features(audience_for(user))} f JOIN hazards_layer l ON l.id = f.layer_id
            WHERE f.layer_role = ANY(%(roles)s)
              AND (f.label ILIKE %(p)s
                   OR EXISTS (SELECT 1 FROM jsonb_each_text(f.properties) kv WHERE kv.value ILIKE %(p)s))
            ORDER BY CASE WHEN f.properties->>nullif(l.population_field, '') ~ '^[0-9]+$'
                          THEN (f.properties->>l.population_field)::bigint ELSE 0 END DESC
            LIMIT %(limit)s
            """,
            {"p": pattern, "roles": [str(role) for role in PLACE_ROLES], "limit": limit},
        )
        results += [_result(row) for row in cursor.fetchall()]
        # Named hazard objects (dams, lakes, tailings, faults, recorded events) of the layers the reader may see.
        cursor.execute(
            f"""
            SELECT 'feature', f.layer_slug || '/' || f.fid, f.label, l.title_ru || ' · ' || l.title_en,
                   ST_XMin(f.geom) - 0.05, ST_YMin(f.geom) - 0.05, ST_XMax(f.geom) + 0.05, ST_YMax(f.geom) + 0.05
            FROM {published_features(audience_for(user))} f JOIN hazards_layer l ON l.id = f.layer_id
            WHERE f.hazard_code <> %(context)s AND f.label <> ''
              AND (f.label ILIKE %(p)s
                   OR EXISTS (SELECT 1 FROM jsonb_each_text(f.properties) kv WHERE kv.value ILIKE %(p)s))
            ORDER BY f.hazard_level DESC NULLS LAST, f.label LIMIT %(limit)s
            """,
            {"p": pattern, "context": HazardType.CONTEXT, "limit": limit},
        )
        results += [_result(row) for row in cursor.fetchall()]
    for layer in layers_visible(user).filter(
        models.Q(title_ru__icontains=text) | models.Q(title_en__icontains=text) | models.Q(title_kk__icontains=text)
    )[:limit]:
        results.append({"type": "layer", "id": layer.slug, "name": layer.title, "detail": layer.hazard_type.name,
                        "bbox": layer.published_version.bbox})
    return results[: limit * 3]


def _result(row) -> dict:
    kind, ident, name, detail, *bbox = row
    return {"type": kind, "id": ident, "name": name, "detail": detail, "bbox": [round(v, 5) for v in bbox]}
