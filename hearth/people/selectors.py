"""Reads about children."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from hearth.organisation.models import Unit

from .models import Child, Relationship, RestrictedAccess


def has_restricted_access(user, child: Child) -> bool:
    """Named on the record, or broke glass on it within the last few hours (the queryset's own rule)."""
    return Child.objects.filter(pk=child.pk).exclude_restricted_for(user).exists()


def child_for_page(user, child_id: int) -> tuple[Child | None, bool]:
    """The child if this person may see them, and whether they may break glass to see them.

    Returns (child, False) when visible; (child, True) when restricted but glass can be broken
    (answer 403 with the way in); (None, False) when out of reach (answer 404).
    """
    # One plain query by primary key, then the rules of `ChildQuerySet.visible_to` and `in_reach_of`
    # applied to the row: on every page of a child, compiling the queryset's subqueries cost more than
    # the rest of the lookup. tests/test_people.py checks that both forms agree for every role.
    child = Child.objects.select_related("allocated_unit", "lead_worker").filter(pk=child_id).first()
    if child is None or not (user and user.is_authenticated and user.is_active):
        return None, False
    in_units = child.allocated_unit_id is not None and child.allocated_unit_id in user.reach_unit_ids
    if user.has_authority_wide_case_access or in_units:
        if not child.is_restricted or has_restricted_access(user, child):
            return child, False
    elif not user.is_system_administrator:
        return None, False
    if child.is_restricted and user.has_perm("people.break_glass", child):
        return child, True
    return None, False


# --- the child's record page ---------------------------------------------------------------------


@dataclass
class ChildRecord:
    """Everything the record page shows about one child, read in a fixed number of queries."""

    child: Child
    disabilities: list
    relationships: list  # Relationship rows, each with .other_person and .other_is_child
    households: list
    addresses: list
    open_referral: object | None
    open_cp_plan: object | None
    open_cin_plan: object | None
    open_looked_after: object | None
    visible_child_ids: frozenset[int] = field(default_factory=frozenset)


def child_record(user, child: Child) -> ChildRecord:
    """The record of a child already fetched through `get_child_or_deny` (so visible to `user`).

    Episodes are read through the child's reverse relations (cases owns those models). The number of
    queries does not grow with the number of relationships, households or addresses.
    """
    disabilities = list(child.disabilities.all())
    as_child = list(child.relationships.select_related("adult", "other_child"))
    as_other = list(child.relationships_as_other.select_related("child"))
    linked_ids = {r.other_child_id for r in as_child if r.other_child_id}
    relationships = []
    for rel in as_child:
        rel.other_person = rel.adult or rel.other_child
        rel.other_is_child = rel.other_child_id is not None
        relationships.append(rel)
    for rel in as_other:  # a link made from the other child's record, shown from this side
        if rel.child_id in linked_ids:
            continue
        rel.other_person = rel.child
        rel.other_is_child = True
        relationships.append(rel)
    households = list(child.households.prefetch_related("adults", "children").order_by("name"))
    addresses = list(child.addresses.all())

    referral = (
        child.referrals.filter(cin_closure_date__isnull=True)
        .prefetch_related("cp_plans", "cin_plans")
        .first()
    )
    cp_plan = cin_plan = None
    if referral is not None:
        cp_plan = next((p for p in referral.cp_plans.all() if p.cpp_end_date is None), None)
        cin_plan = next((p for p in referral.cin_plans.all() if p.cin_plan_end_date is None), None)
    looked_after = child.looked_after_episodes.filter(dec__isnull=True).first()

    other_ids = {r.other_person.pk for r in relationships if r.other_is_child}
    other_ids |= {c.pk for h in households for c in h.children.all() if c.pk != child.pk}
    visible = (
        frozenset(Child.objects.visible_to(user).filter(pk__in=other_ids).values_list("pk", flat=True))
        if other_ids
        else frozenset()
    )
    return ChildRecord(
        child=child,
        disabilities=disabilities,
        relationships=relationships,
        households=households,
        addresses=addresses,
        open_referral=referral,
        open_cp_plan=cp_plan,
        open_cin_plan=cin_plan,
        open_looked_after=looked_after,
        visible_child_ids=visible,
    )


def disabilities_of(child: Child) -> list:
    return list(child.disabilities.all())


# --- adding a child: duplicates, identifiers -----------------------------------------------------


@dataclass
class PossibleDuplicates:
    visible: list  # children the person may see (linked on the page)
    hidden_count: int  # children they may not see: no detail at all

    def __bool__(self) -> bool:
        return bool(self.visible) or self.hidden_count > 0


def possible_duplicates(user, *, first_name: str, last_name: str, date_of_birth=None, expected_date=None):
    """Children who may be the same child, among ALL children (not only those the person may see).

    Same date of birth (or expected date) and the same last name or the same first name, ignoring case.
    Only the children the person may see are returned; the others are only counted.
    """
    if date_of_birth is None and expected_date is None:
        return PossibleDuplicates([], 0)
    dates = Q(date_of_birth=date_of_birth) if date_of_birth else Q(expected_date_of_birth=expected_date)
    names = Q(last_name__iexact=last_name.strip()) | Q(first_name__iexact=first_name.strip())
    candidates = Child.objects.filter(dates & names)
    ids = list(candidates.values_list("pk", flat=True)[:50])
    if not ids:
        return PossibleDuplicates([], 0)
    visible = list(
        Child.objects.visible_to(user).filter(pk__in=ids).select_related("allocated_unit").order_by("pk")
    )
    return PossibleDuplicates(visible, len(ids) - len(visible))


def la_child_id_taken(la_child_id: str, *, exclude_pk: int | None = None) -> bool:
    return Child.objects.filter(la_child_id__iexact=la_child_id).exclude(pk=exclude_pk).exists()


def last_generated_la_child_id() -> str | None:
    """The highest LA child ID of the form C + 7 digits (fixed width, so text order is number order)."""
    return (
        Child.objects.filter(la_child_id__regex=r"^C[0-9]{7}$")
        .order_by("-la_child_id")
        .values_list("la_child_id", flat=True)
        .first()
    )


def child_by_la_child_id(user, la_child_id: str) -> Child | None:
    """A child the person may see, by their LA child ID (for linking siblings)."""
    return Child.objects.visible_to(user).filter(la_child_id__iexact=la_child_id.strip()).first()


def already_linked(child: Child, *, other_child: Child | None = None) -> bool:
    if other_child is None:
        return False
    return Relationship.objects.filter(
        Q(child=child, other_child=other_child) | Q(child=other_child, other_child=child)
    ).exists()


def units_for_new_child(user) -> list:
    """Units that may hold a child this person adds: the units they are in, or else those they manage."""
    ids = user.unit_ids or user.managed_unit_ids
    return list(Unit.objects.filter(pk__in=ids, is_active=True).order_by("name"))


# --- restriction ---------------------------------------------------------------------------------


def named_people(child: Child) -> list:
    return list(
        RestrictedAccess.objects.filter(child=child)
        .select_related("user", "granted_by")
        .order_by("user__full_name")
    )


def active_person_by_email(email: str):
    return get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()


def person_can_reach(person, child: Child) -> bool:
    """Whether the person works with the child's unit (or has authority-wide reach): naming anyone
    else on a restriction would not let them see the record."""
    return (
        Child.objects.in_reach_of(person).filter(pk=child.pk).exists() and not person.is_system_administrator
    )


def lead_workers_in_last_year(child) -> int:
    """How many different lead workers the child has had in the last 12 months (stability matters).

    Read through the child's allocation history (`cases.Allocation`, reached by its reverse relation so
    that people imports nothing from casework).
    """
    since = timezone.now() - datetime.timedelta(days=365)
    return child.allocations.exclude(ended_at__lt=since).values("lead_worker").distinct().count()


def current_address(child):
    return child.addresses.filter(ended_on__isnull=True).order_by("-started_on").first()
