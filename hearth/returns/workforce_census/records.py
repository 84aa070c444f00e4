"""Every fact the workforce census and its rules need about social workers, loaded in bulk (a fixed
number of queries whatever the number of staff)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from hearth.cases.models import Allocation
from hearth.workforce.codes import Contract
from hearth.workforce.figures import working_days
from hearth.workforce.models import CensusDetails, Post, SicknessAbsence, StaffRecord

from ..base import Period


def census_period(day: datetime.date) -> Period:
    """The census year (1 October to 30 September) that `day` falls in."""
    year = day.year if day <= datetime.date(day.year, 9, 30) else day.year + 1
    return Period(datetime.date(year - 1, 10, 1), datetime.date(year, 9, 30), f"{year - 1}-{year % 100:02d}")


@dataclass
class Census:
    date_of_birth: datetime.date | None
    gender: str
    ethnicity: str
    qualification_institution: str
    qualification_level: str
    step_up_graduate: bool | None
    frontline_graduate: bool | None
    org_role: str
    start_origin: str
    leaver_destination: str
    reason_leave: str


CENSUS_FIELDS = [
    "date_of_birth",
    "gender",
    "ethnicity",
    "qualification_institution",
    "qualification_level",
    "step_up_graduate",
    "frontline_graduate",
    "org_role",
    "start_origin",
    "leaver_destination",
    "reason_leave",
]


@dataclass
class StaffCensusRecord:
    id: int
    user_id: int | None
    swe: str
    agency: bool
    fte: Decimal
    started_on: datetime.date
    left_on: datetime.date | None
    is_social_worker: bool
    asye_in_progress: bool
    post_id: int | None
    unit_id: int | None
    worker_id: int | None  # the unit's manager
    period: Period
    census: Census | None = None
    absences: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)
    cases30: int = 0

    def in_post_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.left_on is None or self.left_on > day)

    @property
    def in_post_at_reference(self) -> bool:
        return self.in_post_on(self.period.end)

    @property
    def left_in_year(self) -> bool:
        return self.left_on is not None and self.period.start <= self.left_on <= self.period.end

    @property
    def in_scope(self) -> bool:
        """A social worker the census counts: an agency worker in post on 30 September, or an employee in
        post at any time in the year."""
        if not self.is_social_worker:
            return False
        if self.agency:
            return self.in_post_at_reference
        return self.started_on <= self.period.end and (
            self.left_on is None or self.left_on >= self.period.start
        )

    @property
    def working_days_lost(self) -> int:
        total = 0
        for start, end in self.absences:
            start, end = max(start, self.period.start), min(end, self.period.end)
            if start <= end:
                total += working_days(start, end)
        return total

    @property
    def absent_at_reference(self) -> bool:
        return any(start <= self.period.end <= end for start, end in self.absences)

    @property
    def contract_weeks(self) -> Decimal:
        start = max(self.started_on, self.period.start)
        end = min(self.left_on or self.period.end, self.period.end)
        return Decimal(max((end - start).days + 1, 0)) / 7


def load(period: Period, staff_ids=None) -> dict[int, StaffCensusRecord]:
    staff = StaffRecord.objects.filter(is_social_worker=True)
    if staff_ids is None:
        staff = staff.filter(started_on__lte=period.end).filter(
            Q(left_on__isnull=True) | Q(left_on__gte=period.start)
        )
    else:
        staff = StaffRecord.objects.filter(pk__in=list(staff_ids))
    records: dict[int, StaffCensusRecord] = {}
    for row in staff.values_list(
        "pk", "user_id", "swe_registration_number", "contract", "fte", "started_on", "left_on",
        "is_social_worker", "asye_status", "post_id", "unit_id", "unit__manager_id",
    ):  # fmt: skip
        pk, user_id, swe, contract, fte, started, left, is_sw, asye, post_id, unit_id, manager_id = row
        records[pk] = StaffCensusRecord(
            pk, user_id, swe, contract == Contract.AGENCY, fte, started, left, is_sw, asye == "in-progress",
            post_id, unit_id, manager_id, period,
        )  # fmt: skip
    if not records:
        return records
    ids = staff.values("pk")
    for staff_id, *values in CensusDetails.objects.filter(staff_id__in=ids).values_list(
        "staff_id", *CENSUS_FIELDS
    ):
        records[staff_id].census = Census(*values)
    for staff_id, start, end in (
        SicknessAbsence.objects.filter(staff_id__in=ids, ends_on__gte=period.start, starts_on__lte=period.end)
        .order_by("starts_on")
        .values_list("staff_id", "starts_on", "ends_on")
    ):
        records[staff_id].absences.append((start, end))
    reference_end = datetime.datetime.combine(period.end, datetime.time.max, tzinfo=datetime.UTC)
    cases = dict(
        Allocation.objects.filter(started_at__lte=reference_end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=reference_end))
        .values("lead_worker_id")
        .annotate(n=Count("pk"))
        .values_list("lead_worker_id", "n")
    )
    for record in records.values():
        if record.user_id is not None and record.in_post_at_reference:
            record.cases30 = cases.get(record.user_id, 0)
    return records


def vacancies(period: Period, records: list[StaffCensusRecord]) -> tuple[Decimal, Decimal, int]:
    """Vacant social work FTE on 30 September (posts less the employees in them), and the agency social
    workers then in post (FTE and headcount). One query."""
    day = period.end
    posts = dict(
        Post.objects.filter(is_social_work=True, established_on__lte=day)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .values_list("pk", "fte")
    )
    filled: dict[int, Decimal] = {}
    for r in records:
        if r.post_id in posts and not r.agency and r.in_post_on(day):
            filled[r.post_id] = filled.get(r.post_id, Decimal(0)) + r.fte
    vacant = sum((max(fte - filled.get(pk, Decimal(0)), Decimal(0)) for pk, fte in posts.items()), Decimal(0))
    agency = [r for r in records if r.agency and r.is_social_worker and r.in_post_on(day)]
    return vacant, sum((r.fte for r in agency), Decimal(0)), len(agency)
