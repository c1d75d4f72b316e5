from django.db import migrations


class Migration(migrations.Migration):
    """The serial of CAP identifiers: a database sequence, so two alerts sent in the same second never collide."""

    dependencies = [("alerts", "0001_initial")]
    operations = [migrations.RunSQL("CREATE SEQUENCE alerts_cap_serial START 1",
                                    "DROP SEQUENCE IF EXISTS alerts_cap_serial")]
