"""Helpers shared by the services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from ..models import (
    EntryTheme,
    LearningEntry,
    LearningReview,
    Theme,
)

MAX_RETENTION_YEARS = 100


def _require(by, perm, obj=None, message="You do not have permission to do this"):
    if not by.has_perm(perm, obj):
        raise PermissionDenied(message)


def _clean_themes(themes) -> list[str]:
    return [t for t in Theme.values if t in set(themes or ())]


def _locked_review(review: LearningReview) -> LearningReview:
    return LearningReview.objects.select_for_update().get(pk=review.pk)


def _check_period(start, end, errors):
    if start and end and end < start:
        errors["period_end"] = "The end of the period must be the same as or after its start"


def _entry_themes(entry: LearningEntry, themes: list[str]) -> None:
    EntryTheme.objects.bulk_create([EntryTheme(entry=entry, theme=t) for t in themes])
