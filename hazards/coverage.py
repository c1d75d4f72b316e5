"""What the atlas holds, per member country and hazard type: which published layers have features there, how many,
how recent — so "no data" is never read as "no hazard". Computed for the reader's audience."""

from django.db import connection

from .analysis.audience import PUBLISHED_ROWS, audience_params
from .i18n import localized
from .models import Country, HazardType, Layer

# Per country, hazard type and layer, from the read model the analysis stores per layer version
# (hazards.models.readmodel.CoverageCount), for the versions published now that the audience may see.
COVERAGE = f"""
    SELECT r.iso3, h.code, l.id, sum(r.features)::int, max(r.latest_year)
    FROM hazards_coveragecount r
    {PUBLISHED_ROWS}
    WHERE r.iso3 = ANY(%(members)s)
    GROUP BY 1, 2, 3"""


def coverage_matrix(*, audience: str, iso3: str | None = None) -> list[dict]:
    """One row per member country (or only `iso3`) and non-reference hazard type: the layers with features
    touching the country (slug, title, features, latest event year, publication date), their total, and
    `has_data`."""
    members = Country.objects.filter(is_member=True).order_by("iso3")
    if iso3:
        members = members.filter(iso3=iso3.upper())
    hazards = list(HazardType.objects.exclude(code=HazardType.CONTEXT))
    with connection.cursor() as cursor:
        cursor.execute(COVERAGE, {"members": [m.iso3 for m in members], **audience_params(audience)})
        rows = cursor.fetchall()
    layers = Layer.objects.select_related("published_version").in_bulk({row[2] for row in rows})
    cells: dict[tuple[str, str], list[dict]] = {}
    for country, hazard, layer_id, count, latest in rows:
        layer = layers[layer_id]
        cells.setdefault((country, hazard), []).append({
            "layer": layer.slug, "title": localized(layer, "title"), "features": count, "latest_year": latest,
            "published": layer.published_version.published_at.date().isoformat()
            if layer.published_version.published_at else None})
    return [{"country": m.iso3, "name": localized(m, "name"),
             "hazards": [_cell(h, cells.get((m.iso3, h.code), [])) for h in hazards]} for m in members]


def _cell(hazard: HazardType, layers: list[dict]) -> dict:
    years = [x["latest_year"] for x in layers if x["latest_year"] is not None]
    return {"hazard": hazard.code, "name": localized(hazard, "name"),
            "layers": sorted(layers, key=lambda x: -x["features"]), "features": sum(x["features"] for x in layers),
            "latest_year": max(years) if years else None, "has_data": bool(layers)}
