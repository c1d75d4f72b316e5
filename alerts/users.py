"""Who asks: the type of the user the alerts' reads and writes take (a request's user, signed in or not)."""

from django.contrib.auth.models import AnonymousUser, User

AnyUser = User | AnonymousUser
