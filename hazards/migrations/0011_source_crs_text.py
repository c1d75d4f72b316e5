"""Any coordinate system text: WKT of Albers, Lambert or custom projections is far longer than 200 characters."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("hazards", "0010_audience")]
    operations = [
        migrations.AlterField("layerversion", "source_crs", models.TextField(
            blank=True, verbose_name="coordinate system",
            help_text="as the source gave it: EPSG code, WKT or PROJ string")),
    ]
