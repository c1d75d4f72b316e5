"""Names and search (issue 24): the names register's table (hazards.models.RegisterName, loaded by region.names),
a folding that also makes doubled letters one (Кайраккум, Kayrakkum, Кайракум) and Uzbek Latin x the kh it stands
for (Xorazm, Khorezm), and search entries that carry the register's names of the object a feature is (its label one
of the object's spellings): every spelling of the object in the entry's text, its current names in `names`
(register_ru, register_kk, register_en, register) for the search's results and the map's labels.

atlas_fold changes, so the trigram indexes on folded names are rebuilt and every published version's entries are
written again (their checksum, hazards.analysis.search_entries, includes FOLD_VERSION)."""


import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models

from hazards.analysis.search_entries import search_refresh

# 0017's folding, then doubled letters made one and Uzbek Latin x (kh) folded like kh (→ h).
FOLD = r"""
CREATE OR REPLACE FUNCTION atlas_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT regexp_replace(btrim(regexp_replace(
  replace(replace(replace(replace(replace(replace(
  translate(
    replace(replace(replace(replace(replace(
    replace(replace(replace(replace(replace(replace(replace(replace(lower(t),
      'щ', 'shch'), 'ж', 'zh'), 'х', 'kh'), 'ц', 'ts'), 'ч', 'ch'), 'ш', 'sh'), 'ю', 'yu'), 'я', 'ya'),
      'ş', 'sh'), 'š', 'sh'), 'ç', 'ch'), 'č', 'ch'), 'ž', 'zh'),
    'абвгдеёзийклмнопрстуфыэәғқңөұүһіӣӯҳҷўјáàâäãåāăąéèêëēěėęíìîïīıĭñňńóòôöõøōőúùûüūůűŭýÿźżśğțţďľĺŕəqx-_.,;:()ъь''’ʼʻ‘`"',
    'abvgdeeziyklmnoprstufyeagknouuhiiuhjujaaaaaaaaaeeeeeeeeiiiiiiinnnoooooooouuuuuuuuyyzzsgttdllrakh        '),
  'dzh', 'j'), 'zh', 'j'), 'dj', 'j'), 'kh', 'h'), 'gh', 'g'), 'yy', 'y'),
  '\s+', ' ', 'g')), '([a-z])\1+', '\1', 'g')
$$;
"""
UNFOLD = r"""
CREATE OR REPLACE FUNCTION atlas_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT btrim(regexp_replace(
  replace(replace(replace(replace(replace(replace(
  translate(
    replace(replace(replace(replace(replace(
    replace(replace(replace(replace(replace(replace(replace(replace(lower(t),
      'щ', 'shch'), 'ж', 'zh'), 'х', 'kh'), 'ц', 'ts'), 'ч', 'ch'), 'ш', 'sh'), 'ю', 'yu'), 'я', 'ya'),
      'ş', 'sh'), 'š', 'sh'), 'ç', 'ch'), 'č', 'ch'), 'ž', 'zh'),
    'абвгдеёзийклмнопрстуфыэәғқңөұүһіӣӯҳҷўјáàâäãåāăąéèêëēěėęíìîïīıĭñňńóòôöõøōőúùûüūůűŭýÿźżśğțţďľĺŕəq-_.,;:()ъь''’ʼʻ`"',
    'abvgdeeziyklmnoprstufyeagknouuhiiuhjujaaaaaaaaaeeeeeeeeiiiiiiinnnoooooooouuuuuuuuyyzzsgttdllrak        '),
  'dzh', 'j'), 'zh', 'j'), 'dj', 'j'), 'kh', 'h'), 'gh', 'g'), 'yy', 'y'),
  '\s+', ' ', 'g'))
$$;
"""
REINDEX = "REINDEX INDEX adminarea_names_trgm; REINDEX INDEX country_names_trgm; REINDEX INDEX layer_titles_trgm;"

# A version's entries (0027) with the register's object each feature is: the first object (by key) one of whose
# spellings is the feature's label folded — a place layer's features are matched with towns and cities, the
# other layers' with lakes, rivers, dams, regions' events; its spellings join the entry's text, its names `names`.
# The label without its spaces joins the text too (Mailuusuu finds Mailuu-Suu).
WRITE = r"""
CREATE OR REPLACE FUNCTION atlas_search_entries_write(v bigint) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE written integer;
BEGIN
    DELETE FROM hazards_searchentry WHERE version_id = v;
    INSERT INTO hazards_searchentry (version_id, feature_id, fid, label, label_fold, text, names, level, countries,
                                     west, south, east, north, x, y)
    SELECT f.version_id, f.id, f.fid, n.label, n.fold,
           concat_ws(' ', atlas_fold(atlas_feature_text(f.properties)),
                     CASE WHEN strpos(n.fold, ' ') > 0 THEN replace(n.fold, ' ', '') END, r.text),
           (SELECT coalesce(jsonb_object_agg(p.key, p.value), '{}'::jsonb) FROM jsonb_each(f.properties) p
            WHERE left(p.key, 5) = 'name_' OR p.key IN ('alternatenames', 'geonameid', l.population_field)
               OR (l.label_field <> '' AND left(p.key, length(l.label_field) + 1) = l.label_field || '_'))
           || CASE WHEN r.key IS NULL THEN '{}'::jsonb ELSE jsonb_strip_nulls(jsonb_build_object(
                'register', r.key, 'register_ru', nullif(r.name_ru, ''), 'register_kk', nullif(r.name_kk, ''),
                'register_en', nullif(r.name_en, ''))) END,
           f.hazard_level, f.countries, ST_XMin(f.geom), ST_YMin(f.geom), ST_XMax(f.geom), ST_YMax(f.geom),
           ST_X(s.point), ST_Y(s.point)
    FROM hazards_feature f
    JOIN hazards_layerversion lv ON lv.id = f.version_id
    JOIN hazards_layer l ON l.id = lv.layer_id
    CROSS JOIN LATERAL (SELECT coalesce(f.properties ->> nullif(l.label_field, ''), '') AS label) n0
    CROSS JOIN LATERAL (SELECT n0.label, coalesce(atlas_fold(n0.label), '') AS fold) n
    LEFT JOIN LATERAL (
        SELECT g.key, g.name_ru, g.name_kk, g.name_en, g.text FROM hazards_registername g
        WHERE n.fold <> '' AND g.folds @> ARRAY[n.fold]
          AND (g.kind = 'city') = (l.role IN ('population', 'places')) AND g.kind <> 'admin1'
        ORDER BY g.key LIMIT 1) r ON true
    -- A point on the feature for the map's marker; an invalid polygon (GEOS may refuse it) gets its centroid.
    CROSS JOIN LATERAL (SELECT CASE WHEN ST_IsValid(f.geom) THEN ST_PointOnSurface(f.geom)
                                    ELSE ST_Centroid(f.geom) END AS point) s
    WHERE f.version_id = v AND (n.label <> '' OR l.role IN ('population', 'places'));
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END $$;
"""


def _rewrite(apps, schema_editor):
    search_refresh()  # every published version's entries, with the new folding (FOLD_VERSION is in their key)


class Migration(migrations.Migration):

    dependencies = [
        ('hazards', '0029_objects_role'),
    ]

    operations = [
        migrations.RunSQL(FOLD, UNFOLD),
        migrations.RunSQL(REINDEX, REINDEX),
        migrations.CreateModel(
            name='RegisterName',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.SlugField(max_length=80, unique=True, verbose_name='key')),
                ('kind', models.CharField(max_length=20, verbose_name='kind')),
                ('name_ru', models.CharField(blank=True, max_length=200, verbose_name='name (Russian)')),
                ('name_kk', models.CharField(blank=True, max_length=200, verbose_name='name (Kazakh)')),
                ('name_en', models.CharField(blank=True, max_length=200, verbose_name='name (English)')),
                ('name_uz', models.CharField(blank=True, max_length=200, verbose_name='name (Uzbek Latin)')),
                ('spellings', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), default=list, verbose_name='every spelling')),
                ('folds', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), default=list, verbose_name='the spellings folded')),
                ('text', models.TextField(blank=True, verbose_name='folded spellings, searched')),
            ],
            options={
                'verbose_name': 'register name',
                'verbose_name_plural': 'register names',
                'ordering': ['key'],
            },
        ),
        migrations.AddIndex(
            model_name='searchentry',
            index=models.Index(fields=['version', 'feature_id'], name='searchentry_feature'),
        ),
        migrations.AddIndex(
            model_name='registername',
            index=django.contrib.postgres.indexes.GinIndex(fields=['folds'], name='registername_folds'),
        ),
        migrations.AddIndex(
            model_name='registername',
            index=django.contrib.postgres.indexes.GinIndex(fields=['text'], name='registername_text_trgm', opclasses=['gin_trgm_ops']),
        ),
        migrations.RunSQL(WRITE, migrations.RunSQL.noop),
        migrations.RunPython(_rewrite, migrations.RunPython.noop),
    ]
