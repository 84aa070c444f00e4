"""Reads for the episodes-of-help pages. Each is a fixed number of queries, however long the history.

Every function takes a child already fetched through `hearth.people.access.get_child_or_deny`, so a
record is only ever found through a child the person may see.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from hearth.organisation.models import Unit

from ..codes import AssessmentFactor
from ..models import (
    Allocation,
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Contact,
    LookedAfterEpisode,
    Referral,
    Section47,
)


@dataclass
class EpisodesOfHelp:
    referrals: list
    looked_after: list
    contacts: list

    @property
    def open_referral(self):
        return next((r for r in self.referrals if r.is_open), None)

    @property
    def open_looked_after(self):
        return next((e for e in self.looked_after if e.is_open), None)


def episodes_of_help(child) -> EpisodesOfHelp:
    """Referrals with their assessments, enquiries and plans; looked-after episodes; contacts."""
    referrals = Referral.objects.filter(child=child).prefetch_related(
        "assessments",
        "section47s",
        "cin_plans",
        Prefetch(
            "cp_plans", queryset=ChildProtectionPlan.objects.prefetch_related("reviews", "category_changes")
        ),
    )
    referrals = list(referrals)
    for referral in referrals:
        for assessment in referral.assessments.all():
            assessment.factor_labels = [AssessmentFactor(code).label for code in assessment.factors]
    return EpisodesOfHelp(
        referrals=referrals,
        looked_after=list(LookedAfterEpisode.objects.filter(child=child)),
        contacts=list(Contact.objects.filter(child=child).select_related("recorded_by")),
    )


def _one(queryset, pk):
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise Http404("No such record for this child")
    return record


def referral_of(child, referral_id: int) -> Referral:
    return _one(Referral.objects.filter(child=child), referral_id)


def assessment_of(child, assessment_id: int) -> Assessment:
    return _one(Assessment.objects.filter(referral__child=child).select_related("referral"), assessment_id)


def section47_of(child, s47_id: int) -> Section47:
    return _one(Section47.objects.filter(referral__child=child).select_related("referral"), s47_id)


def cp_plan_of(child, plan_id: int) -> ChildProtectionPlan:
    plans = ChildProtectionPlan.objects.filter(referral__child=child).select_related("referral")
    return _one(plans.prefetch_related("reviews"), plan_id)


def cin_plan_of(child, plan_id: int) -> ChildInNeedPlan:
    return _one(ChildInNeedPlan.objects.filter(referral__child=child).select_related("referral"), plan_id)


def looked_after_of(child, episode_id: int) -> LookedAfterEpisode:
    return _one(LookedAfterEpisode.objects.filter(child=child), episode_id)


# --- allocation -------------------------------------------------------------------------------


def allocation_history(child) -> list[Allocation]:
    return list(Allocation.objects.filter(child=child).select_related("unit", "lead_worker", "allocated_by"))


def units_to_allocate_to():
    return Unit.objects.active().select_related("service_area").order_by("name")


def unit_members(unit):
    """Current members of a unit, who may lead a case in it."""
    return unit.current_memberships()
