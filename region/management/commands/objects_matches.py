"""python manage.py objects_matches [--write]: the register objects matched in other layers, for review."""

import csv
import io

from django.core.management.base import BaseCommand

from hazards.analysis.matching import matches_list
from region.rivers import MATCHES_FILE


class Command(BaseCommand):
    help = ("List the features of other layers matched as the same object as a register object (layer, feature, "
            "register code, km) as CSV; --write stores it in fixtures/basins/matches.csv for review.")

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="write fixtures/basins/matches.csv")

    def handle(self, *args, write=False, **options):
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=["layer", "feature", "register", "km"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(matches_list())
        if write:
            MATCHES_FILE.write_text(text.getvalue(), encoding="utf-8")
        else:
            self.stdout.write(text.getvalue(), ending="")
