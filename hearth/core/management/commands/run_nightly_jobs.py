"""`manage.py run_nightly_jobs`: everything Hearth needs done once a night, in one command to schedule
(cron, a systemd timer or the platform's scheduler): each app's registered job (the slot
`core.extensions.NIGHTLY_JOBS`), in the order of INSTALLED_APPS. A failing job is logged and reported,
the others still run, and the command ends with a non-zero status so the scheduler notices."""

import logging
import time

from django.core.management.base import BaseCommand, CommandError

from hearth.core import extensions

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run every nightly job (visit nudges, data problem re-checks, health check figures, ...)."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Only list the jobs, in the order they run.")

    def handle(self, *args, list=False, **options):
        jobs = extensions.NIGHTLY_JOBS.providers()
        if list:
            for job in jobs:
                self.stdout.write(job.name)
            return
        failed = []
        for job in jobs:
            started = time.perf_counter()
            try:
                summary = job.run()
            except Exception:  # one failing job must not stop the others
                logger.exception("nightly job failed: %s", job.name)
                failed.append(job.name)
                self.stderr.write(f"{job.name}: failed (see the log)")
                continue
            self.stdout.write(f"{job.name}: {summary} ({time.perf_counter() - started:.1f} s)")
        if failed:
            raise CommandError(f"{len(failed)} nightly job(s) failed: {', '.join(failed)}")
