from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """Every HTTP surface; an app only for its management command (atlas_user, which issues API tokens)."""

    name = "web"
    verbose_name = _("Web: API, OGC API, tiles and pages")
