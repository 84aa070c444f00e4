"""One child's CIN census facts, loaded for a collection year with a fixed number of queries.

The loader applies the census's "cases to include": a referral (CIN episode) open at any time in the
year, and within it the assessments, section 47 enquiries, child protection plans (with the reviews held
in the year) and child in need plans that were open in the year. Facts dated after the end of the year
are left out, as they had not happened by the reference date (so a past year's return is what it would
have been on its reference date). Rules and the XML builder read these records and nothing else.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from hearth.cases.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    ChildProtectionReview,
    Referral,
    Section47,
)
from hearth.people.models import Child, ChildDisability

from ..base import Period


def period_for_year(start_year: int) -> Period:
    """The collection year that starts on 1 April of `start_year`: "2025-26" runs 1 April 2025 to 31 March 2026."""
    return Period(
        start=datetime.date(start_year, 4, 1),
        end=datetime.date(start_year + 1, 3, 31),
        label=f"{start_year}-{str(start_year + 1)[-2:]}",
    )


def current_period(today: datetime.date | None = None) -> Period:
    """The collection year today falls in: the year the rules check continuously."""
    today = today or timezone.localdate()
    return period_for_year(today.year if today.month >= 4 else today.year - 1)


@dataclass
class AssessmentRec:
    id: int
    start: datetime.date | None
    internal_review: datetime.date | None = None
    authorised: datetime.date | None = None
    factors: list[str] = field(default_factory=list)


@dataclass
class Section47Rec:
    id: int
    start: datetime.date | None
    target: datetime.date | None = None
    icpc: datetime.date | None = None
    not_required: bool = False


@dataclass
class CPPlanRec:
    id: int
    start: datetime.date | None
    end: datetime.date | None = None
    initial_category: str = ""
    latest_category: str = ""
    previous: int = 0
    reviews: list[datetime.date] = field(default_factory=list)


@dataclass
class CINPlanRec:
    id: int
    start: datetime.date | None
    end: datetime.date | None = None


@dataclass
class ReferralRec:
    id: int
    referral_date: datetime.date | None
    source: str = ""
    primary_need: str = ""
    nfa: bool = False
    closure_date: datetime.date | None = None
    reason_for_closure: str = ""
    # <CINdetails><DateOfInitialCPC> is for a conference with no section 47 enquiry on the record (a case
    # transferred in). Hearth records every conference on its enquiry, so it stays empty.
    date_of_initial_cpc: datetime.date | None = None
    assessments: list[AssessmentRec] = field(default_factory=list)
    section47s: list[Section47Rec] = field(default_factory=list)
    cp_plans: list[CPPlanRec] = field(default_factory=list)
    cin_plans: list[CINPlanRec] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.closure_date is None


@dataclass
class ChildRec:
    id: int
    period: Period
    la_child_id: str
    upn: str = ""
    dob: datetime.date | None = None
    expected_dob: datetime.date | None = None
    sex: str = "U"
    ethnicity: str = ""
    death: datetime.date | None = None
    disabilities: list[str] = field(default_factory=list)
    unit_id: int | None = None
    worker_id: int | None = None
    referrals: list[ReferralRec] = field(default_factory=list)

    @property
    def upn_unknown(self) -> str:
        """<UPNunknown> when there is no UPN, from what the record knows: UN6 an unborn child, UN7 every
        referral in the year ended with no further action, UN1 a child under 6 at the reference date."""
        if self.upn:
            return ""
        if self.dob is None and self.expected_dob is not None:
            return "UN6"
        if self.referrals and all(r.nfa for r in self.referrals):
            return "UN7"
        if self.dob is not None:
            end = self.period.end
            age = end.year - self.dob.year - ((end.month, end.day) < (self.dob.month, self.dob.day))
            if age < 6:
                return "UN1"
        return ""


def _upto(day, end):
    """A date if it had happened by the end of the year, else None."""
    return day if day is not None and day <= end else None


def load(period: Period, subject_ids=None) -> dict[int, ChildRec]:
    """Every child in scope of the census year (or only `subject_ids`), in 8 queries."""
    start, end = period.start, period.end
    ref_q = Q(cin_referral_date__lte=end) & (
        Q(cin_closure_date__isnull=True) | Q(cin_closure_date__gte=start)
    )
    referrals = Referral.objects.filter(ref_q)
    if subject_ids is not None:
        referrals = referrals.filter(child_id__in=list(subject_ids))
    ref_rows = list(
        referrals.order_by("child_id", "cin_referral_date", "id").values_list(
            "id",
            "child_id",
            "cin_referral_date",
            "referral_source",
            "primary_need_code",
            "referral_nfa",
            "cin_closure_date",
            "reason_for_closure",
        )
    )
    if not ref_rows:
        return {}
    child_ids = sorted({r[1] for r in ref_rows})
    by_child: dict[int, ChildRec] = {}
    child_filter = {"pk__in": child_ids} if subject_ids is not None else {"referrals__in": referrals}
    for row in (
        Child.objects.filter(**child_filter)
        .distinct()
        .values_list(
            "id",
            "la_child_id",
            "upn",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "ethnicity",
            "date_of_death",
            "allocated_unit_id",
            "lead_worker_id",
        )
    ):
        pk, la_id, upn, dob, edob, sex, eth, death, unit_id, worker_id = row
        by_child[pk] = ChildRec(
            id=pk,
            period=period,
            la_child_id=la_id,
            upn=upn,
            dob=_upto(dob, end),
            expected_dob=edob,
            sex=sex,
            ethnicity=eth,
            death=_upto(death, end),
            unit_id=unit_id,
            worker_id=worker_id,
        )
    dis_filter = (
        {"child_id__in": child_ids} if subject_ids is not None else {"child__referrals__in": referrals}
    )
    for child_id, code in (
        ChildDisability.objects.filter(**dis_filter)
        .distinct()
        .order_by("child_id", "code")
        .values_list("child_id", "code")
    ):
        if child_id in by_child:
            by_child[child_id].disabilities.append(code)

    refs: dict[int, ReferralRec] = {}
    for pk, child_id, rdate, source, need, nfa, closed, reason in ref_rows:
        closed = _upto(closed, end)
        rec = ReferralRec(
            id=pk,
            referral_date=rdate,
            source=source,
            primary_need=need,
            nfa=nfa,
            closure_date=closed,
            reason_for_closure=reason if closed else "",
        )
        refs[pk] = rec
        if child_id in by_child:
            by_child[child_id].referrals.append(rec)

    in_refs = {"referral__in": referrals}
    for pk, ref_id, a_start, review, auth, factors, withdrawn in (
        Assessment.objects.filter(**in_refs, assessment_actual_start_date__lte=end)
        .order_by("assessment_actual_start_date", "id")
        .values_list(
            "id",
            "referral_id",
            "assessment_actual_start_date",
            "assessment_internal_review_date",
            "assessment_authorisation_date",
            "factors",
            "withdrawn_on",
        )
    ):
        auth = _upto(auth, end)
        if auth is not None and auth < start:
            continue  # completed before the year
        if withdrawn is not None and withdrawn <= end:
            continue  # withdrawn: never completed, not returned
        refs[ref_id].assessments.append(
            AssessmentRec(
                id=pk,
                start=a_start,
                internal_review=_upto(review, end),
                authorised=auth,
                factors=list(factors or []) if auth else [],
            )
        )

    for pk, ref_id, s_start, target, icpc, not_required in (
        Section47.objects.filter(**in_refs, s47_actual_start_date__lte=end)
        .order_by("s47_actual_start_date", "id")
        .values_list(
            "id",
            "referral_id",
            "s47_actual_start_date",
            "initial_cpc_target",
            "date_of_initial_cpc",
            "icpc_not_required",
        )
    ):
        icpc = _upto(icpc, end)
        in_year = (
            s_start >= start or (icpc is not None and icpc >= start) or (icpc is None and not not_required)
        )
        if in_year:
            refs[ref_id].section47s.append(
                Section47Rec(id=pk, start=s_start, target=target, icpc=icpc, not_required=not_required)
            )

    plans: dict[int, CPPlanRec] = {}
    for pk, ref_id, p_start, p_end, initial, latest, previous in (
        ChildProtectionPlan.objects.filter(**in_refs, cpp_start_date__lte=end)
        .filter(Q(cpp_end_date__isnull=True) | Q(cpp_end_date__gte=start))
        .order_by("cpp_start_date", "id")
        .values_list(
            "id",
            "referral_id",
            "cpp_start_date",
            "cpp_end_date",
            "initial_category_of_abuse",
            "latest_category_of_abuse",
            "number_of_previous_cpp",
        )
    ):
        plan = CPPlanRec(
            id=pk,
            start=p_start,
            end=_upto(p_end, end),
            initial_category=initial,
            latest_category=latest,
            previous=previous,
        )
        plans[pk] = plan
        refs[ref_id].cp_plans.append(plan)
    if plans:
        for plan_id, day in (
            ChildProtectionReview.objects.filter(
                plan__referral__in=referrals, cpp_review_date__gte=start, cpp_review_date__lte=end
            )
            .order_by("cpp_review_date", "id")
            .values_list("plan_id", "cpp_review_date")
        ):
            if plan_id in plans:
                plans[plan_id].reviews.append(day)

    for pk, ref_id, p_start, p_end in (
        ChildInNeedPlan.objects.filter(**in_refs, cin_plan_start_date__lte=end)
        .filter(Q(cin_plan_end_date__isnull=True) | Q(cin_plan_end_date__gte=start))
        .order_by("cin_plan_start_date", "id")
        .values_list("id", "referral_id", "cin_plan_start_date", "cin_plan_end_date")
    ):
        refs[ref_id].cin_plans.append(CINPlanRec(id=pk, start=p_start, end=_upto(p_end, end)))

    return by_child
