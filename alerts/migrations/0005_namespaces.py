from django.db import migrations, models


class Migration(migrations.Migration):
    """Received messages get their own namespace: unique per (sender, identifier, sent) among received ones, no longer
    among every message, so a neighbour's message carrying one of our future identifiers (even under our sender)
    never makes our send collide. Our own stay unique by identifier (alert_unique_identifier_sent)."""

    dependencies = [("alerts", "0004_exchange")]

    operations = [
        migrations.RemoveConstraint(model_name="alert", name="alert_unique_sender_identifier_sent"),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.UniqueConstraint(condition=models.Q(("state", "received")),
                                               fields=("sender", "identifier", "sent"),
                                               name="alert_unique_received_sender_identifier_sent"),
        ),
    ]
