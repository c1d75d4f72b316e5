"""python manage.py analyse — recompute the whole transboundary analysis, levels per area and exposure now."""

from django.core.management.base import BaseCommand

from hazards.analysis.service import analysis_recompute


class Command(BaseCommand):
    help = "Recompute the transboundary analysis, hazard levels per area and population exposure."

    def handle(self, *args, **options):
        timings = analysis_recompute(whole=True)
        self.stdout.write(", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in timings.items()))
