"""Writing plans with the family: the plan with its goals, actions and reviews.

A plan shared by brothers and sisters is written once and appears once on each child's chronology.
"""

from __future__ import annotations

from django.db import transaction

from hearth.core.models import AuditLog

from ..models import EventKind, Plan, PlanAction, PlanGoal, PlanKind, PlanReview, TransitionError
from .chronology import add_to_chronology
from .episodes import day_start


@transaction.atomic
def write_plan(*, by, children, kind, strengths, worries, started_on, goals: list[str], request=None) -> Plan:
    goals = [text.strip() for text in goals if text.strip()]
    if not goals:
        raise TransitionError("Write at least one goal with the family.")
    if not children:
        raise TransitionError("Choose the children the plan is for.")
    plan = Plan.objects.create(
        kind=kind, strengths=strengths, worries=worries, started_on=started_on, written_by=by
    )
    plan.children.set(children)
    PlanGoal.objects.bulk_create([PlanGoal(plan=plan, text=text) for text in goals])
    add_to_chronology(
        children=children,
        occurred_at=day_start(started_on),
        kind=EventKind.PLAN,
        title=f"{PlanKind(kind).label} written with the family",
        summary=f"{len(goals)} goal{'s' if len(goals) != 1 else ''}: " + "; ".join(goals),
        source=plan,
    )
    AuditLog.record(actor=by, action="plan.create", obj=plan, children=children, request=request)
    return plan


def _plan_to_add_to(plan) -> Plan:
    """The plan, locked, refusing when it has ended (nothing is added to an ended plan)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    plan.refuse_if_ended()
    return plan


@transaction.atomic
def add_plan_action(*, by, plan, text, owner_name, due_on, goal=None, request=None) -> PlanAction:
    plan = _plan_to_add_to(plan)
    if goal is not None and goal.plan_id != plan.pk:
        raise TransitionError("Choose a goal of this plan.")
    action = PlanAction.objects.create(plan=plan, goal=goal, text=text, owner_name=owner_name, due_on=due_on)
    AuditLog.record(
        actor=by, action="plan.action_add", obj=action, children=list(plan.children.all()), request=request
    )
    return action


@transaction.atomic
def review_plan(*, by, plan, reviewed_on, summary, achieved_goals=(), request=None) -> PlanReview:
    plan = _plan_to_add_to(plan)
    if reviewed_on < plan.started_on:
        raise TransitionError("A review cannot be before the plan started.")
    achieved_ids = [goal.pk for goal in achieved_goals if goal.plan_id == plan.pk]
    review = PlanReview.objects.create(plan=plan, reviewed_on=reviewed_on, summary=summary, reviewed_by=by)
    PlanGoal.objects.filter(pk__in=achieved_ids, achieved_on__isnull=True).update(achieved_on=reviewed_on)
    children = list(plan.children.all())
    achieved = f"{len(achieved_ids)} goal{'s' if len(achieved_ids) != 1 else ''} achieved. "
    add_to_chronology(
        children=children,
        occurred_at=day_start(reviewed_on),
        kind=EventKind.PLAN,
        title=f"{plan.get_kind_display()} reviewed",
        summary=(achieved if achieved_ids else "") + summary,
        source=review,
    )
    AuditLog.record(actor=by, action="plan.review", obj=review, children=children, request=request)
    return review


@transaction.atomic
def end_plan(*, by, plan, ended_on, outcome: str, request=None) -> Plan:
    """The plan ends (the family no longer needs it, or another plan replaces it), with its outcome.

    It stays on each child's record, shown as ended; nothing more is added to it.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    plan.end(on=ended_on, outcome=outcome)
    plan.save(update_fields=["ended_on", "end_outcome", "updated_at"])
    children = list(plan.children.all())
    add_to_chronology(
        children=children,
        occurred_at=day_start(ended_on),
        kind=EventKind.PLAN,
        title=f"{plan.get_kind_display()} ended",
        summary=plan.end_outcome,
        source=plan,
    )
    AuditLog.record(actor=by, action="plan.end", obj=plan, children=children, request=request)
    return plan
