"""Derived outputs by audience: the public sees levels, evidence and exposure computed from public layers only;
readers of every layer see them computed from all layers. One rule, used by the analysis and the passports."""

from hazards.models import Audience, Layer

ACCESS = {Audience.PUBLIC: (Layer.Access.PUBLIC,), Audience.FULL: (Layer.Access.PUBLIC, Layer.Access.RESTRICTED)}
AUDIENCE_FEATURES = "audience_features"  # the temporary view the analysis reads while computing one audience


def published_features(audience: str) -> str:
    """An SQL FROM item: the published vector features whose layers `audience` may see (hazards_published_feature
    with its layer's slug, role, access, hazard code and the feature's label)."""
    access = ", ".join(f"'{value}'" for value in ACCESS[audience])  # constants of the model, never user input
    return f"(SELECT * FROM hazards_published_feature WHERE layer_access IN ({access}))"


def audience_view_set(cursor, audience: str) -> None:
    """Point the analysis's temporary view at `audience`'s features (inside the analysis transaction)."""
    cursor.execute(f"DROP VIEW IF EXISTS {AUDIENCE_FEATURES}")
    cursor.execute(f"CREATE TEMP VIEW {AUDIENCE_FEATURES} AS SELECT * FROM {published_features(audience)} f")


def restricted_layers_published() -> bool:
    """Whether the two audiences can differ at all (else the public results serve both)."""
    return Layer.objects.filter(published_version__isnull=False, access=Layer.Access.RESTRICTED).exists()
