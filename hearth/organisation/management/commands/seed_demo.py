"""Load the demo authority: `manage.py seed_demo --scale small|large`."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hearth.organisation import demo


class Command(BaseCommand):
    help = "Create the synthetic demo authority (deterministic; re-running adds nothing twice)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(demo.SCALES), default="small")
        parser.add_argument(
            "--force", action="store_true", help="Seed even when DEBUG is off (never on a live system)."
        )
        parser.add_argument("--quiet", action="store_true", help="Do not print the sign-in table.")

    def handle(self, *args, scale, force, quiet, **options):
        if not settings.DEBUG and not settings.TESTING and not force:
            raise CommandError(
                "The demo authority is synthetic and must not be loaded into a live system. "
                "Run with DEBUG=1, or pass --force if you are sure."
            )
        password = os.environ.get("HEARTH_DEMO_PASSWORD") or settings.HEARTH_DEMO_PASSWORD_DEFAULT
        result = demo.seed(scale, password)
        self.stdout.write(
            f"Demo authority ({scale}): {result.created_people} people, {result.created_units} units and "
            f"{result.created_memberships} memberships created in {result.seconds:.1f} seconds."
        )
        if quiet:
            return
        width = max(len(label) for label, _ in demo.sign_in_table())
        self.stdout.write("")
        self.stdout.write("Sign in at http://127.0.0.1:8000 with any of these (one per role):")
        for label, email in demo.sign_in_table():
            self.stdout.write(f"  {label.ljust(width)}  {email}")
        self.stdout.write(f"Password for every demo account: {password}")
        if settings.HEARTH_REQUIRE_2FA:
            self.stdout.write("Two-factor authentication is ON: you will set up an authenticator app.")
