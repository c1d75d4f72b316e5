"""Search in Cyrillic and Latin: one folding function (lower case, Cyrillic — Russian, Kazakh, Kyrgyz, Tajik, Uzbek
letters — transliterated to Latin, Latin diacritics dropped, common spelling variants made one) and trigram GIN
indexes (pg_trgm) on the folded names of features, admin areas, countries and layers, so that a substring search
in either script uses an index (hazards/search.py; docs in /work/helper/p14-docs.md).

Folding lives in SQL because the index must be built on it; Python never folds a second way."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# Cyrillic letters that become two or more Latin letters, then single letters (translate() deletes what has no
# counterpart: the hard and soft signs and apostrophes), then spelling variants that both scripts produce:
# dzh/zh/dj → j (Джалал-Абад, Jalal-Abad; Жамбыл, Jambyl), kh → h (Хорог, Khorog, Horog), gh → g, q → k
# (Qyzylorda, Кызылорда).
FOLD = r"""
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

-- The text of a feature's string attributes, one line: what the search looks in. Values with a slash are left
-- out: addresses and time zones (every GeoNames place of Kyrgyzstan says Asia/Bishkek) are not names.
CREATE OR REPLACE FUNCTION atlas_feature_text(p jsonb) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT coalesce(string_agg(value #>> '{}', ' '), '') FROM jsonb_each(p)
WHERE jsonb_typeof(value) = 'string' AND strpos(value #>> '{}', '/') = 0
$$;
"""
UNFOLD = "DROP FUNCTION IF EXISTS atlas_feature_text(jsonb); DROP FUNCTION IF EXISTS atlas_fold(text);"

INDEXES = """
CREATE INDEX feature_names_trgm ON hazards_feature
    USING gin (atlas_fold(atlas_feature_text(properties)) gin_trgm_ops);
CREATE INDEX adminarea_names_trgm ON hazards_adminarea
    USING gin (atlas_fold(name_ru || ' ' || name_en || ' ' || name_kk) gin_trgm_ops);
CREATE INDEX country_names_trgm ON hazards_country
    USING gin (atlas_fold(name_ru || ' ' || name_en || ' ' || name_kk || ' ' || iso3) gin_trgm_ops);
CREATE INDEX layer_titles_trgm ON hazards_layer
    USING gin (atlas_fold(title_ru || ' ' || title_en || ' ' || title_kk) gin_trgm_ops);
"""
DROP_INDEXES = """
DROP INDEX IF EXISTS feature_names_trgm; DROP INDEX IF EXISTS adminarea_names_trgm;
DROP INDEX IF EXISTS country_names_trgm; DROP INDEX IF EXISTS layer_titles_trgm;
"""


class Migration(migrations.Migration):
    dependencies = [("hazards", "0016_advice_attribute_labels")]
    operations = [
        TrigramExtension(),
        migrations.RunSQL(FOLD, UNFOLD),
        migrations.RunSQL(INDEXES, DROP_INDEXES),
    ]
