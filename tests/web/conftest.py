"""Fixtures of the web tests."""

import pytest
from django.conf import settings

from hazards.media import media_exists, media_store_file
from hazards.models import Layer
from ingest.confined import raster_read
from ingest.raster import raster_tags
from region.loader import REGION_DIR

REGION_RASTERS = {"seismic-event-density-emca": "derived/emca_event_density_025deg.tif"}


@pytest.fixture(scope="session", autouse=True)
def region_media(django_db_setup, django_db_blocker, media_root):
    """The region's COGs in this session's media folder. A reused test database (--reuse-db) names the COGs a
    former session made in its own temporary media folder, gone since: they are made again from the same sources,
    as load_region made them (ingest.confined.raster_read, under the same media names)."""
    with django_db_blocker.unblock():
        for slug, source in REGION_RASTERS.items():
            layer = Layer.objects.select_related("published_version").get(slug=slug)
            name = layer.published_version.raster_path
            if media_exists(name):
                continue
            with raster_read(REGION_DIR / source, srid=None, tags=raster_tags(layer)) as converted:
                media_store_file(name, converted.cog)
    return settings.MEDIA_ROOT
