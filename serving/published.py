"""The version a served layer is read from."""

from hazards.models import Layer, LayerVersion


def published_version(layer: Layer) -> LayerVersion:
    """`layer`'s published version. Serving starts from hazards.selectors.layers_visible, which holds published
    layers only, so a layer without one here is the caller's mistake and raises LookupError naming it."""
    version = layer.published_version
    if version is None:
        raise LookupError(f"layer {layer.slug!r} has no published version: serve layers from layers_visible")
    return version


def published_version_id(layer: Layer) -> int:
    """The id of `layer`'s published version, read without a query (LookupError as published_version)."""
    version_id = layer.published_version_id
    if version_id is None:
        raise LookupError(f"layer {layer.slug!r} has no published version: serve layers from layers_visible")
    return version_id
