"""Reads for the API. Every queryset of children starts from `Child.objects.visible_to(user)`; a single
child is fetched only through `hearth.people.access.get_child_or_deny`, which writes the audit row."""

from __future__ import annotations

from django.db.models import QuerySet

from hearth.cases.models import LookedAfterEpisode, NoteChild, NoteStatus, Referral
from hearth.people.models import Child


def children_for(user, *, unit_code: str | None = None) -> QuerySet:
    children = (
        Child.objects.visible_to(user)
        .select_related("allocated_unit", "lead_worker")
        .order_by("last_name", "first_name", "pk")
    )
    if unit_code:
        children = children.filter(allocated_unit__code=unit_code)
    return children


def referrals_of(child: Child) -> QuerySet:
    """The child's referrals (episodes of help), newest first, with what happened within each."""
    return Referral.objects.filter(child=child).prefetch_related(
        "assessments", "section47s", "cp_plans", "cin_plans"
    )


def looked_after_episodes_of(child: Child) -> QuerySet:
    return LookedAfterEpisode.objects.filter(child=child)


def final_notes_of(child: Child) -> QuerySet:
    """The child's final notes (never drafts), newest first, each with whether the child was seen."""
    return (
        NoteChild.objects.filter(child=child, note__status=NoteStatus.FINAL)
        .select_related("note", "note__author")
        .order_by("-note__occurred_at", "-note_id")
    )


def children_by_ids(user, ids) -> list[Child]:
    """The children with these ids that the person may see (fewer than asked for if some are not)."""
    return list(Child.objects.visible_to(user).filter(pk__in=set(ids)).select_related("allocated_unit"))
