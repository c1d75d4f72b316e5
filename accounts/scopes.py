"""What an API token may be used for, and which scopes each role may hold. Which endpoints need which scope is
web.scopes' registry; this module only names the scopes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hazards.models import Membership


class Scope(models.TextChoices):
    READ = "read", _("read (GET and HEAD of every surface)")
    UPLOAD = "upload", _("upload (create layers, upload versions, publish, roll back, classify)")
    ALERTS = "alerts", _("alerts (the alerts API and the CAP inbox)")


# A token is never wider than its user's role: the scopes each role may put on a token (and the scopes of a token
# made without naming any).
ROLE_SCOPES = {
    Membership.Role.ADMIN: (Scope.READ, Scope.UPLOAD, Scope.ALERTS),
    Membership.Role.EDITOR: (Scope.READ, Scope.UPLOAD),
    Membership.Role.ISSUER: (Scope.READ, Scope.ALERTS),
    Membership.Role.ANALYST: (Scope.READ, Scope.ALERTS),  # focal points' systems: the CAP inbox, acknowledgements
}
NO_ROLE_SCOPES = (Scope.READ,)


def scopes_of_role(role: str | None) -> tuple[str, ...]:
    """The scopes a user with `role` (None: no role) may put on a token."""
    return tuple(str(scope) for scope in ROLE_SCOPES.get(role, NO_ROLE_SCOPES))
