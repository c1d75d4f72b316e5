"""Each river hazard's flood corridor (its way downstream, buffered and cut at its type's flood reach) is stored
with its per-feature analysis, computed once per version like the rest of that row, instead of walking every river
hazard of a type again whenever its exposure is recomputed. Nullable, no default: adding it to the partitioned
table changes no row."""

import django.contrib.gis.db.models.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('hazards', '0025_analysis_units'),
    ]

    operations = [
        migrations.AddField(
            model_name='featureanalysis',
            name='flood_zone',
            field=django.contrib.gis.db.models.fields.GeometryField(null=True, spatial_index=False, srid=4326, verbose_name='flood corridor downstream'),
        ),
    ]
