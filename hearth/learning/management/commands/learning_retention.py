"""List learning records past their retention period, and dispose of them.

    manage.py learning_retention --dry-run   # list only
    manage.py learning_retention             # dispose of each, keeping an audit row for each

The periods are the authority's (the learning retention page), else Hearth's defaults (ADR 0012).
Nothing printed names a child.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from hearth.learning import selectors, services
from hearth.learning.models import ReviewKind


class Command(BaseCommand):
    help = "List (--dry-run) or dispose of learning reviews and near misses past their retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what is past retention; change nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        years = services.current_retention()
        today = timezone.localdate()
        reviews, near_misses = selectors.past_retention(years, today)
        reviews, near_misses = list(reviews), list(near_misses)
        for kind in ReviewKind:
            self.stdout.write(f"{kind.label}: kept {years[kind.value]} years")
        for review in reviews:
            due = selectors.retention_due_on(review.kind, review.published_at, years)
            self.stdout.write(
                f"review {review.pk} ({review.get_kind_display()}), published "
                f"{review.published_at:%Y-%m-%d}, past retention since {due:%Y-%m-%d}"
            )
        for near_miss in near_misses:
            due = selectors.retention_due_on(ReviewKind.NEAR_MISS, near_miss.reported_at, years)
            self.stdout.write(
                f"near miss {near_miss.pk}, reported {near_miss.reported_at:%Y-%m-%d}, "
                f"past retention since {due:%Y-%m-%d}"
            )
        total = len(reviews) + len(near_misses)
        if dry_run:
            self.stdout.write(f"{total} records past retention (dry run: nothing disposed of).")
            return
        for review in reviews:
            services.dispose_review(by=None, review=review, today=today)
        for near_miss in near_misses:
            services.dispose_near_miss(by=None, near_miss=near_miss, today=today)
        self.stdout.write(f"{total} records disposed of; an audit row was kept for each.")
