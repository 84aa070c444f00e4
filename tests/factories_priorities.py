"""Factories and a ready-made case for priorities tests (and the authorisation matrix)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.utils import timezone

from hearth.cases.models import Assessment, ChildProtectionPlan, LookedAfterEpisode, Referral, Section47
from hearth.people.models import Household
from hearth.priorities.models import RecordedFactor

from .factories import ChildFactory


def referral_for(child, start: datetime.date | None = None) -> Referral:
    start = start or timezone.localdate() - datetime.timedelta(days=200)
    return Referral.objects.filter(
        child=child, cin_closure_date__isnull=True
    ).first() or Referral.objects.create(child=child, cin_referral_date=start, referral_source="1A")


def cp_plan(child, *, category="NEG", start: datetime.date | None = None) -> ChildProtectionPlan:
    start = start or timezone.localdate() - datetime.timedelta(days=200)
    return ChildProtectionPlan.objects.create(
        referral=referral_for(child, start),
        cpp_start_date=start,
        initial_category_of_abuse=category,
        latest_category_of_abuse=category,
    )


def looked_after(child, start: datetime.date | None = None) -> LookedAfterEpisode:
    start = start or timezone.localdate() - datetime.timedelta(days=200)
    return LookedAfterEpisode.objects.create(
        child=child, decom=start, rne="S", legal_status="C2", cin="N1", place="U1", place_provider="PR1"
    )


def assessment_with(child, factors: list[str]) -> Assessment:
    referral = referral_for(child)
    start = referral.cin_referral_date
    return Assessment.objects.create(
        referral=referral,
        assessment_actual_start_date=start,
        assessment_internal_review_date=start + datetime.timedelta(days=20),
        assessment_authorisation_date=start + datetime.timedelta(days=21),
        factors=factors,
    )


def section47(child, start: datetime.date) -> Section47:
    return Section47.objects.create(referral=referral_for(child), s47_actual_start_date=start)


def factor(child, kind="police", days_ago=5, by=None) -> RecordedFactor:
    return RecordedFactor.objects.create(
        child=child,
        kind=kind,
        occurred_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        recorded_by=by or child.lead_worker,
    )


def household(*children, name="The Test household") -> Household:
    home = Household.objects.create(name=name)
    home.children.add(*children)
    return home


def visited(child, days_ago: int):
    child.last_visit_at = timezone.now() - datetime.timedelta(days=days_ago)
    child.save(update_fields=["last_visit_at"])
    return child


def priorities_case(org) -> SimpleNamespace:
    """A child of unit A (lead: the social worker) on a child protection plan, never visited, with a
    police contact recorded; a child with no unit yet (`new`); and area one (`area`, holding unit A)."""
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    cp_plan(child)
    factor(child, by=org["social-worker"])
    new = ChildFactory()
    return SimpleNamespace(child=child, new=new, area=org.area)
