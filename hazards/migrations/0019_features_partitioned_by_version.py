"""Per-version storage: hazards_feature and hazards_featureanalysis become LIST-partitioned by version_id.

Each vector version owns one partition of each (hazards_feature_v<id>, hazards_featureanalysis_v<id>). A version's
features are loaded into a table of their own with no index, its indexes are built once after the load by
ATTACH PARTITION, and deleting a version drops its partitions (metadata only, no per-row work). A query of one
version is pruned to its partition, so one layer's tiles, items and counts no longer grow with every other layer.

The steps are SQL functions so that this migration (for the rows already stored) and the services (for every new
version) run the same statements:
- atlas_feature_partition(v): the empty table a version's features are loaded into, not attached yet;
- atlas_feature_partition_attach(v): attach it (its indexes are built here, in bulk) and create the version's
  analysis partition;
- atlas_feature_partition_searchable(v): the search index of a published version (below);
- atlas_version_partitions_drop(v): drop both partitions.

The search index (trigram GIN on the folded feature text, 0017) cost about 2.5 s per 100,000 features of every load,
most of it the folding function run per row, while search only ever looks at published versions. So it is no longer
an index of the whole table: each version's partition gets its own when the version is first published
(hazards.services.layers.layer_publish), keeps it when another version replaces it (a rollback to it is then a
pointer switch) and loses it with the partition. A query of the published features uses each partition's own index;
its name, feature_names_trgm_v<id>, says what it is.

What changes in the keys: a partitioned table's unique keys must hold its partition key, so the features' primary
key becomes (id, version_id) (ids still come from one sequence and stay unique) and the analysis's
(feature_id, version_id). hazards_featureanalysis carries version_id. Neither table has a foreign key any more:
both rows live and die with their version's partitions, which every deletion path drops (hazards.signals drops
them before a version row goes, whoever deletes it) and the periodic sweep drops when their version is gone. A
foreign key to hazards_layerversion would have to be added to each partition when it is attached, and that takes
a lock on hazards_layerversion that blocks every write to it until the loading transaction ends — two uploads
attaching at once would deadlock (each holding its version row's insert). The analysis partition is attached the
same way for the same reason: CREATE TABLE … PARTITION OF locks the parent against every reader. The
composite (version_id, geom) GiST index is replaced by a GiST index on geom: within a partition the version is one
value. Nothing here is Citus-specific, and version_id is the distribution column a Citus cluster would use
(docs/scaling.md)."""

import importlib

import django.db.models.deletion
from django.contrib.postgres.indexes import GistIndex
from django.db import migrations, models

PUBLISHED_VIEW = importlib.import_module("hazards.migrations.0012_rivers_reach").VIEW
FUNCTIONS = r"""
CREATE FUNCTION atlas_feature_partition(v bigint) RETURNS regclass LANGUAGE plpgsql AS $$
DECLARE name text := 'hazards_feature_v' || v;
BEGIN
    -- Like the parent (columns, defaults: ids from the parent's sequence, checks) but with no index and no key
    -- while rows are loaded; the check on the version lets ATTACH skip its scan of the rows.
    EXECUTE format('CREATE TABLE %I (LIKE hazards_feature INCLUDING DEFAULTS INCLUDING CONSTRAINTS, '
                   'CONSTRAINT %I CHECK (version_id = %s))', name, name || '_version', v);
    RETURN name::regclass;
END $$;

CREATE FUNCTION atlas_feature_partition_attach(v bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- Builds the partition's keys and indexes, each in one pass over the loaded rows. ATTACH locks the parent
    -- against other attaches only (readers go on); so the analysis partition is made apart and attached too.
    EXECUTE format('ALTER TABLE hazards_feature ATTACH PARTITION %I FOR VALUES IN (%s)', 'hazards_feature_v' || v, v);
    EXECUTE format('CREATE TABLE %I (LIKE hazards_featureanalysis INCLUDING DEFAULTS INCLUDING CONSTRAINTS, '
                   'CONSTRAINT %I CHECK (version_id = %s))',
                   'hazards_featureanalysis_v' || v, 'hazards_featureanalysis_v' || v || '_version', v);
    EXECUTE format('ALTER TABLE hazards_featureanalysis ATTACH PARTITION %I FOR VALUES IN (%s)',
                   'hazards_featureanalysis_v' || v, v);
END $$;

CREATE FUNCTION atlas_feature_partition_searchable(v bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass('hazards_feature_v' || v) IS NOT NULL THEN
        EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I USING gin '
                       '(atlas_fold(atlas_feature_text(properties)) gin_trgm_ops)',
                       'feature_names_trgm_v' || v, 'hazards_feature_v' || v);
    END IF;
END $$;

CREATE FUNCTION atlas_version_partitions_drop(v bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('DROP TABLE IF EXISTS %I, %I', 'hazards_featureanalysis_v' || v, 'hazards_feature_v' || v);
END $$;
"""

FORWARD = r"""
DROP VIEW hazards_published_feature;
DO $$
DECLARE c record;
BEGIN
    -- Index and constraint names are the new tables' to take: the old tables lose theirs.
    FOR c IN SELECT conrelid::regclass AS t, conname FROM pg_constraint
             WHERE conrelid IN ('hazards_feature'::regclass, 'hazards_featureanalysis'::regclass)
               AND contype IN ('p', 'u', 'f') ORDER BY contype = 'f' DESC LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.t, c.conname);
    END LOOP;
END $$;
DROP INDEX IF EXISTS feature_version_geom_gist;
DROP INDEX IF EXISTS feature_names_trgm;
ALTER TABLE hazards_feature RENAME TO hazards_feature_unpartitioned;
ALTER TABLE hazards_featureanalysis RENAME TO hazards_featureanalysis_unpartitioned;
ALTER TABLE hazards_feature_unpartitioned ALTER id DROP IDENTITY IF EXISTS;

CREATE SEQUENCE hazards_feature_id_seq;
CREATE TABLE hazards_feature (
    id bigint NOT NULL DEFAULT nextval('hazards_feature_id_seq'),
    fid integer NOT NULL CONSTRAINT hazards_feature_fid_check CHECK (fid >= 0),
    geom geometry(Geometry, 4326) NOT NULL,
    properties jsonb NOT NULL,
    hazard_level smallint CONSTRAINT hazards_feature_hazard_level_check CHECK (hazard_level >= 0),
    year integer,
    countries varchar(3)[] NOT NULL,
    transboundary boolean NOT NULL,
    version_id bigint NOT NULL,
    crosses_border boolean NOT NULL,
    CONSTRAINT hazards_feature_pkey PRIMARY KEY (id, version_id),
    CONSTRAINT feature_unique_fid UNIQUE (version_id, fid)
) PARTITION BY LIST (version_id);
ALTER SEQUENCE hazards_feature_id_seq OWNED BY hazards_feature.id;
SELECT setval('hazards_feature_id_seq', coalesce((SELECT max(id) FROM hazards_feature_unpartitioned), 0) + 1, false);
CREATE INDEX feature_geom_gist ON hazards_feature USING gist (geom);

CREATE TABLE hazards_featureanalysis (
    feature_id bigint NOT NULL,
    border_distance_km double precision,
    influence_countries varchar(3)[] NOT NULL,
    downstream_countries varchar(3)[],
    river varchar(100) NOT NULL,
    downstream_path varchar(100)[] NOT NULL,
    version_id bigint NOT NULL,
    CONSTRAINT hazards_featureanalysis_pkey PRIMARY KEY (feature_id, version_id)
) PARTITION BY LIST (version_id);
""" + FUNCTIONS + r"""
DO $$
DECLARE v bigint;
BEGIN
    FOR v IN SELECT DISTINCT version_id FROM hazards_feature_unpartitioned ORDER BY 1 LOOP
        PERFORM atlas_feature_partition(v);
        EXECUTE format(
            'INSERT INTO %I (id, fid, geom, properties, hazard_level, year, countries, transboundary, version_id, '
            'crosses_border) SELECT id, fid, geom, properties, hazard_level, year, countries, transboundary, '
            'version_id, crosses_border FROM hazards_feature_unpartitioned WHERE version_id = %s',
            'hazards_feature_v' || v, v);
        PERFORM atlas_feature_partition_attach(v);
        INSERT INTO hazards_featureanalysis (feature_id, border_distance_km, influence_countries,
                                             downstream_countries, river, downstream_path, version_id)
        SELECT a.feature_id, a.border_distance_km, a.influence_countries, a.downstream_countries, a.river,
               a.downstream_path, f.version_id
        FROM hazards_featureanalysis_unpartitioned a
        JOIN hazards_feature_unpartitioned f ON f.id = a.feature_id
        WHERE f.version_id = v;
    END LOOP;
END $$;
DROP TABLE hazards_featureanalysis_unpartitioned, hazards_feature_unpartitioned;
SELECT atlas_feature_partition_searchable(published_version_id) FROM hazards_layer
WHERE published_version_id IS NOT NULL AND kind = 'vector';
""" + PUBLISHED_VIEW


class Migration(migrations.Migration):
    """Irreversible: going back would mean one table again, which is what 0018 and earlier describe; restore from
    a dump taken before this migration instead."""

    dependencies = [
        ("hazards", "0018_features_cascade_in_database"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(FORWARD)],
            state_operations=[
                migrations.RemoveIndex(model_name="feature", name="feature_version_geom_gist"),
                migrations.AddIndex(model_name="feature", index=GistIndex(fields=["geom"], name="feature_geom_gist")),
                migrations.AlterField(
                    model_name="featureanalysis",
                    name="feature",
                    field=models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING,
                                               primary_key=True, related_name="analysis", serialize=False,
                                               to="hazards.feature"),
                ),
                migrations.AddField(
                    model_name="featureanalysis",
                    name="version",
                    field=models.ForeignKey(db_constraint=False, db_index=False,
                                            on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                            to="hazards.layerversion"),
                    preserve_default=False,
                ),
                migrations.AlterField(
                    model_name="feature",
                    name="version",
                    field=models.ForeignKey(db_constraint=False, db_index=False,
                                            on_delete=django.db.models.deletion.DO_NOTHING, related_name="features",
                                            to="hazards.layerversion"),
                ),
            ],
        ),
    ]
