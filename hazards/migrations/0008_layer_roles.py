"""Layer roles and label/population attributes (data instead of slugs and attribute names in the code), and
one SQL view of the published features with their layer and hazard type."""

from django.db import migrations, models

# Existing databases: the seed layers' roles and attributes as load_region now sets them.
SEED = {
    "context-rivers": ("rivers", "name", ""),
    "context-places-geonames": ("population", "name", "population"),
    "context-places-natural-earth": ("places", "name", "pop_max"),
    "manmade-nuclear-explosions": ("nuclear_tests", "", ""),
}
LABEL_GUESSES = ("name", "name_ru", "Name", "name_en", "location_name", "Lake_name", "fz_name", "shapeName",
                 "River_Basin")

VIEW = """
CREATE VIEW hazards_published_feature AS
SELECT f.id, f.version_id, f.fid, f.geom, f.properties, f.hazard_level, f.year, f.countries, f.transboundary,
       l.id AS layer_id, l.slug AS layer_slug, l.role AS layer_role, l.access AS layer_access,
       l.hazard_type_id, h.code AS hazard_code,
       coalesce(f.properties ->> nullif(l.label_field, ''), '') AS label
FROM hazards_feature f
JOIN hazards_layer l ON l.published_version_id = f.version_id AND l.kind = 'vector'
JOIN hazards_hazardtype h ON h.id = l.hazard_type_id
"""


def seed_roles(apps, schema_editor):
    Layer = apps.get_model("hazards", "Layer")
    for layer in Layer.objects.select_related("published_version"):
        role, label, population = SEED.get(layer.slug, ("", "", ""))
        fields = list(layer.published_version.fields or {}) if layer.published_version else []
        label = label or next((name for name in LABEL_GUESSES if name in fields), "")
        Layer.objects.filter(pk=layer.pk).update(role=role, label_field=label, population_field=population)


class Migration(migrations.Migration):
    dependencies = [("hazards", "0007_influence_defaults")]
    operations = [
        migrations.AddField("layer", "role", models.CharField(
            blank=True, choices=[("", "none"), ("rivers", "river network (downstream walk)"),
                                 ("population", "populated places with population (exposure, search)"),
                                 ("places", "populated places (search)"),
                                 ("nuclear_tests", "nuclear test explosions")],
            db_index=True, default="", max_length=20, verbose_name="role")),
        migrations.AddField("layer", "label_field", models.CharField(
            blank=True, max_length=100, verbose_name="label attribute",
            help_text="attribute holding a feature's name: used by tiles, popups, evidence, passports and search")),
        migrations.AddField("layer", "population_field", models.CharField(
            blank=True, max_length=100, verbose_name="population attribute",
            help_text="attribute holding a place's population (layers with the population role)")),
        migrations.RunPython(seed_roles, migrations.RunPython.noop),
        migrations.RunSQL(VIEW, "DROP VIEW IF EXISTS hazards_published_feature"),
    ]
