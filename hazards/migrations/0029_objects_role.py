"""The register layers of fixtures/basins/objects.csv take the role "objects": matching (one object, one entry)
reads its register objects by role, so the historic-events register — which also has codes and river codes — is
never taken for one. The Kazakh name of the flood hazard type says outburst (ақтарылу), not explosion (жарылу),
where nobody edited it."""

from django.db import migrations, models

REGISTER_LAYERS = ("manmade-dams-register", "flood-outburst-lakes-register", "manmade-legacy-sites-register")


def forwards(apps, schema_editor):
    apps.get_model("hazards", "Layer").objects.filter(slug__in=REGISTER_LAYERS, role="").update(role="objects")
    apps.get_model("hazards", "HazardType").objects.filter(
        code="flood", name_kk="Су тасқыны және көл жарылуы").update(name_kk="Су тасқыны және көл ақтарылуы")


def backwards(apps, schema_editor):
    apps.get_model("hazards", "Layer").objects.filter(slug__in=REGISTER_LAYERS, role="objects").update(role="")


class Migration(migrations.Migration):
    dependencies = [("hazards", "0028_topo_same_object")]

    operations = [
        migrations.AlterField(
            model_name="layer",
            name="role",
            field=models.CharField(
                blank=True, db_index=True, default="", max_length=20, verbose_name="role",
                choices=[("", "none"), ("rivers", "river network (downstream walk)"),
                         ("population", "populated places with population (exposure, search)"),
                         ("places", "populated places (search)"), ("nuclear_tests", "nuclear test explosions"),
                         ("earthquakes", "earthquake catalogue (seismic hazard model)"),
                         ("objects", "register of objects (one object, one entry)")]),
        ),
        migrations.RunPython(forwards, backwards),
    ]
