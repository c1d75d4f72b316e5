"""One topology for every layer (issue 24, part "topo"): rivers get the other spellings sources use for them, so a
feature of any layer can be snapped to the register's river; a feature's analysis records the register object it
is the same object as (and how far from it), so reaches, evidence and passports list it once; outburst lakes snap to
a river within 20 km, not 60."""

import django.contrib.postgres.fields
from django.db import migrations, models

# Outburst lakes sit in side valleys: 60 km put lakes of Lake Issyk-Kul's endorheic south shore on the Naryn across
# the Terskey ridge (23–55 km away). 20 km keeps the lakes of the valleys that reach a register river
# (docs/analysis.md, "Influence and snapping distances"). Only the values nobody edited change.
SNAP_KM = {"flood": (60, 20), "mudflow": (60, 20)}


def snapping_tightened(apps, schema_editor):
    HazardType = apps.get_model("hazards", "HazardType")
    for code, (old, new) in SNAP_KM.items():
        HazardType.objects.filter(code=code, river_snap_km=old).update(river_snap_km=new)


def snapping_restored(apps, schema_editor):
    HazardType = apps.get_model("hazards", "HazardType")
    for code, (old, new) in SNAP_KM.items():
        HazardType.objects.filter(code=code, river_snap_km=new).update(river_snap_km=old)


class Migration(migrations.Migration):
    dependencies = [("hazards", "0027_search_entries")]

    operations = [
        migrations.AddField(
            model_name="river", name="aliases",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=100), blank=True, default=list,
                help_text="folded spellings a source may use for this river (Natural Earth's lines, an inventory's "
                          "river attribute): the analysis snaps to the river by them",
                size=None, verbose_name="other names")),
        migrations.AddField(
            model_name="featureanalysis", name="same_as",
            field=models.CharField(blank=True, db_default="", max_length=60, verbose_name="same object as",
                                   help_text="the code of the register object this feature is (matched by name "
                                             "and distance: hazards.analysis.matching)")),
        migrations.AddField(
            model_name="featureanalysis", name="same_as_km",
            field=models.FloatField(blank=True, null=True, verbose_name="distance to that register object, km")),
        migrations.RunPython(snapping_tightened, snapping_restored),
    ]
