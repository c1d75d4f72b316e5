"""One topology for every layer (issue 24, part "topo"): rivers get the other spellings sources use for them, so a
feature of any layer can be snapped to the register's river; a feature's analysis records the register object it
is the same object as (and how far from it), so reaches, evidence and passports list it once."""

import django.contrib.postgres.fields
from django.db import migrations, models


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
    ]
