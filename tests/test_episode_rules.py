"""The rules of episodes of help, for any sequence of dates (hypothesis).

- A plan or episode can never end before it starts.
- Closing a referral with any open child protection plan, child in need plan, looked-after episode or
  open assessment is always refused, and leaves every record as it was.
- A child never has two open looked-after episodes, or two open referrals.
- An assessment authorised before it was completed is refused.
"""

import datetime
from contextlib import contextmanager

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hearth.cases.codes import AssessmentFactor
from hearth.cases.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    ChronologyEntry,
    LookedAfterEpisode,
    Referral,
    TransitionError,
)
from hearth.cases.services import episodes as services

from .factories import ChildFactory, UserFactory

BASE = datetime.date(2015, 1, 5)
days = st.integers(min_value=0, max_value=3000)
DB_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def day(offset: int) -> datetime.date:
    return BASE + datetime.timedelta(days=offset)


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Each hypothesis example runs in a transaction that is undone, so examples do not meet."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


@pytest.fixture
def worker(db):
    return UserFactory(email="rules-worker@test.hearth.test")


# --- a plan or episode never ends before it starts (the models' transition methods) -----------------


def _plans(start):
    return [
        (ChildProtectionPlan(cpp_start_date=start), "cpp_end_date", {}),
        (ChildInNeedPlan(cin_plan_start_date=start), "cin_plan_end_date", {}),
        (LookedAfterEpisode(decom=start), "dec", {"reason": "E8"}),
    ]


@given(start=days, end=days)
def test_a_plan_never_ends_before_it_starts(start, end):
    for plan, end_field, extra in _plans(day(start)):
        if end < start:
            with pytest.raises(TransitionError):
                plan.end(on=day(end), **extra)
            assert getattr(plan, end_field) is None and plan.is_open
        else:
            plan.end(on=day(end), **extra)
            assert getattr(plan, end_field) == day(end) and not plan.is_open
            with pytest.raises(TransitionError):  # and it ends once
                plan.end(on=day(end), **extra)


@DB_SETTINGS
@given(start=days, back=st.integers(min_value=1, max_value=400))
def test_the_database_refuses_an_end_before_the_start_too(worker, start, back):
    with rolled_back():
        child = ChildFactory()
        referral = Referral.objects.create(child=child, cin_referral_date=day(start), referral_source="6")
        with pytest.raises(IntegrityError), transaction.atomic():
            ChildProtectionPlan.objects.create(
                referral=referral,
                cpp_start_date=day(start),
                cpp_end_date=day(start) - datetime.timedelta(days=back),
                initial_category_of_abuse="NEG",
                latest_category_of_abuse="NEG",
            )


@given(started=days, completed=days, authorised=days)
def test_an_assessment_authorised_before_completion_is_refused(started, completed, authorised):
    assessment = Assessment(assessment_actual_start_date=day(started))
    if completed < started or authorised < completed:
        with pytest.raises(TransitionError):
            assessment.complete(on=day(completed), authorised_on=day(authorised), factors=["21"])
        assert assessment.is_open and assessment.assessment_authorisation_date is None
        assert assessment.factors == []
    else:
        assessment.complete(on=day(completed), authorised_on=day(authorised), factors=["21"])
        assert assessment.assessment_authorisation_date == day(authorised)


# --- closing a referral with anything open is always refused --------------------------------------------


open_things = st.fixed_dictionaries(
    {
        "cp_plan": st.booleans(),
        "cin_plan": st.booleans(),
        "looked_after": st.booleans(),
        "assessment": st.booleans(),
    }
)


@DB_SETTINGS
@given(opened=open_things, start=days, later=days, close_after=days)
def test_closing_with_anything_open_is_refused_and_changes_nothing(worker, opened, start, later, close_after):
    assume(any(opened.values()))
    with rolled_back():
        child = ChildFactory()
        referral = services.record_referral(
            by=worker, child=child, referral_date=day(start), source="6", primary_need="N1"
        )
        on = day(start + later)
        if opened["cp_plan"]:
            services.start_cp_plan(by=worker, referral=referral, started_on=on, category="NEG")
        if opened["cin_plan"]:
            services.start_cin_plan(by=worker, referral=referral, started_on=on)
        if opened["looked_after"]:
            services.start_looked_after(
                by=worker, child=child, started_on=on, reason_new_episode="S", legal_status="V2",
                category_of_need="N1", placement="U6", provider="PR1",
            )  # fmt: skip
        if opened["assessment"]:
            services.start_assessment(by=worker, referral=referral, started_on=on)
        rows_before = ChronologyEntry.objects.filter(child=child).count()
        for reason in ("RC7", "RC8"):
            with pytest.raises(TransitionError):
                services.close_referral(
                    by=worker,
                    referral=referral,
                    closed_on=on + datetime.timedelta(days=close_after),
                    reason=reason,
                )
        referral.refresh_from_db()
        assert referral.is_open and referral.reason_for_closure == ""
        assert ChronologyEntry.objects.filter(child=child).count() == rows_before
        assert not ChronologyEntry.objects.filter(child=child, kind="closure").exists()


# --- never two open looked-after episodes, never two open referrals -------------------------------------


def _start_looked_after(worker, child, on):
    return services.start_looked_after(
        by=worker, child=child, started_on=on, reason_new_episode="S", legal_status="V2",
        category_of_need="N1", placement="U6", provider="PR1",
    )  # fmt: skip


def _refer(worker, child, on):
    return services.record_referral(by=worker, child=child, referral_date=on, source="6", primary_need="N1")


steps = st.lists(st.tuples(st.sampled_from(["open", "close"]), st.integers(0, 200)), min_size=1, max_size=8)


@DB_SETTINGS
@given(steps=steps)
def test_a_child_never_has_two_open_looked_after_episodes(worker, steps):
    with rolled_back():
        child = ChildFactory()
        on = BASE
        for action, gap in steps:
            on += datetime.timedelta(days=gap)
            current = LookedAfterEpisode.objects.filter(child=child).open().first()
            if action == "open":
                if current is None:
                    _start_looked_after(worker, child, on)
                else:
                    with pytest.raises(TransitionError, match="already has an open looked-after episode"):
                        _start_looked_after(worker, child, on)
            elif current is not None:
                services.end_looked_after(by=worker, episode=current, ended_on=on, reason="E4A")
            assert LookedAfterEpisode.objects.filter(child=child).open().count() <= 1


@DB_SETTINGS
@given(steps=steps)
def test_a_child_never_has_two_open_referrals(worker, steps):
    with rolled_back():
        child = ChildFactory()
        on = BASE
        for action, gap in steps:
            on += datetime.timedelta(days=gap)
            current = Referral.objects.filter(child=child).open().first()
            if action == "open":
                if current is None:
                    _refer(worker, child, on)
                else:
                    with pytest.raises(TransitionError, match="already has an open episode of help"):
                        _refer(worker, child, on)
            elif current is not None:
                services.close_referral(by=worker, referral=current, closed_on=on, reason="RC7")
            assert Referral.objects.filter(child=child).open().count() <= 1


def test_the_constraint_holds_even_without_the_service(worker):
    child = ChildFactory()
    Referral.objects.create(child=child, cin_referral_date=BASE, referral_source="6")
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(child=child, cin_referral_date=BASE, referral_source="6")
    LookedAfterEpisode.objects.create(
        child=child, decom=BASE, rne="S", legal_status="V2", cin="N1", place="U6", place_provider="PR1"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        LookedAfterEpisode.objects.create(
            child=child, decom=BASE, rne="S", legal_status="V2", cin="N1", place="U6", place_provider="PR1"
        )


@given(factors=st.lists(st.sampled_from(AssessmentFactor.values), max_size=6))
def test_factors_are_checked_and_kept_once(factors):
    assessment = Assessment(assessment_actual_start_date=BASE)
    if not factors:
        with pytest.raises(TransitionError):
            assessment.complete(on=BASE, authorised_on=BASE, factors=factors)
        assert assessment.is_open
    else:
        assessment.complete(on=BASE, authorised_on=BASE, factors=factors)
        assert assessment.factors == sorted(set(factors))
