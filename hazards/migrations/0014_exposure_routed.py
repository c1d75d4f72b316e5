"""Exposure routed along rivers (a flood reach per hazard type) and counted once per hazard type and country."""

from django.db import migrations, models

FLOOD_REACH_KM = {"flood": 300, "manmade": 300}


def seed(apps, schema_editor):
    HazardType = apps.get_model("hazards", "HazardType")
    for code, km in FLOOD_REACH_KM.items():
        HazardType.objects.filter(code=code, flood_reach_km=0).update(flood_reach_km=km)


class Migration(migrations.Migration):
    dependencies = [("hazards", "0013_seismic_model")]
    operations = [
        migrations.AddField("hazardtype", "flood_reach_km", models.FloatField(
            default=0, verbose_name="flood reach downstream, km",
            help_text="how far downstream an outburst or a dam break of this type is counted for exposure (0: not "
                      "routed; the influence distance applies)")),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.CreateModel(
            name="ExposureTotal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("audience", models.CharField(choices=[("public", "public layers only"),
                                                       ("full", "all layers, restricted ones included")],
                                              default="public", max_length=10, verbose_name="audience")),
                ("population", models.BigIntegerField(verbose_name="population")),
                ("places", models.PositiveIntegerField(verbose_name="places")),
                ("country", models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="exposure_totals",
                                              to="hazards.country")),
                ("hazard_type", models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="+",
                                                  to="hazards.hazardtype")),
            ],
            options={"verbose_name": "exposure per hazard type"},
        ),
        migrations.AddConstraint("exposuretotal", models.UniqueConstraint(
            fields=["audience", "hazard_type", "country"], name="exposuretotal_unique")),
    ]
