"""Presenters shared by every app: how dates read on a page."""

import datetime

from django.utils import timezone


def date_in_words(day: datetime.date | datetime.datetime | None) -> str:
    """27 March 2019 (no leading zero); a date and time is read in local time. Empty for no date."""
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return f"{day.day} {day:%B %Y}"
