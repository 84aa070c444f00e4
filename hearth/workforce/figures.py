"""Workforce figures worked out from the records (pure functions, no database).

The definitions follow the children's social work workforce census (DfE), so that an authority's
figures compare with the national ones:

- **turnover** (12 months to the day): the FTE of employed staff (permanent or fixed term) who left in
  the 12 months, as a share of the FTE of employed staff in post on the day;
- **vacancy rate** (on the day): the FTE of funded posts not filled by an employed member of staff, as
  a share of that plus the FTE of employed staff in post (a post covered by an agency worker is still
  vacant); worked out unit by unit, so that one unit's spare staff do not fill another's post;
- **agency rate** (on the day): the FTE of agency workers in post, as a share of that plus the FTE of
  employed staff in post;
- **absence rate** (the month to the day): working days lost to sickness (each day weighted by the
  person's FTE) as a share of the working days of the employed staff in post;
- **average caseload** (on the day, from casework): children allocated to a unit per lead worker
  holding cases in it;
- **stability** (12 months to the day, from casework): allocations per child allocated at any time in
  the 12 months: 1.0 means no child changed lead worker.

Every figure is a ratio of sums (`Components`), so a service area's figure is worked out from the sums
of its units, never by averaging their rates.
"""

from __future__ import annotations

import calendar
import datetime
from bisect import bisect_left
from dataclasses import dataclass, fields
from decimal import Decimal

from .codes import EMPLOYED, Contract

#: National figures for children and family social workers in England, to compare against.
NATIONAL = {"turnover": 13.8, "vacancy_rate": 18.9, "agency_rate": 17.8}
MONTHS_SHOWN = 12


@dataclass(frozen=True)
class StaffRow:
    unit_id: int | None
    fte: float
    contract: str
    started_on: datetime.date
    left_on: datetime.date | None
    is_social_worker: bool = True

    @property
    def employed(self) -> bool:
        return self.contract in EMPLOYED

    def in_post_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.left_on is None or self.left_on > day)


@dataclass(frozen=True)
class PostRow:
    unit_id: int
    fte: float
    established_on: datetime.date
    closed_on: datetime.date | None
    is_social_work: bool = True

    def open_on(self, day: datetime.date) -> bool:
        return self.established_on <= day and (self.closed_on is None or self.closed_on > day)


@dataclass(frozen=True)
class AbsenceRow:
    unit_id: int | None
    fte: float
    starts_on: datetime.date
    ends_on: datetime.date
    is_social_worker: bool = True


@dataclass(frozen=True)
class CaseRow:
    """Casework of one unit on one day (from allocations)."""

    children: int = 0
    case_holders: int = 0
    allocations_12m: int = 0
    children_12m: int = 0


@dataclass
class Components:
    """The sums a unit contributes to the figures on one day. Add them up for a group of units."""

    headcount: int = 0
    employed_fte: float = 0.0
    agency_fte: float = 0.0
    leavers: int = 0
    leavers_fte: float = 0.0
    establishment_fte: float = 0.0
    vacancy_fte: float = 0.0
    days_lost: float = 0.0
    available_days: float = 0.0
    children: int = 0
    case_holders: int = 0
    allocations_12m: int = 0
    children_12m: int = 0

    def add(self, other: Components) -> None:
        """Add another's sums to these, in place."""
        for name in _SUMS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def __add__(self, other: Components) -> Components:
        result = Components()
        result.add(self)
        result.add(other)
        return result

    @property
    def turnover(self) -> float | None:
        return _percent(self.leavers_fte, self.employed_fte)

    @property
    def vacancy_rate(self) -> float | None:
        return _percent(self.vacancy_fte, self.vacancy_fte + self.employed_fte)

    @property
    def agency_rate(self) -> float | None:
        return _percent(self.agency_fte, self.agency_fte + self.employed_fte)

    @property
    def absence_rate(self) -> float | None:
        return _percent(self.days_lost, self.available_days)

    @property
    def average_caseload(self) -> float | None:
        return round(self.children / self.case_holders, 1) if self.case_holders else None

    @property
    def stability(self) -> float | None:
        return round(self.allocations_12m / self.children_12m, 2) if self.children_12m else None


_SUMS = tuple(f.name for f in fields(Components))


def _percent(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# --- days -------------------------------------------------------------------------------------------


def working_days(start: datetime.date, end: datetime.date) -> int:
    """Monday to Friday days from `start` to `end`, both included (bank holidays are not known)."""
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, extra = divmod(days, 7)
    first = start.weekday()
    return weeks * 5 + sum(1 for i in range(extra) if (first + i) % 7 < 5)


def year_before(day: datetime.date) -> datetime.date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def month_points(today: datetime.date, months: int = MONTHS_SHOWN) -> list[datetime.date]:
    """The last day of each of the last `months` months, oldest first; the current month is today."""
    points = [today]
    year, month = today.year, today.month
    for _ in range(months - 1):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        points.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
    return points[::-1]


def month_label(day: datetime.date) -> str:
    return f"{day:%b %Y}"


# --- the computation ----------------------------------------------------------------------------------


def as_float(value) -> float:
    return float(value) if isinstance(value, Decimal) else value


def components_by_unit(
    points: list[datetime.date],
    staff: list[StaffRow],
    posts: list[PostRow],
    absences: list[AbsenceRow],
    casework: dict[tuple[int | None, int], CaseRow] | None = None,
    *,
    social_workers_only: bool = True,
) -> dict[int | None, list[Components]]:
    """{unit id (None: staff across the authority): [Components for each point]}. `points` ascending.

    Each record touches only the points it counts at (found by bisection), so the work grows with the
    records, not with records times points."""
    result: dict[int | None, list[Components]] = {}

    def at(unit_id) -> list[Components]:
        if unit_id not in result:
            result[unit_id] = [Components() for _ in points]
        return result[unit_id]

    n = len(points)
    month_starts = [p.replace(day=1) for p in points]
    month_days = [working_days(m, p) for m, p in zip(month_starts, points, strict=True)]
    for row in staff:
        if social_workers_only and not row.is_social_worker:
            continue
        comps = at(row.unit_id)
        first = bisect_left(points, row.started_on)  # points on or after the start
        last = n if row.left_on is None else bisect_left(points, row.left_on)  # points before leaving
        employed, fte = row.employed, row.fte
        for i in range(first, last):
            c = comps[i]
            c.headcount += 1
            if employed:
                c.employed_fte += fte
                days = (
                    month_days[i]
                    if row.started_on <= month_starts[i]
                    else working_days(row.started_on, points[i])
                )
                c.available_days += fte * days
            elif row.contract == Contract.AGENCY:
                c.agency_fte += fte
        if employed and row.left_on is not None:
            # Points from the leaving day to a year after it count the leaver.
            for i in range(bisect_left(points, row.left_on), n):
                if year_before(points[i]) >= row.left_on:
                    break
                comps[i].leavers += 1
                comps[i].leavers_fte += fte
    for post in posts:
        if social_workers_only and not post.is_social_work:
            continue
        comps = at(post.unit_id)
        last = n if post.closed_on is None else bisect_left(points, post.closed_on)
        for i in range(bisect_left(points, post.established_on), last):
            comps[i].establishment_fte += post.fte
    for comps in result.values():
        for c in comps:
            c.vacancy_fte = max(0.0, round(c.establishment_fte - c.employed_fte, 4))
    for absence in absences:
        if social_workers_only and not absence.is_social_worker:
            continue
        comps = at(absence.unit_id)
        for i in range(bisect_left(points, absence.starts_on), n):
            if month_starts[i] > absence.ends_on:
                break
            lost = working_days(max(month_starts[i], absence.starts_on), min(points[i], absence.ends_on))
            if lost:
                comps[i].days_lost += lost * absence.fte
    for (unit_id, i), case in (casework or {}).items():
        c = at(unit_id)[i]
        c.children += case.children
        c.case_holders += case.case_holders
        c.allocations_12m += case.allocations_12m
        c.children_12m += case.children_12m
    return result


def total(by_unit: dict, unit_ids, point_count: int, *, last_only: bool = False) -> list[Components]:
    """The sum of the units' components at each point (units with no records count as zero); with
    `last_only`, only the last point is added up (the others stay zero)."""
    sums = [Components() for _ in range(point_count)]
    start = point_count - 1 if last_only else 0
    for unit_id in unit_ids:
        comps = by_unit.get(unit_id)
        if not comps:
            continue
        for i in range(start, point_count):
            sums[i].add(comps[i])
    return sums


#: The measures shown, in order: (attribute, name, unit of the number, what lower or higher means).
MEASURES = [
    ("turnover", "Turnover", "%", "Leavers in the 12 months, as a share of employed staff"),
    ("vacancy_rate", "Vacancy rate", "%", "Posts not filled by employed staff"),
    ("agency_rate", "Agency rate", "%", "Agency workers, as a share of agency and employed staff"),
    ("absence_rate", "Sickness absence", "%", "Working days lost to sickness in the month"),
    ("average_caseload", "Average caseload", "children", "Children allocated per lead worker holding cases"),
    ("stability", "Lead workers per child", "", "Allocations per child in the 12 months: 1.0 is no change"),
]
