"""python manage.py atlas_user NAME --role editor --country KGZ [--password P] [--token [--scope S …] [--days N]]"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.scopes import Scope
from accounts.tokens import api_token_create
from hazards.errors import DomainError
from hazards.models import Membership
from hazards.services.users import user_set_role


class Command(BaseCommand):
    help = "Create or update an atlas user with a role (admin, editor of a country, analyst, issuer)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Membership.Role.values)
        parser.add_argument("--country", help="ISO3 code of an editor's country, e.g. KGZ")
        parser.add_argument("--password", help="password for the web pages (none: API token only)")
        parser.add_argument("--token", action="store_true",
                            help="print a new API token for this user (shown once; only its hash is kept)")
        parser.add_argument("--scope", action="append", choices=Scope.values, dest="scopes",
                            help="what the token may do (repeat for more); default: all the role allows")
        parser.add_argument("--days", type=int, help="days until the token expires (default ATLAS_TOKEN_DAYS)")
        parser.add_argument("--token-name", default="", help="what or who uses the token")

    def handle(self, username, role, country=None, password=None, token=False, scopes=None, days=None,
               token_name="", **options):
        try:
            with transaction.atomic():  # a refused token leaves no user behind
                user, created = user_set_role(username=username, role=role, country=country, password=password)
                key = self._token(user, scopes, days, token_name) if token else None
        except DomainError as exc:
            raise CommandError(str(exc.detail)) from exc
        self.stderr.write(f"{'created' if created else 'updated'} {user.username}: {role}"
                          + (f" of {country.upper()}" if country else ""))
        if key:
            self.stdout.write(key)

    def _token(self, user, scopes, days, name) -> str:
        expires_in = timedelta(days=days) if days is not None else None
        token, key = api_token_create(user=user, scopes=scopes, expires_in=expires_in, name=name)
        self.stderr.write(f"token {token.prefix}…: {', '.join(token.scopes)}, expires {token.expires_at:%Y-%m-%d}; "
                          "the key is printed once and not kept")
        return key
