"""Need scores and tiers, worked out when read from the facts on the record (ADR 0009).

`needs_for(child_ids)` gathers every fact the score uses for a page of children in a fixed number of
queries (seven, whatever the number of children), then scores each child with `scoring.score`. Nothing
is stored, so a score is never stale: a new plan, a recorded police contact, a visit or a change of the
weights shows the next time any page is read. Time since the last visit changes with the calendar, not
with a fact, and is worked out against `today` like everything else.
"""

from __future__ import annotations

import datetime
import threading
from collections import defaultdict
from dataclasses import dataclass

from django.db import connections
from django.utils import timezone

from hearth.cases.models import Assessment, ChildProtectionPlan, Section47
from hearth.cases.selectors.lists import add_working_days, open_kinds_by_child, visit_status
from hearth.core.lookups import pg_array
from hearth.core.middleware import current_request_id
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
    #: The last visit plus the tier's interval in working days (None: no visit yet, or no tier).
    next_visit_due: datetime.date | None = None

    @property
    def total(self) -> int:
        return self.score.total

    def visit_status(self, today: datetime.date) -> str:
        return visit_status(self.next_visit_due, today)


#: Ids per query: above any page or service, below SQLite's limit on bound parameters (32,766; the
#: open episodes query binds each id twice). A list this long is split, the only case where the number
#: of queries grows.
CHUNK = 10_000

#: What `needs_for` reads from a child's own row: date of birth, expected date of birth, and the day
#: of the last visit (in the authority's time zone).
ChildFacts = tuple[datetime.date | None, datetime.date | None, datetime.date | None]


def _chunks(ids: list[int], size: int = CHUNK):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def child_facts(queryset) -> dict[int, ChildFacts]:
    """The columns of `ChildFacts` for the children of `queryset`, by id (one query)."""
    return {
        pk: (born, expected, visited)
        for pk, born, expected, visited in queryset.order_by().values_list(
            "pk", "date_of_birth", "expected_date_of_birth", "last_visit_at__date"
        )
    }


def _household_members(chunk: list[int]) -> list[tuple[int, int]]:
    """(household, child) for every member of the households of these children. One query: on
    PostgreSQL the households are an array worked out first, so both steps use an index (as a join or
    `IN (subquery)` the planner read the whole membership table)."""
    through = Household.children.through
    connection = connections[through.objects.db]
    if connection.vendor != "postgresql":
        mine = through.objects.filter(child_id__any=set(chunk)).values("household_id")
        return list(through.objects.filter(household_id__in=mine).values_list("household_id", "child_id"))
    table = connection.ops.quote_name(through._meta.db_table)
    sql = (
        f"SELECT household_id, child_id FROM {table} WHERE household_id = ANY(ARRAY("  # noqa: S608
        f"SELECT household_id FROM {table} WHERE child_id = ANY(%s::bigint[])))"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pg_array(chunk)])
        return cursor.fetchall()


def needs_for(
    child_ids,
    *,
    today: datetime.date | None = None,
    config: Configuration | None = None,
    open_kinds: dict | None = None,
    children: dict[int, ChildFacts] | None = None,
) -> dict[int, Need]:
    """Each child's need: eight queries (with the configuration), whatever the number of children up to
    `CHUNK`; one fewer with `open_kinds`, and one fewer with `children` (from `child_facts`, when the
    caller reads the children's rows anyway)."""
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
    rows: dict[int, ChildFacts] = {}
    cp, s47, factors, recorded, households = {}, set(), defaultdict(set), {}, defaultdict(set)
    for chunk in _chunks(ids):
        if children is None:
            rows.update(child_facts(Child.objects.filter(pk__any=set(chunk))))
        # A plan is open only under an open referral (`Referral.close` refuses otherwise), as in
        # `open_kinds_by_child`: asking for the open referral lets the query use its partial index.
        for child_id, category, started in ChildProtectionPlan.objects.filter(
            referral__child_id__any=set(chunk),
            referral__cin_closure_date__isnull=True,
            cpp_end_date__isnull=True,
        ).values_list("referral__child_id", "latest_category_of_abuse", "cpp_start_date"):
            cp[child_id] = (category, started)
        s47.update(
            Section47.objects.filter(
                referral__child_id__any=set(chunk),
                referral__cin_closure_date__isnull=True,
                s47_actual_start_date__gte=recent,
            )
            .order_by()
            .values_list("referral__child_id", flat=True)
        )
        for child_id, codes in (
            Assessment.objects.filter(
                referral__child_id__any=set(chunk),
                referral__cin_closure_date__isnull=True,
                assessment_authorisation_date__isnull=False,
            )
            .order_by()
            .values_list("referral__child_id", "factors")
        ):
            factors[child_id].update(codes or ())
        for child_id, kind in (
            RecordedFactor.objects.filter(
                child_id__any=set(chunk), occurred_on__gte=recent, occurred_on__lte=today
            )
            .order_by()
            .values_list("child_id", "kind")
        ):
            counts = recorded.setdefault(child_id, defaultdict(int))
            counts[kind] += 1
        for household_id, child_id in _household_members(chunk):
            households[household_id].add(child_id)
    if children is not None:
        rows = children
    family_size: dict[int, int] = {}
    family_of: dict[int, list[int]] = defaultdict(list)
    for household_id, members in households.items():
        for child_id in members:
            family_of[child_id].append(household_id)
            family_size[child_id] = max(family_size.get(child_id, 1), len(members))
    tiers = config.tier_list()
    weights, episode_weights = config.weights, config.episode_weights
    a_year_ago = today - datetime.timedelta(days=365)
    # Tier and case weight depend only on the score and the open episodes, which many children share.
    placed: dict[tuple[int, frozenset[str]], tuple[scoring.Tier | None, int]] = {}
    result = {}
    for pk in ids:
        row = rows.get(pk)
        if row is None:
            continue
        born, expected, last = row
        kinds = open_kinds.get(pk, frozenset())
        category, started = cp.get(pk, (None, None))
        found = recorded.get(pk)
        facts = scoring.Facts(
            cp_category=category,
            looked_after="looked-after" in kinds,
            cin_plan="cin-plan" in kinds,
            under_one=(born is not None and born > a_year_ago) or (born is None and expected is not None),
            assessment_factors=frozenset(factors.get(pk, ())),
            children_in_family=family_size.get(pk, 1),
            recent_s47=pk in s47,
            new_cp_plan=started is not None and started >= recent,
            weeks_since_visit=None if last is None else max((today - last).days, 0) // 7,
            recorded=dict(found) if found else {},
        )
        result_score = scoring.score(facts, weights)
        total = result_score.total
        place = placed.get((total, kinds))
        if place is None:
            place = placed[(total, kinds)] = (
                scoring.tier_for(total, kinds, tiers),
                scoring.case_weight(total, kinds, episode_weights),
            )
        tier, weight = place
        result[pk] = Need(
            child_id=pk,
            score=result_score,
            kinds=kinds,
            tier=tier,
            weight=weight,
            last_visit=last,
            household_ids=tuple(sorted(family_of.get(pk, ()))),
            next_visit_due=None if last is None or tier is None else add_working_days(last, tier.interval),
        )
    return result


# --- once per request ------------------------------------------------------------------------------
# One page may ask for needs more than once: my work asks for the visit intervals of its page of
# children (the VISIT_INTERVALS slot) and for the visit nudges of the children the person leads (the
# WORK_ITEMS slot). While a request is being answered, these read-only providers share one
# configuration and one need per child: a child already worked out is not worked out again, and the
# weights are read once. Nothing is kept between requests (the store is emptied when a request starts
# and dropped when it ends), so a score is as fresh as the request that shows it. Writes never read
# through this store.


class _RequestStore(threading.local):
    needs: dict | None = None


_store = _RequestStore()


def start_request(**kwargs) -> None:
    """`request_started` receiver (apps.py): an empty store for the request."""
    _store.needs = {}


def end_request(**kwargs) -> None:
    """`request_finished` receiver (apps.py): nothing outlives the request."""
    _store.needs = None


def _request_store() -> dict | None:
    # Only inside a request the middleware is answering: never for a command, a task or a test that
    # calls the selectors directly.
    if _store.needs is None or current_request_id() is None:
        return None
    return _store.needs


def request_configuration() -> Configuration:
    """`current_configuration()`, read once per request by the read-only providers."""
    store = _request_store()
    if store is None:
        return current_configuration()
    if "config" not in store:
        store["config"] = current_configuration()
    return store["config"]


def request_needs(
    child_ids, *, today: datetime.date, open_kinds: dict | None = None, config: Configuration | None = None
) -> dict[int, Need]:
    """`needs_for` for a read-only provider: inside a request, only the children not yet worked out in
    this request are (a fixed number of queries, none when all are known). `config` is the provider's
    `request_configuration()`."""
    store = _request_store()
    if store is None:
        return needs_for(child_ids, today=today, open_kinds=open_kinds, config=config)
    config = request_configuration()
    known: dict[int, Need | None] = store.setdefault(("needs", today, config.number), {})
    ids = {int(pk) for pk in child_ids}
    missing = ids - known.keys()
    if missing:
        found = needs_for(missing, today=today, config=config, open_kinds=open_kinds)
        known.update({pk: found.get(pk) for pk in missing})
    return {pk: known[pk] for pk in sorted(ids) if known[pk] is not None}


def visit_intervals(child_ids, open_kinds) -> dict[int, int]:
    """The provider of `hearth.core.extensions.VISIT_INTERVALS`: each child's tier interval."""
    needs = request_needs(child_ids, today=timezone.localdate(), open_kinds=open_kinds)
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
