"""The earthquake-catalogue role with its magnitude and depth attributes, for the seismic hazard model."""

from django.db import migrations, models

ROLES = [("", "none"), ("rivers", "river network (downstream walk)"),
         ("population", "populated places with population (exposure, search)"),
         ("places", "populated places (search)"), ("nuclear_tests", "nuclear test explosions"),
         ("earthquakes", "earthquake catalogue (seismic hazard model)")]


def seed(apps, schema_editor):
    Layer = apps.get_model("hazards", "Layer")
    Layer.objects.filter(slug="seismic-earthquakes-emca").update(role="earthquakes", magnitude_field="mag_mlh",
                                                                 depth_field="depth_km")


class Migration(migrations.Migration):
    dependencies = [("hazards", "0012_rivers_reach")]
    operations = [
        migrations.AlterField("layer", "role", models.CharField(
            blank=True, choices=ROLES, db_index=True, default="", max_length=20, verbose_name="role")),
        migrations.AddField("layer", "magnitude_field", models.CharField(
            blank=True, max_length=100, verbose_name="magnitude attribute",
            help_text="attribute holding an earthquake's magnitude (MLH) for the seismic hazard model")),
        migrations.AddField("layer", "depth_field", models.CharField(
            blank=True, max_length=100, verbose_name="depth attribute",
            help_text="attribute holding an earthquake's focal depth in km (15 km where empty)")),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
