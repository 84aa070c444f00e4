"""Nudge lead workers about overdue visits: an in-app notification once per overdue visit, and an email
digest (links only, no names) to those who asked for one. Run daily; running twice repeats nothing in
the app (VisitNudge is unique per child and due date)."""

from django.core.management.base import BaseCommand

from hearth.priorities.services import nudge_overdue_visits


class Command(BaseCommand):
    help = "Notify lead workers of overdue visits and send the email digests"

    def add_arguments(self, parser):
        parser.add_argument("--no-email", action="store_true", help="Only the in-app notifications")

    def handle(self, *args, no_email=False, **options):
        made, sent = nudge_overdue_visits(email=not no_email)
        self.stdout.write(f"{made} notifications, {sent} emails")
