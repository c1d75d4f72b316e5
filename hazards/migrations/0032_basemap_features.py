"""The base map's own features: rivers, lakes, glaciers, places and water labels of the region's open data, drawn
under the atlas's layers (serving.basemap). A plain table of rows filled by region.basemap, not a model: nothing in
the domain reads it, and a test's flush of the models' tables leaves it as loaded. `geom` (EPSG:4326, GiST) finds a
tile's rows, `merc` (its EPSG:3857 copy) is what the tiles are cut from: no reprojection per tile; `loaded_at` dates
the load (the tiles' Last-Modified)."""

from django.db import migrations

CREATE = """
CREATE TABLE base_feature (
    id bigserial PRIMARY KEY,
    kind varchar(16) NOT NULL CHECK (kind IN ('river', 'lake', 'glacier', 'place', 'water_label')),
    name_ru text, name_en text, name_kk text,
    rank double precision NOT NULL DEFAULT 0,
    min_zoom smallint NOT NULL CHECK (min_zoom BETWEEN 0 AND 16),
    source varchar(32) NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now(),
    geom geometry(Geometry, 4326) NOT NULL,
    merc geometry(Geometry, 3857) NOT NULL
);
CREATE INDEX base_feature_geom_gist ON base_feature USING gist (geom);
"""


class Migration(migrations.Migration):
    dependencies = [("hazards", "0031_official_layers")]

    operations = [migrations.RunSQL(CREATE, "DROP TABLE base_feature")]
