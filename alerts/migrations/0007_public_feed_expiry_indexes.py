from django.db import migrations, models

from alerts.models.alert import PUBLIC_FEED


class Migration(migrations.Migration):
    """Partial indexes on the public feeds' messages by expiry (and by member, then expiry): the feeds' Last-Modified
    (when the last message expired out of a feed) is one backward index step instead of a scan of every alert."""

    dependencies = [("alerts", "0006_inbox_limits")]

    operations = [
        migrations.AddIndex(
            model_name="alert",
            index=models.Index(condition=PUBLIC_FEED, fields=["expires"], name="alert_public_feed_expires"),
        ),
        migrations.AddIndex(
            model_name="alert",
            index=models.Index(condition=PUBLIC_FEED, fields=["source_country", "expires"],
                               name="alert_public_country_expires"),
        ),
    ]
