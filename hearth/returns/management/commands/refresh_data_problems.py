"""`manage.py refresh_data_problems`: re-check every child's and worker's data problems for every return.

Schedule it nightly (cron or the host's scheduler), beside `send_visit_digest`: saves re-check one child
at once, but bulk writes send no signals, and a rule that depends on today's date (an assessment open
too long) changes with the calendar.
"""

from django.core.management.base import BaseCommand

from hearth.returns.services.problems import refresh_all


class Command(BaseCommand):
    help = "Re-check the data problems of every return for everyone (run nightly)."

    def handle(self, *args, **options):
        counts = refresh_all()
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} data problem{'s' if count != 1 else ''}")
