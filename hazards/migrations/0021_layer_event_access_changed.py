from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('hazards', '0020_layer_event_deleted'),
    ]

    operations = [
        migrations.AlterField(
            model_name='layerevent',
            name='action',
            field=models.CharField(choices=[('uploaded', 'uploaded'), ('published', 'published'), ('rolled_back', 'rolled back'), ('failed', 'failed'), ('reclassified', 'hazard levels re-mapped'), ('deleted', 'version deleted'), ('access_changed', 'access changed')], max_length=20, verbose_name='action'),
        ),
    ]
