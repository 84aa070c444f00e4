"""Need scores and tiers, worked out when read from the facts on the record (ADR 0009).

`needs_for(child_ids)` gathers every fact the score uses for a page of children in a fixed number of
queries (seven, whatever the number of children), then scores each child with `scoring.score`. Nothing
is stored, so a score is never stale: a new plan, a recorded police contact, a visit or a change of the
weights shows the next time any page is read. Time since the last visit changes with the calendar, not
with a fact, and is worked out against `today` like everything else.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from hearth.cases.models import Assessment, ChildProtectionPlan, Section47
from hearth.cases.selectors.lists import add_working_days, open_kinds_by_child, visit_status
from hearth.people.models import Child, Household

from .. import scoring
from ..models import Configuration, RecordedFactor, built_in_configuration


def current_configuration() -> Configuration:
    """The latest saved version of the weights, or the built-in one (version 0). One query."""
    return Configuration.objects.current() or built_in_configuration()


@dataclass(frozen=True)
class Need:
    """One child's score, tier, next visit and case weight, as of `today`."""

    child_id: int
    score: scoring.Score
    kinds: frozenset[str]
    tier: scoring.Tier | None
    weight: int
    last_visit: datetime.date | None
    household_ids: tuple[int, ...] = ()

    @property
    def total(self) -> int:
        return self.score.total

    @property
    def next_visit_due(self) -> datetime.date | None:
        if self.last_visit is None or self.tier is None:
            return None
        return add_working_days(self.last_visit, self.tier.interval)

    def visit_status(self, today: datetime.date) -> str:
        return visit_status(self.next_visit_due, today)


#: Ids per query: above any page or service, below SQLite's limit on bound parameters (32,766; the
#: open episodes query binds each id twice). A list this long is split, the only case where the number
#: of queries grows.
CHUNK = 10_000


def _chunks(ids: list[int], size: int = CHUNK):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def needs_for(
    child_ids,
    *,
    today: datetime.date | None = None,
    config: Configuration | None = None,
    open_kinds: dict | None = None,
) -> dict[int, Need]:
    """Each child's need: eight queries (with the configuration), whatever the number of children up to
    `CHUNK`."""
    ids = sorted({int(pk) for pk in child_ids})
    if not ids:
        return {}
    today = today or timezone.localdate()
    config = config or current_configuration()
    if open_kinds is None:
        open_kinds = {}
        for chunk in _chunks(ids):
            open_kinds.update(open_kinds_by_child(chunk))
    recent = today - datetime.timedelta(days=scoring.RECENT_DAYS)
    children, cp, s47, factors, recorded, households = {}, {}, set(), defaultdict(set), {}, defaultdict(set)
    through = Household.children.through
    for chunk in _chunks(ids):
        for pk, born, expected, visited in Child.objects.filter(pk__any=set(chunk)).values_list(
            "pk", "date_of_birth", "expected_date_of_birth", "last_visit_at"
        ):
            children[pk] = (born, expected, visited)
        for child_id, category, started in ChildProtectionPlan.objects.filter(
            referral__child_id__any=set(chunk), cpp_end_date__isnull=True
        ).values_list("referral__child_id", "latest_category_of_abuse", "cpp_start_date"):
            cp[child_id] = (category, started)
        s47.update(
            Section47.objects.filter(
                referral__child_id__any=set(chunk),
                referral__cin_closure_date__isnull=True,
                s47_actual_start_date__gte=recent,
            ).values_list("referral__child_id", flat=True)
        )
        for child_id, codes in Assessment.objects.filter(
            referral__child_id__any=set(chunk),
            referral__cin_closure_date__isnull=True,
            assessment_authorisation_date__isnull=False,
        ).values_list("referral__child_id", "factors"):
            factors[child_id].update(codes or ())
        for child_id, kind in RecordedFactor.objects.filter(
            child_id__any=set(chunk), occurred_on__gte=recent, occurred_on__lte=today
        ).values_list("child_id", "kind"):
            counts = recorded.setdefault(child_id, defaultdict(int))
            counts[kind] += 1
        mine = through.objects.filter(child_id__any=set(chunk)).values("household_id")
        for household_id, child_id in through.objects.filter(household_id__in=mine).values_list(
            "household_id", "child_id"
        ):
            households[household_id].add(child_id)
    family_size: dict[int, int] = {}
    family_of: dict[int, list[int]] = defaultdict(list)
    for household_id, members in households.items():
        for child_id in members:
            family_of[child_id].append(household_id)
            family_size[child_id] = max(family_size.get(child_id, 1), len(members))
    tiers = config.tier_list()
    result = {}
    for pk in ids:
        if pk not in children:
            continue
        born, expected, visited = children[pk]
        kinds = open_kinds.get(pk, frozenset())
        category, started = cp.get(pk, (None, None))
        last = timezone.localdate(visited) if visited else None
        facts = scoring.Facts(
            cp_category=category,
            looked_after="looked-after" in kinds,
            cin_plan="cin-plan" in kinds,
            under_one=(born is not None and born > today - datetime.timedelta(days=365))
            or (born is None and expected is not None),
            assessment_factors=frozenset(factors.get(pk, ())),
            children_in_family=family_size.get(pk, 1),
            recent_s47=pk in s47,
            new_cp_plan=started is not None and started >= recent,
            weeks_since_visit=None if last is None else max((today - last).days, 0) // 7,
            recorded=dict(recorded.get(pk, {})),
        )
        result_score = scoring.score(facts, config.weights)
        total = result_score.total
        result[pk] = Need(
            child_id=pk,
            score=result_score,
            kinds=kinds,
            tier=scoring.tier_for(total, kinds, tiers),
            weight=scoring.case_weight(total, kinds, config.episode_weights),
            last_visit=last,
            household_ids=tuple(sorted(family_of.get(pk, ()))),
        )
    return result


def visit_intervals(child_ids, open_kinds) -> dict[int, int]:
    """The provider of `hearth.core.extensions.VISIT_INTERVALS`: each child's tier interval."""
    needs = needs_for(child_ids, open_kinds=open_kinds)
    return {pk: need.tier.interval for pk, need in needs.items() if need.tier is not None}


def family_of(child: Child) -> list[Child]:
    """The other children of the child's households, as far as this reading goes (one query)."""
    return list(
        Child.objects.filter(households__children=child)
        .exclude(pk=child.pk)
        .distinct()
        .only("pk", "first_name", "last_name", "allocated_unit_id", "restriction")
        .order_by("last_name", "first_name", "pk")
    )


def configuration_versions():
    """Every version of the weights and tiers, newest first (for a paginated history)."""
    return Configuration.objects.select_related("created_by").order_by("-number")


def recorded_factors(child, limit: int = 20) -> list[RecordedFactor]:
    """The latest need factors recorded for a child (already fetched through `get_child_or_deny`)."""
    return list(RecordedFactor.objects.filter(child=child).select_related("recorded_by")[:limit])
