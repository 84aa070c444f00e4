"""Load the demo authority: `manage.py seed_demo --scale small|large`.

Each app that has demo data has a `demo.py` with `seed(scale: str, password: str) -> str` (a one-line
summary). They run in INSTALLED_APPS order, so organisation comes before casework; core imports none
of them by name.
"""

import importlib
import os
import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SCALES = ("small", "large")


def demo_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("hearth."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise


class Command(BaseCommand):
    help = "Create the synthetic demo authority (deterministic; re-running adds nothing twice)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="small")
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
        started = time.perf_counter()
        sign_ins = []
        for module in demo_modules():
            summary = module.seed(scale, password)
            self.stdout.write(f"{module.__name__}: {summary}")
            sign_ins.extend(getattr(module, "sign_in_table", list)())
        self.stdout.write(f"Demo authority ({scale}) ready in {time.perf_counter() - started:.1f} seconds.")
        if quiet or not sign_ins:
            return
        width = max(len(label) for label, _ in sign_ins)
        self.stdout.write("")
        self.stdout.write("Sign in at http://127.0.0.1:8000 with any of these (one per role):")
        for label, email in sign_ins:
            self.stdout.write(f"  {label.ljust(width)}  {email}")
        self.stdout.write(f"Password for every demo account: {password}")
        if settings.HEARTH_REQUIRE_2FA:
            self.stdout.write("Two-factor authentication is ON: you will set up an authenticator app.")
