from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("hazards", "0008_layer_roles")]
    operations = [
        migrations.CreateModel(
            name="AnalysisRun",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("inputs_key", models.CharField(max_length=64, verbose_name="inputs checksum")),
                ("finished_at", models.DateTimeField(auto_now_add=True, verbose_name="finished")),
                ("timings", models.JSONField(default=dict, verbose_name="seconds per stage")),
            ],
            options={"verbose_name": "analysis run", "ordering": ["-finished_at", "-id"]},
        ),
    ]
