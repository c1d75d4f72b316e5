import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The inbox's rate limit per client (InboxAllowance, a token bucket) and the count of refusals over it kept on
    the run's first refusal (RejectedMessage.repeats, last_repeat_at)."""

    dependencies = [("alerts", "0005_namespaces")]

    operations = [
        migrations.CreateModel(
            name="InboxAllowance",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("client", models.CharField(max_length=100, unique=True, verbose_name="client")),
                ("tokens", models.FloatField(verbose_name="tokens left")),
                ("at", models.DateTimeField(verbose_name="last counted")),
                ("refusal", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                              related_name="+", to="alerts.rejectedmessage",
                                              verbose_name="kept refusal of the current run")),
            ],
            options={"verbose_name": "inbox allowance", "verbose_name_plural": "inbox allowances"},
        ),
        migrations.AddField(
            model_name="rejectedmessage",
            name="last_repeat_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last counted refusal"),
        ),
        migrations.AddField(
            model_name="rejectedmessage",
            name="repeats",
            field=models.PositiveIntegerField(default=0, help_text="over the rate limit, only the first refused "
                                              "message of a run is kept; the ones after it are counted here",
                                              verbose_name="further refusals counted"),
        ),
    ]
