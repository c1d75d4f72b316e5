"""python manage.py load_basemap [--if-empty]: (re)load the base map's rivers, lakes, glaciers and places."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from region.basemap import basemap_load


class Command(BaseCommand):
    help = ("Replace the base map's content (table base_feature) by the fixtures' in one transaction; "
            "--if-empty leaves a loaded base map alone (prepare.sh runs it on a database loaded before the base map).")

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="only when base_feature has no rows")

    def handle(self, *args, if_empty=False, **options):
        if if_empty:
            with connection.cursor() as cursor:
                cursor.execute("SELECT EXISTS (SELECT 1 FROM base_feature)")
                if cursor.fetchone()[0]:
                    self.stdout.write("base map: already loaded")
                    return
        with transaction.atomic():
            count = basemap_load()
        self.stdout.write(f"base map: {count} features")
