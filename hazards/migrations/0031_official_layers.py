"""Official and provisional layers, and a layer's history kept after the layer is deleted.

Layer.official (False: provisional) and Country.trusted; the analysis's view of published features keeps the
features of official layers only, so levels, evidence, exposure and alert reach count official layers alone.
LayerEvent outlives its layer: the link is emptied on deletion and the event keeps the layer's slug and title and the
version's number.

Existing layers: the region's own catalogue layers (no owner country, every version loaded by the system and none
uploaded by a user: load_region) are official; every other layer is provisional (no country is trusted yet), until a regional
administrator marks it official."""

import importlib

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Exists, OuterRef

PREVIOUS_VIEW = importlib.import_module("hazards.migrations.0012_rivers_reach").VIEW
VIEW = PREVIOUS_VIEW.rstrip() + "\nWHERE l.official\n"


def forwards(apps, schema_editor):
    Layer = apps.get_model("hazards", "Layer")
    LayerEvent = apps.get_model("hazards", "LayerEvent")
    LayerVersion = apps.get_model("hazards", "LayerVersion")
    for layer in Layer.objects.only("pk", "slug", "title_ru"):
        LayerEvent.objects.filter(layer_id=layer.pk).update(layer_slug=layer.slug, layer_title=layer.title_ru)
    for version in LayerVersion.objects.only("pk", "number"):
        LayerEvent.objects.filter(version_id=version.pk).update(version_number=version.number)
    uploaded = LayerVersion.objects.filter(layer_id=OuterRef("pk"), created_by__isnull=False)
    loaded = LayerVersion.objects.filter(layer_id=OuterRef("pk"))
    Layer.objects.filter(Exists(loaded), ~Exists(uploaded), owner__isnull=True).update(official=True)
    Layer.objects.filter(owner__trusted=True).update(official=True)


class Migration(migrations.Migration):

    dependencies = [
        ('hazards', '0030_names_search'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='layer',
            options={'ordering': ['hazard_type__sort_order', 'slug'], 'permissions': [('mark_official', 'Can mark layers official or provisional')], 'verbose_name': 'layer', 'verbose_name_plural': 'layers'},
        ),
        migrations.AddField(
            model_name='country',
            name='trusted',
            field=models.BooleanField(default=False, help_text="the regional centre trusts this country's data: its layers are official as soon as they are published; otherwise each stays provisional until a regional administrator marks it official", verbose_name='trusted'),
        ),
        migrations.AddField(
            model_name='layer',
            name='official',
            field=models.BooleanField(default=False, help_text='official layers enter the regional outputs (levels, the matrix, passports, exposure, coverage, alert reach); provisional ones are shown on the map and in the API with a badge, never counted. Set by a regional administrator, or at publication when the owner country is trusted', verbose_name='official'),
        ),
        migrations.AddField(
            model_name='layerevent',
            name='layer_slug',
            field=models.SlugField(blank=True, help_text="the layer's identifier when the event was recorded", max_length=100, verbose_name='layer identifier'),
        ),
        migrations.AddField(
            model_name='layerevent',
            name='layer_title',
            field=models.CharField(blank=True, help_text="the layer's title when the event was recorded", max_length=250, verbose_name='layer title'),
        ),
        migrations.AddField(
            model_name='layerevent',
            name='version_number',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='version number'),
        ),
        migrations.AlterField(
            model_name='layerevent',
            name='action',
            field=models.CharField(choices=[('uploaded', 'uploaded'), ('published', 'published'), ('rolled_back', 'rolled back'), ('failed', 'failed'), ('reclassified', 'hazard levels re-mapped'), ('deleted', 'version deleted'), ('access_changed', 'access changed'), ('marked_official', 'marked official'), ('marked_provisional', 'marked provisional'), ('layer_deleted', 'layer deleted')], max_length=20, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='layerevent',
            name='layer',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='events', to='hazards.layer', verbose_name='layer'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RunSQL(VIEW.replace("CREATE OR REPLACE VIEW", "DROP VIEW hazards_published_feature; CREATE VIEW"),
                          "DROP VIEW hazards_published_feature; "
                          + PREVIOUS_VIEW.replace("CREATE OR REPLACE VIEW", "CREATE VIEW")),
    ]
