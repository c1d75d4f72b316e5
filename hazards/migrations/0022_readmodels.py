"""The read models of the passports, the matrix, its cells and coverage (hazards.models.readmodel), filled at once
from the analysis already stored, so an atlas migrated to them shows its passports before the next analysis runs
(its inputs have not changed, so a queued run would do nothing)."""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models

from hazards.analysis.readmodels import readmodels_refresh


def _fill(apps, schema_editor):
    readmodels_refresh()


class Migration(migrations.Migration):

    dependencies = [
        ('hazards', '0021_layer_event_access_changed'),
    ]

    operations = [
        migrations.CreateModel(
            name='CellFeature',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('feature_id', models.BigIntegerField(verbose_name='feature')),
                ('origin', models.CharField(max_length=3, verbose_name='origin')),
                ('target', models.CharField(max_length=3, verbose_name='country reached')),
                ('level', models.PositiveSmallIntegerField(null=True, verbose_name='level')),
                ('layer_slug', models.CharField(max_length=100, verbose_name='layer')),
                ('fid', models.PositiveIntegerField(verbose_name='number in the source file')),
                ('countries', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=3), default=list)),
                ('influence_countries', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=3), default=list)),
                ('downstream_countries', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=3), null=True)),
                ('label', models.TextField(blank=True, verbose_name='label')),
                ('version', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='hazards.layerversion')),
            ],
            options={
                'verbose_name': 'feature of a matrix cell',
                'indexes': [models.Index(models.F('origin'), models.F('target'), models.OrderBy(models.F('level'), descending=True, nulls_last=True), models.F('layer_slug'), models.F('fid'), name='cellfeature_cell'), models.Index(fields=['version'], name='cellfeature_version')],
            },
        ),
        migrations.CreateModel(
            name='CoverageCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('iso3', models.CharField(max_length=3, verbose_name='country')),
                ('features', models.PositiveIntegerField(verbose_name='features')),
                ('latest_year', models.IntegerField(null=True, verbose_name='latest year')),
                ('version', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='hazards.layerversion')),
            ],
            options={
                'verbose_name': 'coverage count',
                'indexes': [models.Index(fields=['iso3', 'version'], name='coveragecount_country')],
            },
        ),
        migrations.CreateModel(
            name='MatrixCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('origin', models.CharField(max_length=3, verbose_name='origin')),
                ('target', models.CharField(max_length=3, verbose_name='country reached')),
                ('features', models.PositiveIntegerField(verbose_name='features')),
                ('worst_level', models.PositiveSmallIntegerField(null=True, verbose_name='worst level')),
                ('version', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='hazards.layerversion')),
            ],
            options={
                'verbose_name': 'matrix count',
                'indexes': [models.Index(fields=['version'], name='matrixcount_version')],
            },
        ),
        migrations.CreateModel(
            name='UnitDecade',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('decade', models.SmallIntegerField(verbose_name='decade')),
                ('events', models.PositiveIntegerField(verbose_name='events')),
                ('area', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='hazards.adminarea')),
                ('country', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='hazards.country')),
                ('version', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='hazards.layerversion')),
            ],
            options={
                'verbose_name': 'events of a unit by decade',
                'indexes': [models.Index(fields=['country', 'area', 'version'], name='unitdecade_unit')],
            },
        ),
        migrations.CreateModel(
            name='UnitOutline',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('path', models.TextField(verbose_name='SVG path')),
                ('x', models.FloatField()),
                ('y', models.FloatField()),
                ('width', models.FloatField()),
                ('height', models.FloatField()),
                ('area', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='hazards.adminarea')),
                ('country', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='hazards.country')),
            ],
            options={
                'verbose_name': 'outline of a unit',
                'constraints': [models.UniqueConstraint(fields=('country', 'area'), name='unitoutline_unique', nulls_distinct=False)],
            },
        ),
        migrations.CreateModel(
            name='UnitShared',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('target', models.CharField(max_length=3, verbose_name='country reached')),
                ('features', models.PositiveIntegerField(verbose_name='features')),
                ('worst_level', models.PositiveSmallIntegerField(null=True, verbose_name='worst level')),
                ('area', models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='hazards.adminarea')),
                ('country', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='hazards.country')),
                ('version', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='hazards.layerversion')),
            ],
            options={
                'verbose_name': 'shared hazards of a unit',
                'indexes': [models.Index(fields=['country', 'area', 'version'], name='unitshared_unit')],
            },
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
    ]
