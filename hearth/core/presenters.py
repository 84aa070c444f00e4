"""Presenters shared by every app: how dates, days and figures read on a page."""

import datetime
import math

from django.utils import timezone


def date_in_words(day: datetime.date | datetime.datetime | None) -> str:
    """27 March 2019 (no leading zero); a date and time is read in local time. Empty for no date."""
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return f"{day.day} {day:%B %Y}"


def percentile(ordered: list[float], pct: int) -> float:
    """The nearest-rank percentile of sorted values: the smallest value with at least pct% at or below."""
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def days_in_words(days: float | None, *, empty: str = "Not enough data") -> str:
    """A number of days to one decimal place ("1 day", "2.5 days"); `empty` when there is none."""
    if days is None:
        return empty
    rounded = round(days, 1)
    text = f"{rounded:g}"
    return f"{text} day" if rounded == 1 else f"{text} days"
