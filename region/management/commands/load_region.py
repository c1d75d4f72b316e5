"""python manage.py load_region [--if-empty] [--only SLUG ...]"""

from django.core.management.base import BaseCommand, CommandError

from hazards.models import Country
from ingest.errors import IngestError
from region.catalogue import LAYERS
from region.loader import region_load


class Command(BaseCommand):
    help = "Load the region's countries, admin areas and hazard layers from fixtures/region (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="do nothing if countries are already loaded")
        parser.add_argument("--only", nargs="+", metavar="SLUG", choices=[spec.slug for spec in LAYERS],
                            help="load only these layers")

    def handle(self, *args, if_empty=False, only=None, **options):
        if if_empty and Country.objects.exists():
            self.stdout.write("The region is already loaded (run load_region without --if-empty to refresh).")
            return
        try:
            region_load(only=only, log=self.stdout.write)
        except IngestError as exc:
            raise CommandError(f"{exc.code}: {exc.detail}") from exc
