"""River topology; 'crosses a border' kept apart from 'transboundary' (which the analysis sets from the reach);
the downstream path of each feature."""

import django.contrib.postgres.fields
from django.db import migrations, models

# The published-features view gains the new flag (added at the end, as CREATE OR REPLACE VIEW requires).
VIEW = """
CREATE OR REPLACE VIEW hazards_published_feature AS
SELECT f.id, f.version_id, f.fid, f.geom, f.properties, f.hazard_level, f.year, f.countries, f.transboundary,
       l.id AS layer_id, l.slug AS layer_slug, l.role AS layer_role, l.access AS layer_access,
       l.hazard_type_id, h.code AS hazard_code,
       coalesce(f.properties ->> nullif(l.label_field, ''), '') AS label,
       f.crosses_border
FROM hazards_feature f
JOIN hazards_layer l ON l.published_version_id = f.version_id AND l.kind = 'vector'
JOIN hazards_hazardtype h ON h.id = l.hazard_type_id
"""
PREVIOUS_VIEW = VIEW.replace(",\n       f.crosses_border", "").replace("CREATE OR REPLACE VIEW", "CREATE VIEW")


class Migration(migrations.Migration):
    dependencies = [("hazards", "0011_source_crs_text")]
    operations = [
        migrations.CreateModel(
            name="River",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name_ru", models.CharField(blank=True, max_length=200, verbose_name="name (Russian)")),
                ("name_en", models.CharField(max_length=200, verbose_name="name (English)")),
                ("name_kk", models.CharField(blank=True, max_length=200, verbose_name="name (Kazakh)")),
                ("code", models.SlugField(max_length=60, unique=True, verbose_name="code")),
                ("flows_into", models.CharField(
                    blank=True, max_length=60, verbose_name="flows into",
                    help_text="the code of the receiving river, or of a lake or sea where it ends")),
                ("countries", django.contrib.postgres.fields.ArrayField(
                    base_field=models.CharField(max_length=3), default=list,
                    verbose_name="countries, source to mouth", size=None)),
                ("joins_at", models.PositiveSmallIntegerField(
                    blank=True, null=True, verbose_name="joins at",
                    help_text="1-based position in the receiving river's countries where it joins (empty: the "
                              "first occurrence of this river's last country)")),
                ("basin", models.CharField(blank=True, max_length=60, verbose_name="basin")),
                ("sources", models.CharField(blank=True, max_length=200, verbose_name="sources")),
            ],
            options={"verbose_name": "river", "verbose_name_plural": "rivers", "ordering": ["code"]},
        ),
        migrations.AddField("feature", "crosses_border", models.BooleanField(
            default=False, verbose_name="crosses a border",
            help_text="the geometry touches two or more countries")),
        migrations.AlterField("feature", "transboundary", models.BooleanField(
            default=False, verbose_name="transboundary",
            help_text="its reach (the geometry, the influence zone or the way downstream) enters another country")),
        migrations.RunSQL("UPDATE hazards_feature SET crosses_border = transboundary WHERE transboundary",
                          migrations.RunSQL.noop),
        migrations.RunSQL(VIEW, "DROP VIEW hazards_published_feature; " + PREVIOUS_VIEW),
        migrations.AddField("layer", "river_field", models.CharField(
            blank=True, max_length=100, verbose_name="river attribute",
            help_text="attribute holding the code of the river (of the atlas's river topology) a feature is on")),
        migrations.AddField("featureanalysis", "downstream_path", django.contrib.postgres.fields.ArrayField(
            base_field=models.CharField(max_length=100), blank=True, default=list,
            verbose_name="rivers downstream, in order", size=None)),
    ]
