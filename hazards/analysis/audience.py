"""Derived outputs by audience: the public sees levels, evidence and exposure computed from public layers only;
readers of every layer see them computed from all layers. One rule, used by the analysis and the passports.

Both audiences see only official layers (hazards.services.official): a provisional layer is shown on the map and in
the API, never counted. The analysis reads the view hazards_published_feature, which holds the features of the
published versions of official layers only (migration 0031), so the per-audience view below, levels, evidence,
exposure and alert reach (alerts.reach) follow it; the read models (passports' shared hazards and events, the
decade chart, the matrix, its cells, coverage) are kept for every published version and joined here, at read time,
to the layers that are official now (PUBLISHED_ROWS), so marking a layer shows in them at once."""

from hazards.models import Audience, HazardType, Layer

ACCESS = {Audience.PUBLIC: (Layer.Access.PUBLIC,), Audience.FULL: (Layer.Access.PUBLIC, Layer.Access.RESTRICTED)}
AUDIENCE_FEATURES = "audience_features"  # the temporary view the analysis reads while computing one audience


# Of a read model's rows (hazards.models.readmodel, alias r), those of the versions published now whose layers are
# official and the audience may see, and whose hazard type is a hazard; the parameters are audience_params(audience).
PUBLISHED_ROWS = """
    JOIN hazards_layer l ON l.published_version_id = r.version_id AND l.kind = 'vector' AND l.official
         AND l.access = ANY(%(access)s)
    JOIN hazards_hazardtype h ON h.id = l.hazard_type_id AND h.code <> %(context)s"""


def audience_params(audience: str) -> dict:
    """The parameters of PUBLISHED_ROWS for `audience`."""
    return {"access": list(ACCESS[audience]), "context": HazardType.CONTEXT}


def published_features(audience: str) -> str:
    """An SQL FROM item: the published vector features of official layers that `audience` may see
    (hazards_published_feature with its layer's slug, role, access, hazard code and the feature's label)."""
    access = ", ".join(f"'{value}'" for value in ACCESS[audience])  # constants of the model, never user input
    return f"(SELECT * FROM hazards_published_feature WHERE layer_access IN ({access}))"


def audience_view_set(cursor, audience: str) -> None:
    """Point the analysis's temporary view at `audience`'s features (inside the analysis transaction)."""
    cursor.execute(f"DROP VIEW IF EXISTS {AUDIENCE_FEATURES}")
    cursor.execute(f"CREATE TEMP VIEW {AUDIENCE_FEATURES} AS SELECT * FROM {published_features(audience)} f")


def restricted_layers_published() -> bool:
    """Whether the two audiences can differ at all (else the public results serve both)."""
    return Layer.objects.filter(published_version__isnull=False, access=Layer.Access.RESTRICTED, official=True).exists()
