"""Every fact the SSDA903 return and its rules need about looked-after children, loaded in bulk.

`load(period, child_ids)` runs a fixed number of queries whatever the number of children (one per
table), and returns one `ChildRecord` per child. Rules and the CSV writer read these records only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from hearth.cases.models import (
    Adoption,
    Allocation,
    CareLeaverOutcome,
    ChildAsMother,
    HealthOutcome,
    LookedAfterEpisode,
    LookedAfterReview,
    MissingEpisode,
    PlacementForAdoptionDecision,
    PreviousPermanenceOrder,
    UascStatus,
)
from hearth.people.models import Child
from hearth.workforce.models import StaffRecord

from ..base import Period


def collection_period(day: datetime.date) -> Period:
    """The SSDA903 collection year (1 April to 31 March) that `day` falls in."""
    first = day.year if day.month >= 4 else day.year - 1
    return Period(
        datetime.date(first, 4, 1), datetime.date(first + 1, 3, 31), f"{first}-{(first + 1) % 100:02d}"
    )


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class Episode:
    id: int
    decom: datetime.date
    rne: str
    ls: str
    cin: str
    place: str
    place_provider: str
    dec: datetime.date | None
    rec: str
    reason_place_change: str
    home_post: str
    pl_post: str
    urn: str


@dataclass
class Review:
    id: int
    review: datetime.date
    review_code: str


@dataclass
class Missing:
    id: int
    missing: str
    mis_start: datetime.date
    mis_end: datetime.date | None


@dataclass
class Health:
    year_ending: datetime.date
    sdq_score: int | None
    sdq_reason: str
    convicted: bool | None
    health_check: bool | None
    immunisations: bool | None
    teeth_check: bool | None
    health_assessment: bool | None
    substance_misuse: bool | None
    intervention_received: bool | None
    intervention_offered: bool | None

    YES_NO_ITEMS = (
        "convicted",
        "health_check",
        "immunisations",
        "teeth_check",
        "health_assessment",
        "substance_misuse",
        "intervention_received",
        "intervention_offered",
    )


@dataclass
class CareLeaver:
    birthday: datetime.date
    in_touch: str
    activ: str
    accom: str


@dataclass
class AdoptionFact:
    date_int: datetime.date
    date_match: datetime.date
    foster_care: bool
    nb_adoptr: int
    sex_adoptr: str
    ls_adoptr: str


@dataclass
class PlacedAdoption:
    date_placed: datetime.date
    date_placed_ceased: datetime.date | None
    reason_placed_ceased: str


@dataclass
class PrevPerm:
    prev_perm: str
    la_perm: str
    date_perm: datetime.date | None


@dataclass
class SocialWorkerEpisode:
    sw_id: str
    sw_decom: datetime.date
    sw_dec: datetime.date | None
    sw_reason: str


@dataclass
class ChildRecord:
    id: int
    la_child_id: str
    sex: str
    dob: datetime.date | None
    ethnic: str
    upn: str
    uasc: bool
    unit_id: int | None
    worker_id: int | None
    period: Period
    episodes: list[Episode] = field(default_factory=list)  # every episode, earliest first
    reviews: list[Review] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    uasc_recorded: bool = False
    duc: datetime.date | None = None
    health: dict[datetime.date, Health] = field(default_factory=dict)
    care_leaver: list[CareLeaver] = field(default_factory=list)
    adoption: AdoptionFact | None = None
    placed_adoption: list[PlacedAdoption] = field(default_factory=list)
    prev_perm: PrevPerm | None = None
    mc_dob: datetime.date | None = None
    sw_episodes: list[SocialWorkerEpisode] = field(default_factory=list)

    # --- what the return's files take from the record ---------------------------------------------

    def episodes_in(self, period: Period | None = None) -> list[Episode]:
        period = period or self.period
        return [
            e for e in self.episodes if e.decom <= period.end and (e.dec is None or e.dec >= period.start)
        ]

    @property
    def in_scope(self) -> bool:
        """Looked after at some time in the collection year: the 903 is about this child."""
        return bool(self.episodes_in())

    def care_periods(self) -> list[tuple[datetime.date, datetime.date | None]]:
        """Periods of care: episodes joined where one starts the day the previous one ended."""
        periods: list[list] = []
        for e in self.episodes:
            if periods and periods[-1][1] is not None and e.decom == periods[-1][1]:
                periods[-1][1] = e.dec
            else:
                periods.append([e.decom, e.dec])
        return [(start, end) for start, end in periods]

    def looked_after_on(self, day: datetime.date) -> bool:
        return any(start <= day and (end is None or end > day) for start, end in self.care_periods())

    def continuously_looked_after_12_months(self, period: Period | None = None) -> bool:
        """In care at 31 March, and for at least the 12 months before it (the OC2 cohort)."""
        period = period or self.period
        year_before = add_years(period.end, -1)
        return any(
            start <= year_before and (end is None or end > period.end) for start, end in self.care_periods()
        )

    def age_on(self, day: datetime.date) -> int | None:
        if self.dob is None:
            return None
        return day.year - self.dob.year - ((day.month, day.day) < (self.dob.month, self.dob.day))

    @property
    def upn_for_return(self) -> str:
        """The UPN, or the unknown-UPN code for a child not yet of school age (UN1)."""
        if self.upn:
            return self.upn
        if self.dob and add_years(self.dob, 4) > datetime.date(self.period.start.year - 1, 8, 31):
            return "UN1"
        return ""


def _in(ids, field_name: str = "child_id") -> Q:
    return Q(**{f"{field_name}__in": ids})


def scope_ids(period: Period):
    """The children looked after at some time in the period (a subquery, not a list)."""
    return (
        LookedAfterEpisode.objects.filter(decom__lte=period.end)
        .filter(Q(dec__isnull=True) | Q(dec__gte=period.start))
        .values("child_id")
    )


def load(period: Period, child_ids=None) -> dict[int, ChildRecord]:
    """Records of the children `child_ids` (or of every child looked after in `period`)."""
    ids = scope_ids(period) if child_ids is None else list(child_ids)
    records: dict[int, ChildRecord] = {}
    for row in Child.objects.filter(pk__in=ids).values_list(
        "pk", "la_child_id", "sex", "date_of_birth", "ethnicity", "upn", "uasc", "allocated_unit_id",
        "lead_worker_id",
    ):  # fmt: skip
        pk, la_id, sex, dob, ethnic, upn, uasc, unit_id, worker_id = row
        records[pk] = ChildRecord(pk, la_id, sex, dob, ethnic, upn, uasc, unit_id, worker_id, period)
    if not records:
        return records

    for row in (
        LookedAfterEpisode.objects.filter(_in(ids))
        .order_by("child_id", "decom", "pk")
        .values_list(
            "child_id",
            "pk",
            "decom",
            "rne",
            "legal_status",
            "cin",
            "place",
            "place_provider",
            "dec",
            "rec",
            "reason_place_change",
            "home_post",
            "pl_post",
            "urn",
        )  # fmt: skip
    ):
        records[row[0]].episodes.append(Episode(*row[1:]))
    for child_id, *rest in (
        LookedAfterReview.objects.filter(_in(ids))
        .order_by("review", "pk")
        .values_list("child_id", "pk", "review", "review_code")
    ):
        records[child_id].reviews.append(Review(*rest))
    for child_id, *rest in (
        MissingEpisode.objects.filter(_in(ids))
        .order_by("mis_start", "pk")
        .values_list("child_id", "pk", "missing", "mis_start", "mis_end")
    ):
        records[child_id].missing.append(Missing(*rest))
    for child_id, duc in UascStatus.objects.filter(_in(ids)).values_list("child_id", "duc"):
        records[child_id].uasc_recorded = True
        records[child_id].duc = duc
    for child_id, *rest in HealthOutcome.objects.filter(_in(ids)).values_list(
        "child_id", "year_ending", "sdq_score", "sdq_reason", *Health.YES_NO_ITEMS
    ):
        records[child_id].health[rest[0]] = Health(*rest)
    for child_id, *rest in (
        CareLeaverOutcome.objects.filter(_in(ids))
        .order_by("birthday")
        .values_list("child_id", "birthday", "in_touch", "activ", "accom")
    ):
        records[child_id].care_leaver.append(CareLeaver(*rest))
    for child_id, *rest in Adoption.objects.filter(_in(ids)).values_list(
        "child_id", "date_int", "date_match", "foster_care", "nb_adoptr", "sex_adoptr", "ls_adoptr"
    ):
        records[child_id].adoption = AdoptionFact(*rest)
    for child_id, *rest in (
        PlacementForAdoptionDecision.objects.filter(_in(ids))
        .order_by("date_placed", "pk")
        .values_list("child_id", "date_placed", "date_placed_ceased", "reason_placed_ceased")
    ):
        records[child_id].placed_adoption.append(PlacedAdoption(*rest))
    for child_id, *rest in PreviousPermanenceOrder.objects.filter(_in(ids)).values_list(
        "child_id", "prev_perm", "la_perm", "date_perm"
    ):
        records[child_id].prev_perm = PrevPerm(*rest)
    for child_id, mc_dob in ChildAsMother.objects.filter(_in(ids)).values_list("child_id", "mc_dob"):
        records[child_id].mc_dob = mc_dob
    _load_social_worker_episodes(records, ids, period)
    return records


def _load_social_worker_episodes(records: dict[int, ChildRecord], ids, period: Period) -> None:
    """Allocations to a lead worker that overlap the year, identified by the worker's Social Work England
    registration number (SW_ID). Two queries."""
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=datetime.UTC)
    end = datetime.datetime.combine(period.end, datetime.time.max, tzinfo=datetime.UTC)
    rows = list(
        Allocation.objects.filter(_in(ids), started_at__lte=end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=start))
        .order_by("child_id", "started_at", "pk")
        .values_list("child_id", "lead_worker_id", "started_at", "ended_at")
    )
    swe = dict(
        StaffRecord.objects.filter(user_id__in={r[1] for r in rows})
        .exclude(swe_registration_number="")
        .order_by("started_on")
        .values_list("user_id", "swe_registration_number")
    )
    for child_id, worker_id, started_at, ended_at in rows:
        records[child_id].sw_episodes.append(
            SocialWorkerEpisode(
                swe.get(worker_id, ""), started_at.date(), ended_at.date() if ended_at else None, ""
            )
        )
