"""Loading the region: countries, admin areas, hazard types and layers from fixtures/region.

Idempotent: rows are upserted, and a layer gets a new version only when its file, filter or
classification changed since the published version."""

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction

from hazards.analysis.service import analysis_is_current, analysis_recompute
from hazards.models import Country, HazardType, Layer
from ingest.checksum import file_checksum
from ingest.pipeline import ingest_file

from .areas import ADMIN_AREAS, WOF_FILE
from .basemap import basemap_load
from .boundaries import load_admin_areas, load_countries, row_upsert
from .catalogue import FLOOD_REACH_KM, HAZARD_TYPES, INFLUENCE_KM, LAYERS, LayerSpec
from .labels import attribute_labels_merged
from .names import names_load
from .rivers import rivers_load

REGION_DIR = Path(settings.BASE_DIR) / "fixtures" / "region"


def hazard_types_ensure() -> None:
    """Create the base hazard types that are missing; never overwrite an administrator's edits."""
    for code, ru, en, kk, colour, order in HAZARD_TYPES:
        influence, snap = INFLUENCE_KM[code]
        HazardType.objects.get_or_create(code=code, defaults={
            "name_ru": ru, "name_en": en, "name_kk": kk, "colour": colour, "sort_order": order,
            "influence_km": influence, "river_snap_km": snap, "flood_reach_km": FLOOD_REACH_KM.get(code, 0)})


@transaction.atomic
def boundaries_load(directory: Path = REGION_DIR) -> int:
    """Countries, admin areas and the river topology; returns how many rows were created or changed."""
    changed = int(load_countries(directory / "ne_10m_admin0_countries_ca.geojson"))
    changed += rivers_load(directory.parent / "basins" / "rivers.csv")
    basins = directory.parent / "basins"
    names_load(directory.parent / "names" / "names.csv", basins / "rivers.csv", basins / "objects.csv")
    return changed + load_admin_areas(directory, ADMIN_AREAS, WOF_FILE)


def layer_load(spec: LayerSpec, directory: Path = REGION_DIR) -> bool:
    """Upsert the layer's metadata; ingest and publish a new version only if what the features depend on (the
    file, its filter, the classification, the year attribute) changed. Returns True when it did."""
    with transaction.atomic():
        layer, changed = row_upsert(Layer, {"slug": spec.slug}, {
            "hazard_type": HazardType.objects.get(code=spec.hazard),
            "title_ru": spec.title_ru, "title_en": spec.title_en, "title_kk": spec.title_kk,
            "description_ru": spec.description_ru, "description_en": spec.description_en,
            "description_kk": spec.description_kk,
            "source": spec.source, "source_url": spec.source_url, "licence": spec.licence,
            "attribution": spec.attribution, "classification": spec.classification, "time_field": spec.time_field,
            "kind": spec.kind, "style": spec.style, "river_hazard": spec.river_hazard, "role": spec.role,
            "label_field": spec.label_field, "population_field": spec.population_field,
            "river_field": spec.river_field, "magnitude_field": spec.magnitude_field,
            "depth_field": spec.depth_field,
        })
        # The catalogue's attribute labels for the attributes the layer has no label of yet: an administrator's
        # edits stay, and a label the catalogue gains reaches a loaded atlas at the next load.
        labels = attribute_labels_merged(spec.slug, layer.attribute_labels)
        if labels != layer.attribute_labels:
            Layer.objects.filter(pk=layer.pk).update(attribute_labels=labels)
        path = directory / spec.file
        current = layer.published_version
        if current is None:  # the regional centre's own compilation is official (an administrator may change it)
            Layer.objects.filter(pk=layer.pk).update(official=True)
        content_changed = {"classification", "time_field", "kind"} & set(changed)
        if current and not content_changed and current.source_checksum == file_checksum(path, spec.where or ""):
            return False
        ingest_file(layer=layer, path=path, where=spec.where, publish=True)
        return True


def region_load(*, only: list[str] | None = None, log: Callable[[str], None] = print) -> None:
    """Load everything (or only the named layers) and report each step through `log`."""
    hazard_types_ensure()
    if not only:
        changed = boundaries_load()
        log(f"countries: {Country.objects.count()}, rows created or changed: {changed}")
        log(f"base map: {basemap_load()} features")
    for spec in LAYERS:
        if only and spec.slug not in only:
            continue
        loaded = layer_load(spec)
        layer = Layer.objects.select_related("published_version").get(slug=spec.slug)
        state = "loaded" if loaded else "unchanged"
        count = layer.published_version.feature_count if spec.kind == "vector" else "raster"
        log(f"{spec.slug}: {state}, {count} features")
    if analysis_is_current():
        log("analysis: current (nothing it reads changed)")
        return
    timings = analysis_recompute()
    log("analysis: " + ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in timings.items()))
