"""Factories for `returns`: CIN census records built in memory (for the rules), and children on the
database whose records break chosen rules (for the return, the child's page and the data-quality page)."""

from __future__ import annotations

import datetime

from hearth.returns.cin.records import (
    AssessmentRec,
    ChildRec,
    CPPlanRec,
    ReferralRec,
    Section47Rec,
    period_for_year,
)

D = datetime.date
YEAR = period_for_year(2025)  # 1 April 2025 to 31 March 2026


def good_record() -> ChildRec:
    """A child whose census facts break no rule: referred, assessed, a section 47 enquiry whose initial
    conference started a child protection plan, reviewed once."""
    referral = ReferralRec(id=1, referral_date=D(2025, 5, 1), source="1A", primary_need="N1", nfa=False)
    referral.assessments = [
        AssessmentRec(
            id=1, start=D(2025, 5, 2), internal_review=D(2025, 6, 1), authorised=D(2025, 6, 2), factors=["1B"]
        )
    ]
    referral.section47s = [
        Section47Rec(id=1, start=D(2025, 6, 3), target=D(2025, 6, 24), icpc=D(2025, 6, 18))
    ]
    referral.cp_plans = [
        CPPlanRec(
            id=1,
            start=D(2025, 6, 18),
            initial_category="NEG",
            latest_category="NEG",
            reviews=[D(2025, 9, 18)],
        )
    ]
    return ChildRec(
        id=1,
        period=YEAR,
        la_child_id="A0000001",
        dob=D(2015, 1, 1),
        sex="F",
        ethnicity="WBRI",
        disabilities=["NONE"],
        referrals=[referral],
    )


# --- children on the database --------------------------------------------------------------------


def referral_for(child, *, on, **fields):
    from hearth.cases.models import Referral

    fields.setdefault("referral_source", "1A")
    fields.setdefault("primary_need_code", "N1")
    return Referral.objects.create(child=child, cin_referral_date=on, **fields)


def clean_child(org, *, today: datetime.date, **fields):
    """A child of unit A (lead worker: the social worker) with a referral this census year, an authorised
    assessment and a disability recorded: no rule broken."""
    from hearth.cases.models import Assessment
    from hearth.people.models import ChildDisability

    from .factories import ChildFactory

    fields.setdefault("date_of_birth", today - datetime.timedelta(days=8 * 365))
    fields.setdefault("sex", "M")
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"], **fields)
    ChildDisability.objects.create(child=child, code="NONE")
    referral = referral_for(child, on=today - datetime.timedelta(days=30))
    Assessment.objects.create(
        referral=referral,
        assessment_actual_start_date=today - datetime.timedelta(days=28),
        assessment_internal_review_date=today - datetime.timedelta(days=10),
        assessment_authorisation_date=today - datetime.timedelta(days=9),
        factors=["1B"],
    )
    return child


def broken_children(org, *, today: datetime.date) -> dict[str, object]:
    """Children whose records break one chosen rule each, by the rule's code."""
    from hearth.cases.models import Assessment, ChildProtectionPlan
    from hearth.people.models import ChildDisability

    made = {}
    # 8540: no disability recorded for a born child with a referral that led to further action.
    child = clean_child(org, today=today)
    ChildDisability.objects.filter(child=child).delete()
    made["8540"] = child
    # 8869: "no factors identified" beside other factors.
    child = clean_child(org, today=today)
    Assessment.objects.filter(referral__child=child).update(factors=["1B", "21"])
    made["8869"] = child
    # 2885: a child protection plan this year with no initial conference that day.
    child = clean_child(org, today=today)
    ChildProtectionPlan.objects.create(
        referral=child.referrals.get(),
        cpp_start_date=today - datetime.timedelta(days=5),
        initial_category_of_abuse="NEG",
        latest_category_of_abuse="NEG",
    )
    made["2885"] = child
    # 8805: closed with no reason for closure.
    child = clean_child(org, today=today)
    child.referrals.update(cin_closure_date=today - datetime.timedelta(days=2))
    made["8805"] = child
    # 8750: an unborn child recorded as female.
    child = clean_child(
        org,
        today=today,
        date_of_birth=None,
        expected_date_of_birth=today + datetime.timedelta(days=60),
        sex="F",
    )
    made["8750"] = child
    return made


def returns_case(org):
    """For the authorisation matrix: a finished CIN census run (with its zip) and a data problem of a
    child of unit A. Made once per `org`."""
    case = getattr(org, "_returns_case", None)
    if case is not None:
        return case
    from types import SimpleNamespace

    from django.utils import timezone

    from hearth.returns.cin.records import current_period
    from hearth.returns.models import DataProblem, ReturnRun, RunStatus

    from .factories import ChildFactory

    period = current_period(timezone.localdate())
    run = ReturnRun.objects.create(
        return_name="cin",
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        started_by=org["performance-analyst"],
        status=RunStatus.DONE,
        archive=b"PK\x05\x06" + b"\x00" * 18,
        archive_name="cin_matrix.zip",
    )
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    problem = DataProblem.objects.create(
        return_name="cin",
        code="8540",
        subject_id=child.pk,
        child=child,
        unit=org.unit_a,
        worker=org["social-worker"],
        message="Record whether the child has a disability.",
        object_label="Child's details",
    )
    case = SimpleNamespace(run=run, problem=problem)
    org._returns_case = case
    return case
