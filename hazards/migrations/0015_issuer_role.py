"""The duty officer's role (issuer) of a member country, for the early-warning system."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('hazards', '0014_exposure_routed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='membership',
            name='country',
            field=models.ForeignKey(blank=True, help_text='the country an editor publishes for or a duty officer issues alerts for', null=True, on_delete=django.db.models.deletion.PROTECT, to='hazards.country', verbose_name='country'),
        ),
        migrations.AlterField(
            model_name='membership',
            name='role',
            field=models.CharField(choices=[('admin', 'regional administrator'), ('editor', 'country editor'), ('analyst', 'analyst'), ('issuer', 'duty officer (issues alerts)')], max_length=10, verbose_name='role'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', 'issuer'), _negated=True), ('country__isnull', False), _connector='OR'), name='membership_issuer_has_country'),
        ),
    ]
