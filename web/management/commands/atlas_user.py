"""python manage.py atlas_user NAME --role editor --country KGZ [--password P] [--token]"""

from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from hazards.errors import DomainError
from hazards.models import Membership
from hazards.services.users import user_set_role


class Command(BaseCommand):
    help = "Create or update an atlas user with a role (admin, editor of a country, analyst)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Membership.Role.values)
        parser.add_argument("--country", help="ISO3 code of an editor's country, e.g. KGZ")
        parser.add_argument("--password", help="password for the web pages (none: API token only)")
        parser.add_argument("--token", action="store_true", help="print an API token for this user")

    def handle(self, username, role, country=None, password=None, token=False, **options):
        try:
            user, created = user_set_role(username=username, role=role, country=country, password=password)
        except DomainError as exc:
            raise CommandError(str(exc.detail)) from exc
        self.stderr.write(f"{'created' if created else 'updated'} {user.username}: {role}"
                          + (f" of {country.upper()}" if country else ""))
        if token:
            self.stdout.write(Token.objects.get_or_create(user=user)[0].key)
