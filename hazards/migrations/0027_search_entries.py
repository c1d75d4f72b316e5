"""Search reads a table of its own (hazards.models.SearchEntry) instead of every published partition of the
features through a trigram index per partition (0019): a search took 150 of its ~210 ms in one LIKE over all of
them, folding each candidate's attributes again to recheck it. The entries hold the folded text once, and one
trigram index serves every version.

atlas_search_entries_write(v) is the one definition of a version's entries, called by the publish path and the
analysis (hazards.analysis.search_entries) and here, for every published version; a version published again later
gets them then. The partition indexes and the function that built them go. Only features a search can show get an
entry: those with a label, and every place."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.deletion
from django.db import migrations, models


# A version's entries: features with a label (its layer's label_field) and every feature of a place layer (the
# population and places roles of hazards.models.Layer.Role); `names` keeps the attributes that name it in other
# languages (name_xx, <label_field>_xx, GeoNames' alternatenames), its GeoNames id and its population.
WRITE = r"""
CREATE FUNCTION atlas_search_entries_write(v bigint) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE written integer;
BEGIN
    DELETE FROM hazards_searchentry WHERE version_id = v;
    INSERT INTO hazards_searchentry (version_id, feature_id, fid, label, label_fold, text, names, level, countries,
                                     west, south, east, north, x, y)
    SELECT f.version_id, f.id, f.fid, n.label, atlas_fold(n.label), atlas_fold(atlas_feature_text(f.properties)),
           (SELECT coalesce(jsonb_object_agg(p.key, p.value), '{}'::jsonb) FROM jsonb_each(f.properties) p
            WHERE left(p.key, 5) = 'name_' OR p.key IN ('alternatenames', 'geonameid', l.population_field)
               OR (l.label_field <> '' AND left(p.key, length(l.label_field) + 1) = l.label_field || '_')),
           f.hazard_level, f.countries, ST_XMin(f.geom), ST_YMin(f.geom), ST_XMax(f.geom), ST_YMax(f.geom),
           ST_X(s.point), ST_Y(s.point)
    FROM hazards_feature f
    JOIN hazards_layerversion lv ON lv.id = f.version_id
    JOIN hazards_layer l ON l.id = lv.layer_id
    CROSS JOIN LATERAL (SELECT coalesce(f.properties ->> nullif(l.label_field, ''), '') AS label) n
    -- A point on the feature for the map's marker; an invalid polygon (GEOS may refuse it) gets its centroid.
    CROSS JOIN LATERAL (SELECT CASE WHEN ST_IsValid(f.geom) THEN ST_PointOnSurface(f.geom)
                                    ELSE ST_Centroid(f.geom) END AS point) s
    WHERE f.version_id = v AND (n.label <> '' OR l.role IN ('population', 'places'));
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END $$;
"""

# The partition search indexes of 0019 and the function that built them.
DROP_PARTITION_INDEXES = r"""
DO $$
DECLARE i record;
BEGIN
    FOR i IN SELECT indexname FROM pg_indexes WHERE indexname LIKE 'feature\_names\_trgm\_v%' LOOP
        EXECUTE format('DROP INDEX %I', i.indexname);
    END LOOP;
END $$;
DROP FUNCTION atlas_feature_partition_searchable(bigint);
"""

# Back: the function, and the partition indexes of the versions that had entries.
RESTORE_PARTITION_INDEXES = r"""
CREATE FUNCTION atlas_feature_partition_searchable(v bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF to_regclass('hazards_feature_v' || v) IS NOT NULL THEN
        EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I USING gin '
                       '(atlas_fold(atlas_feature_text(properties)) gin_trgm_ops)',
                       'feature_names_trgm_v' || v, 'hazards_feature_v' || v);
    END IF;
END $$;
SELECT atlas_feature_partition_searchable(version_id) FROM (SELECT DISTINCT version_id FROM hazards_searchentry) e;
"""


def _fill(apps, schema_editor):
    """Every published version's entries; the others get theirs when published again. Their checksum stays empty
    (0028 writes them again with its folding and records it), so this reads no model of later migrations."""
    schema_editor.execute("SELECT atlas_search_entries_write(published_version_id) FROM hazards_layer "
                          "WHERE kind = 'vector' AND published_version_id IS NOT NULL")


class Migration(migrations.Migration):

    dependencies = [
        ('hazards', '0026_analysis_flood_zone'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('feature_id', models.BigIntegerField(verbose_name='feature')),
                ('fid', models.PositiveIntegerField(verbose_name='number in the source file')),
                ('label', models.TextField(blank=True, verbose_name='label')),
                ('label_fold', models.TextField(blank=True, verbose_name='folded label')),
                ('text', models.TextField(verbose_name='folded text of the string attributes')),
                ('names', models.JSONField(default=dict, verbose_name='naming attributes')),
                ('level', models.PositiveSmallIntegerField(null=True, verbose_name='level')),
                ('countries', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=3), default=list)),
                ('west', models.FloatField()),
                ('south', models.FloatField()),
                ('east', models.FloatField()),
                ('north', models.FloatField()),
                ('x', models.FloatField()),
                ('y', models.FloatField()),
                ('version', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='hazards.layerversion')),
            ],
            options={
                'verbose_name': 'search entry',
                'verbose_name_plural': 'search entries',
                'indexes': [models.Index(fields=['version'], name='searchentry_version'), django.contrib.postgres.indexes.GinIndex(fields=['text'], name='searchentry_text_trgm', opclasses=['gin_trgm_ops'])],
            },
        ),
        migrations.RunSQL(WRITE, "DROP FUNCTION IF EXISTS atlas_search_entries_write(bigint)"),
        migrations.AddField(
            model_name="layerversion",
            name="search_key",
            field=models.CharField(blank=True, default="", editable=False, max_length=64,
                                   verbose_name="checksum of the layer settings its search entries were written with"),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
        migrations.RunSQL(DROP_PARTITION_INDEXES, RESTORE_PARTITION_INDEXES),
    ]
