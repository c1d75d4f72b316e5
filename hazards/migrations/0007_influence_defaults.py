from django.db import migrations

DEFAULTS = {"seismic": (25, 0), "flood": (50, 60), "mudflow": (30, 60), "manmade": (20, 30), "landslide": (10, 0)}


def set_defaults(apps, schema_editor):
    HazardType = apps.get_model("hazards", "HazardType")
    for code, (influence, snap) in DEFAULTS.items():
        HazardType.objects.filter(code=code, influence_km=0, river_snap_km=0).update(
            influence_km=influence, river_snap_km=snap)


class Migration(migrations.Migration):
    dependencies = [("hazards", "0006_analysis")]
    operations = [migrations.RunPython(set_defaults, migrations.RunPython.noop)]
