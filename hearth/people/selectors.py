"""Reads about children."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Q
from django.utils import timezone

from hearth.organisation.models import Unit

from .models import Adult, Child, Relationship, RestrictedAccess


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

    @property
    def hidden(self) -> range:
        """One item per match the person may not see (the page shows a line for each, with no detail)."""
        return range(self.hidden_count)


#: Names at least this alike are "similar" (pg_trgm's own default threshold for `%`).
NAME_SIMILARITY = 0.3
#: Children born on the same day (or one of the close days) are few even in a large authority, so
#: comparing names among them is cheap; past this many, only the first are compared.
MAX_DUPLICATE_CANDIDATES = 500
MAX_DUPLICATES_SHOWN = 50

_WORD = re.compile(r"[^\W_]+")


def trigrams(text: str) -> set[str]:
    """The trigrams of a text as PostgreSQL's pg_trgm makes them: each word (letters and digits) in lower
    case, with two spaces before it and one after."""
    grams: set[str] = set()
    for word in _WORD.findall((text or "").lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm's `similarity(a, b)`: shared trigrams over all trigrams of the two."""
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def name_similarity(first_name: str, last_name: str, other_first: str, other_last: str) -> float:
    """How alike two children's names are: the best of first names, last names and whole names (the
    whole name in any order, so a first and last name typed the wrong way round still match)."""
    return max(
        trigram_similarity(first_name, other_first),
        trigram_similarity(last_name, other_last),
        trigram_similarity(f"{first_name} {last_name}", f"{other_first} {other_last}"),
    )


def close_dates(day: datetime.date) -> set[datetime.date]:
    """The day, the day before and after (a slip by one), and day and month swapped (27/03 typed as
    03/27 is impossible, but 04/05 and 05/04 are both real days)."""
    dates = {day, day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)}
    if day.day != day.month and day.day <= 12:
        dates.add(day.replace(month=day.day, day=day.month))
    return dates


def _similar_ids_in_database(candidates, first_name: str, last_name: str) -> list[int]:
    """PostgreSQL: pg_trgm's similarity (the extension is created by cases migration 0002)."""
    from django.contrib.postgres.search import TrigramSimilarity
    from django.db.models import Value
    from django.db.models.functions import Concat, Greatest

    scored = candidates.annotate(
        name_score=Greatest(
            TrigramSimilarity("first_name", first_name),
            TrigramSimilarity("last_name", last_name),
            TrigramSimilarity(Concat("first_name", Value(" "), "last_name"), f"{first_name} {last_name}"),
        )
    )
    return list(
        scored.filter(name_score__gte=NAME_SIMILARITY)
        .order_by("-name_score", "pk")
        .values_list("pk", flat=True)[:MAX_DUPLICATES_SHOWN]
    )


def _similar_ids_in_python(candidates, first_name: str, last_name: str) -> list[int]:
    """Any other database (SQLite): the same similarity, worked out here over the few children born on
    the close dates."""
    rows = candidates.order_by("pk").values_list("pk", "first_name", "last_name")[:MAX_DUPLICATE_CANDIDATES]
    scored = [(name_similarity(first_name, last_name, first, last), pk) for pk, first, last in rows]
    similar = sorted(
        (item for item in scored if item[0] >= NAME_SIMILARITY), key=lambda item: (-item[0], item[1])
    )
    return [pk for _score, pk in similar[:MAX_DUPLICATES_SHOWN]]


def possible_duplicates(user, *, first_name: str, last_name: str, date_of_birth=None, expected_date=None):
    """Children who may be the same child, among ALL children (not only those the person may see).

    A similar name (first name, last name or the whole name, by trigram similarity: pg_trgm on
    PostgreSQL, the same measure in Python elsewhere) and the same or a close date of birth (a day either
    side, or day and month swapped); for an unborn child, the expected date. Only the children the
    person may see are returned; the others are only counted, with no detail.
    """
    if date_of_birth is None and expected_date is None:
        return PossibleDuplicates([], 0)
    if date_of_birth:
        candidates = Child.objects.filter(date_of_birth__in=close_dates(date_of_birth))
    else:
        candidates = Child.objects.filter(expected_date_of_birth__in=close_dates(expected_date))
    first_name, last_name = first_name.strip(), last_name.strip()
    if connections[Child.objects.db].vendor == "postgresql":
        ids = _similar_ids_in_database(candidates, first_name, last_name)
    else:
        ids = _similar_ids_in_python(candidates, first_name, last_name)
    if not ids:
        return PossibleDuplicates([], 0)
    order = {pk: i for i, pk in enumerate(ids)}
    visible = sorted(
        Child.objects.visible_to(user).filter(pk__in=ids).select_related("allocated_unit"),
        key=lambda child: order[child.pk],
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


def address_of(child, address_id: int):
    """One of the child's addresses (None if it is not theirs)."""
    return child.addresses.filter(pk=address_id).first()


# --- households ----------------------------------------------------------------------------------


def household_of(child, household_id: int):
    """One of the child's households with its members (None if the child is not in it)."""
    return child.households.prefetch_related("adults", "children").filter(pk=household_id).first()


def editable_children(user):
    """Children whose record this person may change: visible to them and in their units' reach."""
    return Child.objects.visible_to(user).filter(allocated_unit__in=user.reach_unit_ids)


@dataclass
class HouseholdCandidates:
    """Who may join a child's household: the children and adults in the child's relationships."""

    children: list
    adults: list


def household_candidates(user, child: Child, *, household=None) -> HouseholdCandidates:
    """The brothers, sisters and other children linked to the child whose record this person may change,
    and the adults linked to the child; less anyone already in `household`. Two queries."""
    linked_children = Relationship.objects.filter(child=child, other_child__isnull=False).values(
        "other_child"
    )
    linked_back = Relationship.objects.filter(other_child=child).values("child")
    children = (
        editable_children(user)
        .filter(Q(pk__in=linked_children) | Q(pk__in=linked_back))
        .exclude(pk=child.pk)
        .order_by("first_name", "last_name", "pk")
    )
    adults = (
        Adult.objects.filter(relationships__child=child).distinct().order_by("first_name", "last_name", "pk")
    )
    if household is not None:
        children = children.exclude(households=household)
        adults = adults.exclude(households=household)
    return HouseholdCandidates(children=list(children), adults=list(adults))


def household_visible_child_ids(user, household) -> frozenset[int]:
    """Which children of a household this person may see and change (one query)."""
    ids = [c.pk for c in household.children.all()]
    return frozenset(editable_children(user).filter(pk__in=ids).values_list("pk", flat=True))
