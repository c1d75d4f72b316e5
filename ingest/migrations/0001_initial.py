"""Upload moved here from the former `layers` app: its table is renamed when it exists, created otherwise."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


def adopt_or_create(apps, schema_editor):
    """Take over `layers_upload` of a database made before the move, or create the table afresh."""
    Upload = apps.get_model("ingest", "Upload")
    tables = schema_editor.connection.introspection.table_names()
    if "layers_upload" in tables:
        schema_editor.alter_db_table(Upload, "layers_upload", Upload._meta.db_table)
        ContentType = apps.get_model("contenttypes", "ContentType")
        if not ContentType.objects.filter(app_label="ingest", model="upload").exists():
            ContentType.objects.filter(app_label="layers", model="upload").update(app_label="ingest")
    else:
        schema_editor.create_model(Upload)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('hazards', '0005_layer_event'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.CreateModel(
            name='Upload',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('layer_metadata', models.JSONField(blank=True, default=dict, verbose_name='metadata of a new layer')),
                ('options', models.JSONField(blank=True, default=dict, help_text='encoding, srid, layer inside a GeoPackage, publish', verbose_name='options')),
                ('file', models.CharField(max_length=500, verbose_name='stored file')),
                ('original_name', models.CharField(max_length=300, verbose_name='file name')),
                ('size', models.BigIntegerField(default=0, verbose_name='size in bytes')),
                ('checksum', models.CharField(blank=True, max_length=64, verbose_name='SHA-256')),
                ('status', models.CharField(choices=[('queued', 'queued'), ('processing', 'processing'), ('ready', 'ready to publish'), ('published', 'published'), ('failed', 'failed')], default='queued', max_length=12, verbose_name='status')),
                ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='progress, %')),
                ('stage', models.CharField(blank=True, max_length=40, verbose_name='stage')),
                ('detected', models.JSONField(blank=True, default=dict, help_text='format, encoding, source CRS, delimiter, coordinate columns', verbose_name='detected')),
                ('preview', models.JSONField(blank=True, default=dict, verbose_name='preview')),
                ('warnings', models.JSONField(blank=True, default=list, verbose_name='warnings')),
                ('errors', models.JSONField(blank=True, default=list, verbose_name='errors')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                ('layer', models.ForeignKey(blank=True, help_text='empty until a new layer is created', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='uploads', to='hazards.layer', verbose_name='layer')),
                ('version', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='hazards.layerversion', verbose_name='version')),
            ],
            options={
                'verbose_name': 'upload',
                'verbose_name_plural': 'uploads',
                'ordering': ['-created_at'],
            },
        )]),
        migrations.RunPython(adopt_or_create, migrations.RunPython.noop),
    ]
