"""Demo devolved budgets: for every active unit, this financial year's allocations per category, and
spends for the unit's children in every month so far: most within the worker's authority and paid,
some approved by the consultant or the team manager, a large one approved by two managers, some
refused with a reason, one refunded, and the latest few waiting for approval.

Deterministic (seeded random numbers; dates relative to the day of seeding), synthetic, idempotent (a
unit that has this year's budget already is left alone) and fast: rows are built in memory and written
in bulk. The balance of each category is followed as rows are built, so no budget goes below zero.
Every spend has its chronology entry.
"""

from __future__ import annotations

import datetime
import random
import time

from django.db import transaction
from django.utils import timezone

from hearth.cases.models import ChronologyEntry, EventKind
from hearth.core.roles import UnitRole
from hearth.organisation.models import Membership, Unit
from hearth.people.models import Child

from .models import DEFAULT_LIMITS, Category, EntryKind, LedgerEntry, LimitKey, Spend, SpendStatus, UnitBudget
from .money import financial_year, pounds, year_bounds

ALLOCATIONS = {  # pounds per category for the year
    Category.PRACTICAL_HELP: 4_000,
    Category.TRANSPORT: 2_000,
    Category.HOUSEHOLD_GOODS: 3_000,
    Category.ACTIVITIES: 1_500,
    Category.EMERGENCY_SUBSISTENCE: 2_000,
    Category.CONTACT_COSTS: 1_500,
}
PURPOSES = {
    Category.PRACTICAL_HELP: [
        "Gas meter top-up",
        "Electricity key top-up",
        "Launderette for a week",
        "Nappies and wipes",
    ],
    Category.TRANSPORT: [
        "Bus passes for school",
        "Train fares to a hospital appointment",
        "Taxi to a family court hearing",
    ],
    Category.HOUSEHOLD_GOODS: [
        "A bed for the eldest",
        "A second-hand washing machine",
        "Bedding and towels",
        "A cooker",
    ],
    Category.ACTIVITIES: [
        "Swimming lessons",
        "Football club fees",
        "A half-term holiday club",
        "Music lessons",
    ],
    Category.EMERGENCY_SUBSISTENCE: [
        "Food until benefits are paid",
        "Supermarket vouchers for the week",
        "Baby formula",
    ],
    Category.CONTACT_COSTS: [
        "Lunch at a contact session",
        "Fares for grandmother to visit",
        "Contact centre room hire",
    ],
}
REFUSALS = [
    "Ask the school's hardship fund first",
    "The charity grant covers this: apply there",
    "Not enough detail: say what it buys and how it helps, and ask again",
]
SMALL_ROLES = {
    UnitRole.SOCIAL_WORKER,
    UnitRole.CHILD_PRACTITIONER,
    UnitRole.FAMILY_SUPPORT_WORKER,
    UnitRole.UNIT_COORDINATOR,
    UnitRole.CONSULTANT_SOCIAL_WORKER,
}
RECENT_DAYS = 10  # spends asked for in the last ten days may still be waiting or unpaid


def seed(scale: str, password: str) -> str:
    started = time.perf_counter()
    with transaction.atomic():
        counts = _seed()
    return (
        f"{counts['budgets']} budgets, {counts['spends']} spends and {counts['entries']} ledger entries "
        f"created in {time.perf_counter() - started:.1f} s"
    )


class _Plan:
    def __init__(self, now):
        self.now = now
        self.spends: list[Spend] = []
        self.entries: list[tuple[Spend | None, LedgerEntry]] = []
        self.chronology: list[tuple[Spend, ChronologyEntry]] = []

    def entry(self, budget, kind, category, amount, at, by, spend=None, note=""):
        self.entries.append(
            (
                spend,
                LedgerEntry(
                    budget=budget,
                    kind=kind,
                    category=category,
                    amount_pence=amount,
                    created_by_id=by,
                    created_at=min(at, self.now),
                    note=note[:300],
                ),
            )
        )


def _seed() -> dict[str, int]:  # noqa: C901 - one pass over the units, building rows in memory
    now = timezone.now()
    today = timezone.localdate()
    year = financial_year(today)
    start, _ = year_bounds(year)
    counts = {"budgets": 0, "spends": 0, "entries": 0}
    done = set(UnitBudget.objects.filter(year=year).values_list("unit_id", flat=True))
    units = [
        u for u in Unit.objects.active().select_related("service_area").order_by("pk") if u.pk not in done
    ]
    if not units:
        return counts
    unit_ids = [u.pk for u in units]
    children: dict[int, list[int]] = {u: [] for u in unit_ids}
    for pk, unit_id in (
        Child.objects.filter(allocated_unit_id__in=unit_ids, restriction="")
        .order_by("pk")
        .values_list("pk", "allocated_unit_id")
    ):
        children[unit_id].append(pk)
    members: dict[int, list[tuple[int, str]]] = {u: [] for u in unit_ids}
    for unit_id, user_id, role in (
        Membership.objects.current()
        .filter(unit_id__in=unit_ids)
        .order_by("unit_id", "user_id")
        .values_list("unit_id", "user_id", "role")
    ):
        members[unit_id].append((user_id, role))

    budgets = UnitBudget.objects.bulk_create([UnitBudget(unit=u, year=year, created_at=now) for u in units])
    counts["budgets"] = len(budgets)
    budget_of = {b.unit_id: b for b in budgets}
    rng = random.Random(f"hearth-demo-budgets-{year}")  # noqa: S311
    plan = _Plan(now)
    months = []
    day = start
    while day <= today:
        months.append(day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)

    def moment(first_day: datetime.date) -> datetime.datetime:
        last = min(
            today,
            (first_day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            - datetime.timedelta(days=1),
        )
        chosen = first_day + datetime.timedelta(days=rng.randint(0, (last - first_day).days))
        at = timezone.make_aware(
            datetime.datetime.combine(chosen, datetime.time(rng.randint(9, 16), rng.choice([0, 15, 30, 45])))
        )
        return min(at, now - datetime.timedelta(minutes=rng.randint(5, 600)))

    for unit in units:
        budget = budget_of[unit.pk]
        allocation_by = unit.service_area.head_of_service_id
        available = {}
        allocated_at = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9, 0)))
        for category, amount in ALLOCATIONS.items():
            pence = amount * 100
            available[category] = pence
            plan.entry(
                budget,
                EntryKind.ALLOCATION,
                category,
                pence,
                allocated_at,
                allocation_by,
                note="Yearly budget",
            )
        kids, people = children[unit.pk], members[unit.pk]
        if not kids or not people:
            continue
        consultant = next((u for u, r in people if r == UnitRole.CONSULTANT_SOCIAL_WORKER), None)
        spenders = [u for u, r in people if r in SMALL_ROLES] or [people[0][0]]
        workers = [u for u in spenders if u != consultant] or spenders
        manager = unit.manager_id
        service_manager, head = unit.service_area.service_manager_id, unit.service_area.head_of_service_id

        def add(  # noqa: PLR0913 - one spend's facts
            at,
            by,
            child,
            category,
            amount,
            status,
            needs=0,
            approvers=(),
            reason="",
            *,
            budget=budget,
            available=available,
            manager=manager,
        ):
            if amount > available[category]:
                return None
            available[category] -= amount
            s = Spend(
                budget=budget,
                child_id=child,
                category=category,
                purpose=rng.choice(PURPOSES[category]),
                amount_pence=amount,
                status=status,
                approvals_needed=needs,
                requested_by_id=by,
                requested_at=at,
            )
            decided = min(at + datetime.timedelta(days=rng.randint(0, 2), hours=2), now)
            if approvers:
                s.first_approver_id, s.first_approved_at = approvers[0], decided
            if len(approvers) > 1:
                s.second_approver_id, s.second_approved_at = approvers[1], decided
            plan.spends.append(s)
            plan.entry(budget, EntryKind.COMMITMENT, category, amount, at, by, s, s.purpose)
            if status == SpendStatus.REFUSED:
                s.closed_by_id, s.closed_at, s.closed_reason = (
                    approvers[0] if approvers else manager,
                    decided,
                    reason,
                )
                s.first_approver_id = s.first_approved_at = None
                plan.entry(
                    budget,
                    EntryKind.RELEASE,
                    category,
                    amount,
                    decided,
                    s.closed_by_id,
                    s,
                    f"Refused: {reason}",
                )
                available[category] += amount
            if status in (SpendStatus.PAID, SpendStatus.REFUNDED):
                paid_at = min(decided + datetime.timedelta(days=rng.randint(1, 5)), now)
                s.paid_by_id, s.paid_at = by, paid_at
                plan.entry(budget, EntryKind.PAYMENT, category, amount, paid_at, by, s)
                if status == SpendStatus.REFUNDED:
                    s.refunded_at = min(paid_at + datetime.timedelta(days=3), now)
                    s.refunded_by_id, s.refund_reason = by, "The shop took it back"
                    plan.entry(
                        budget, EntryKind.REFUND, category, amount, s.refunded_at, by, s, s.refund_reason
                    )
                    available[category] += amount
            label = s.get_category_display().lower()
            plan.chronology.append(
                (
                    s,
                    ChronologyEntry(
                        child_id=child,
                        occurred_at=at,
                        kind=EventKind.SPEND,
                        title=f"Spend of {pounds(amount)} for {label} recorded ({s.get_status_display().lower()})",
                        summary=s.purpose,
                        source_type="budgets.spend",
                    ),
                )
            )
            return s

        refunded = False
        for first_day in months:
            for _ in range(rng.randint(2, 4)):
                at = moment(first_day)
                recent = (now - at).days < RECENT_DAYS
                child, category = rng.choice(kids), rng.choice(list(ALLOCATIONS))
                roll = rng.random()
                if roll < 0.7 or manager is None:  # within the worker's own authority
                    by = rng.choice(spenders)
                    limit = DEFAULT_LIMITS[
                        LimitKey.CONSULTANT_SOCIAL_WORKER if by == consultant else LimitKey.SOCIAL_WORKER
                    ]
                    amount = rng.randint(5, limit // 100) * 100 + rng.choice([0, 0, 50, 99])
                    amount = min(amount, limit)
                    status = SpendStatus.APPROVED if recent else SpendStatus.PAID
                    if status == SpendStatus.PAID and not refunded and rng.random() < 0.2:
                        status, refunded = SpendStatus.REFUNDED, True
                    add(at, by, child, category, amount, status)
                else:  # above it: the consultant (to £250) or the team manager (to £1,000) decides
                    by = rng.choice(workers)
                    amount = rng.randint(60, 900) * 100
                    approver = consultant if amount <= 250_00 and consultant and consultant != by else manager
                    if recent:
                        add(at, by, child, category, amount, SpendStatus.WAITING, needs=1)
                    elif rng.random() < 0.15:
                        add(
                            at,
                            by,
                            child,
                            category,
                            amount,
                            SpendStatus.REFUSED,
                            needs=1,
                            approvers=(approver,),
                            reason=rng.choice(REFUSALS),
                        )
                    else:
                        add(at, by, child, category, amount, SpendStatus.PAID, needs=1, approvers=(approver,))
        # A large spend needing two approvers: one paid early in the year, one waiting now.
        if service_manager and head and len(months) > 1:
            add(
                moment(months[0]),
                rng.choice(workers),
                rng.choice(kids),
                Category.HOUSEHOLD_GOODS,
                1_250_00,
                SpendStatus.PAID,
                2,
                (service_manager, head),
            )
        if service_manager:
            add(
                now - datetime.timedelta(days=1, hours=rng.randint(0, 12)),
                rng.choice(workers),
                rng.choice(kids),
                Category.PRACTICAL_HELP,
                1_100_00,
                SpendStatus.WAITING,
                2,
                (service_manager,),
            )

    Spend.objects.bulk_create(plan.spends, batch_size=1000)
    entries = []
    for spend, entry in plan.entries:
        if spend is not None:
            entry.spend_id = spend.pk
        entries.append(entry)
    LedgerEntry.objects.bulk_create(entries, batch_size=2000)
    for spend, row in plan.chronology:
        row.source_id = spend.pk
    ChronologyEntry.objects.bulk_create([row for _, row in plan.chronology], batch_size=2000)
    counts["spends"], counts["entries"] = len(plan.spends), len(entries)
    return counts
