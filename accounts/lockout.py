"""The sign-in lockout (django-axes' database handler, AXES_HANDLER) with two thresholds: a user name and one
client address are locked after AXES_FAILURE_LIMIT failures, a user name from all addresses together after
LOGIN_USER_FAILURE_LIMIT. Axes compares one number with one limit, so the user name's failures are counted in
units of the pair's limit: floor(n × pair / user) reaches `pair` exactly when n reaches `user`."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _failures(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """The larger of the pair's failures and the user name's failures scaled to the pair's limit (see above)."""
        pair_attempts, user_attempts = self.get_user_attempts(request, credentials)
        pair_limit, user_limit = settings.AXES_FAILURE_LIMIT, settings.LOGIN_USER_FAILURE_LIMIT
        return max(_failures(pair_attempts), _failures(user_attempts) * pair_limit // user_limit)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful sign-in clears the failures of its own address only: a user signing in must not lift the
        lock of someone guessing their password elsewhere."""
        count, _ = AccessAttempt.objects.filter(username=get_client_username(request, credentials),
                                                ip_address=request.axes_ip_address).delete()
        return count
