"""Removing the files of deleted versions: their raster COG and their download files, once the deletion commits
(a rolled-back deletion keeps them). The uploaded source files belong to ingest (ingest.uploads)."""

import logging
from collections.abc import Iterable

from django.db import transaction

from hazards.media import export_prefix, media_delete, media_delete_tree
from hazards.models import LayerVersion

log = logging.getLogger(__name__)


def versions_media_delete(versions: Iterable[LayerVersion]) -> None:
    """After the caller's transaction commits, delete the stored files of these versions (LayerVersion objects
    or a queryset of them). A file that cannot be deleted is logged, never raised: the rows are already gone."""
    files = [(v.pk, v.raster_path) for v in versions]

    def delete() -> None:
        for pk, raster_path in files:
            try:
                media_delete(raster_path)
                media_delete_tree(export_prefix(pk))
            except Exception:
                log.exception("the files of deleted version %s could not be removed", pk)

    transaction.on_commit(delete)
