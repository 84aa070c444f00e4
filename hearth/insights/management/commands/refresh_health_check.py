"""`manage.py refresh_health_check`: work out the health check's latest figures (and last month's
month-end figures if they are missing). Schedule it nightly; the heatmap says when it last ran."""

from django.core.management.base import BaseCommand

from hearth.insights.services import refresh


class Command(BaseCommand):
    help = "Work out the organisational health check for every unit (the nightly refresh)."

    def handle(self, *args, **options):
        snapshot = refresh()
        self.stdout.write(
            f"Health check as at {snapshot.as_of}: {snapshot.units} units in {snapshot.seconds:.1f} seconds."
        )
