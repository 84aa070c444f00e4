"""Indicators of characteristic 3: reduce bureaucracy.

Time is what people log each week, by activity (priorities app, `TimeEntry`), against the unit they were
in when they logged it. As on the unit's caseload page (priorities/selectors/time.py `time_shares`), a
week counts in the month of its Monday. The period is the three whole calendar months before the day
(with the day's own month when the day is its last), so a month-end snapshot reads whole months.
"""

from __future__ import annotations

import calendar
import datetime

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse

from hearth.priorities.models import Activity, TimeEntry

from .base import Direction, Evidence, EvidenceRow, Indicator, Kind, Measure, day_end, no_data
from .registry import register

MONTHS = 3
#: Hours a unit must have logged in the three months for its shares to mean something: about three
#: weeks of one full-time worker (a unit of five logging every week records around 1,900 hours).
MINIMUM_HOURS = 100


def period(as_of: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first day of the first month and the first day after the last month of the period."""
    if as_of.day == calendar.monthrange(as_of.year, as_of.month)[1]:
        end = as_of + datetime.timedelta(days=1)
    else:
        end = as_of.replace(day=1)
    start = end
    for _ in range(MONTHS):
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    return start, end


def _entries(as_of: datetime.date):
    start, end = period(as_of)
    return TimeEntry.objects.filter(
        week_starting__gte=start, week_starting__lt=end, created_at__lt=day_end(as_of)
    )


def minutes_by_unit(unit_ids, as_of: datetime.date) -> dict[int, tuple[int, int, int]]:
    """{unit id: (minutes logged, with families, recording)} over the period. One query."""
    rows = (
        _entries(as_of)
        .filter(unit_id__in=list(unit_ids))
        .values("unit_id")
        .annotate(
            total=Sum("minutes"),
            direct=Sum("minutes", filter=Q(activity=Activity.DIRECT)),
            recording=Sum("minutes", filter=Q(activity=Activity.RECORDING)),
        )
        .order_by()
    )
    return {r["unit_id"]: (r["total"] or 0, r["direct"] or 0, r["recording"] or 0) for r in rows}


def _hours(minutes: int) -> float:
    return round(minutes / 60, 1)


def _months_in_words(as_of: datetime.date) -> str:
    start, end = period(as_of)
    last = end - datetime.timedelta(days=1)
    return f"{start:%B %Y} to {last:%B %Y}"


class _TimeShare(Indicator):
    minimum_sample = MINIMUM_HOURS
    part_index = 1
    part_words = ""

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        minutes = minutes_by_unit(unit_ids, as_of)
        result = {}
        for unit_id in unit_ids:
            total, *parts = minutes.get(unit_id, (0, 0, 0))
            hours = _hours(total)
            if not total:
                result[unit_id] = no_data(f"No time logged in {_months_in_words(as_of)}")
                continue
            if hours < self.minimum_sample:
                result[unit_id] = no_data(
                    f"{hours:g} hours logged in {_months_in_words(as_of)}: fewer than {self.minimum_sample}, "
                    "too few to give a share",
                    sample=int(hours),
                )
                continue
            part = parts[self.part_index - 1]
            result[unit_id] = Measure(
                100.0 * part / total,
                sample=int(hours),
                numerator=_hours(part),
                denominator=hours,
                note=f"{_hours(part):g} of {hours:g} hours logged {self.part_words}, {_months_in_words(as_of)}",
            )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        rows = (
            _entries(as_of)
            .filter(unit=unit)
            .annotate(month=TruncMonth("week_starting"))
            .values("month")
            .annotate(
                total=Sum("minutes"),
                direct=Sum("minutes", filter=Q(activity=Activity.DIRECT)),
                recording=Sum("minutes", filter=Q(activity=Activity.RECORDING)),
            )
            .order_by("month")
        )
        return Evidence(
            columns=("Month", "Hours logged", "With families", "Recording"),
            rows=[
                EvidenceRow(
                    (
                        f"{r['month']:%B %Y}",
                        f"{_hours(r['total'] or 0):g}",
                        f"{_hours(r['direct'] or 0):g}",
                        f"{_hours(r['recording'] or 0):g}",
                    )
                )
                for r in rows
            ],
            total=len(rows),
            note="Time is logged by each person for their week; the figures are the unit's totals by month.",
            links=[("The unit's caseload and time", reverse("priorities:unit", args=[unit.code]))],
        )


@register
class TimeWithFamilies(_TimeShare):
    key = "c3-family-time"
    characteristic = "c3"
    title = "Time spent with families"
    definition = (
        "Of the hours the unit's members logged in the three whole months before the day (ending with the "
        "day's month when the day is its last; a week counts in the month of its Monday; in the unit they "
        "logged it in), the share logged as direct work with families. "
        f"Not enough data when fewer than {MINIMUM_HOURS} hours were logged."
    )
    formula = "hours of direct work with families ÷ hours logged × 100, over three whole months"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 35
    concern = 20
    source = (
        "Hearth default: at least a third of working time with families, under a fifth a concern "
        "(no national figure is collected)"
    )
    part_index = 1
    part_words = "with families"


@register
class TimeRecording(_TimeShare):
    key = "c3-recording-time"
    characteristic = "c3"
    title = "Time spent recording"
    definition = (
        "Of the hours the unit's members logged in the three whole months before the day (ending with the "
        "day's month when the day is its last; a week counts in the month of its Monday; in the unit they "
        "logged it in), the share logged as recording. Lower is better. "
        f"Not enough data when fewer than {MINIMUM_HOURS} hours were logged."
    )
    formula = "hours recording ÷ hours logged × 100, over three whole months"
    kind = Kind.PERCENT
    direction = Direction.LOWER
    good = 25
    concern = 35
    source = (
        "Hearth default: recording should take no more than a quarter of working time, over a third a "
        "concern (no national figure is collected)"
    )
    part_index = 2
    part_words = "recording"
