"""What the Standard 1 indicators share: the 12 months to the day, and a unit's members on the day."""

from __future__ import annotations

import datetime
from collections import defaultdict

from hearth.organisation.models import Membership

from ..base import (
    day_end,
    day_start,
    window_start,
)

YEAR_DAYS = 365


def _year(as_of: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of the 12 months to the day, as datetimes."""
    return day_start(window_start(as_of, YEAR_DAYS)), day_end(as_of)


def _members(unit_ids, on: datetime.date) -> dict[int, set[int]]:
    """{unit id: user ids of its members on the day}. One query."""
    found: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id in (
        Membership.objects.current(on=on).filter(unit_id__in=list(unit_ids)).values_list("unit_id", "user_id")
    ):
        found[unit_id].add(user_id)
    return found
