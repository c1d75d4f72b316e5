"""Derived outputs per audience: levels and exposure computed from public layers only, and from all layers."""

from django.db import migrations, models

AUDIENCE = [("public", "public layers only"), ("full", "all layers, restricted ones included")]


class Migration(migrations.Migration):
    dependencies = [("hazards", "0009_analysisrun")]
    operations = [
        migrations.RemoveConstraint("arealevel", "arealevel_unique"),
        migrations.RemoveConstraint("exposure", "exposure_unique"),
        migrations.AddField("arealevel", "audience", models.CharField(
            choices=AUDIENCE, default="public", max_length=10, verbose_name="audience")),
        migrations.AddField("exposure", "audience", models.CharField(
            choices=AUDIENCE, default="public", max_length=10, verbose_name="audience")),
        migrations.AddConstraint("arealevel", models.UniqueConstraint(
            fields=["audience", "country", "area", "hazard_type"], name="arealevel_unique_per_audience",
            nulls_distinct=False)),
        migrations.AddConstraint("exposure", models.UniqueConstraint(
            fields=["audience", "layer", "origin", "country"], name="exposure_unique_per_audience",
            nulls_distinct=False)),
    ]
