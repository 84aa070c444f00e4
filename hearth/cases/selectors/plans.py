"""Reads for plans written with the family. Each is a fixed number of queries, whatever the data."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from hearth.people.models import Child, Household, Relationship

from ..models import Plan, PlanAction, PlanReview


def plans_for_child(child, user) -> list[Plan]:
    """The child's plans, newest first, each with the children on it whom this person may see."""
    visible = Child.objects.visible_to(user).order_by("first_name")
    return list(
        Plan.objects.filter(children=child)
        .annotate(goal_count=Count("goals", distinct=True))
        .annotate(open_action_count=Count("actions", filter=Q(actions__done_on__isnull=True), distinct=True))
        .select_related("written_by")
        .prefetch_related(Prefetch("children", queryset=visible, to_attr="visible_children"))
    )


def plan_child_ids(plan_id: int) -> list[int]:
    """Every child on a plan (none if there is no such plan). The page decides which may be shown."""
    return list(Plan.children.through.objects.filter(plan_id=plan_id).values_list("child_id", flat=True))


def plan_for_page(plan_id: int) -> Plan:
    return (
        Plan.objects.select_related("written_by")
        .prefetch_related(
            "goals",
            Prefetch("actions", queryset=PlanAction.objects.select_related("goal").order_by("due_on", "pk")),
            Prefetch(
                "reviews", queryset=PlanReview.objects.select_related("reviewed_by").order_by("-reviewed_on")
            ),
        )
        .get(pk=plan_id)
    )


def plan_companions(child, user):
    """Brothers, sisters and children of the same household whom this person may write a plan for:
    children related to the child or living with them, visible to the person and in their units."""
    related = Relationship.objects.filter(child=child, other_child__isnull=False).values("other_child")
    related_back = Relationship.objects.filter(other_child=child).values("child")
    household = Household.children.through.objects.filter(household__children=child).values("child")
    return (
        Child.objects.visible_to(user)
        .filter(Q(pk__in=related) | Q(pk__in=related_back) | Q(pk__in=household))
        .filter(allocated_unit__in=user.reach_unit_ids)
        .exclude(pk=child.pk)
        .order_by("first_name", "last_name")
    )
