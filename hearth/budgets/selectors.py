"""Reads for devolved budgets. Balances are always sums of the ledger, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from hearth.core.roles import OrgRole
from hearth.organisation.models import Unit

from .models import (
    AVAILABLE_SIGN,
    DEFAULT_LIMITS,
    SPENT_STATUSES,
    AuthorityLimit,
    Category,
    EntryKind,
    LedgerEntry,
    LimitKey,
    Spend,
    SpendStatus,
    UnitBudget,
)
from .money import year_bounds
from .permissions import LINE_MANAGER_ROLES, READ_ALL_ROLES, approver_unit_ids, consultant_unit_ids


def current_limits() -> dict[str, int]:
    """Delegated authority in force: the newest setting per key, defaults for keys never set. One query."""
    limits = dict(DEFAULT_LIMITS)
    seen = set()
    for key, limit in AuthorityLimit.objects.order_by("-changed_at", "-id").values_list("key", "limit_pence"):
        if key not in seen:
            seen.add(key)
            limits[key] = limit
    return limits


def available_in(budget: UnitBudget, category: str) -> int:
    """Money still free to commit in one category of a budget, from the ledger. One query."""
    totals = dict(
        LedgerEntry.objects.filter(budget=budget, category=category)
        .values_list("kind")
        .annotate(total=Sum("amount_pence"))
        .values_list("kind", "total")
    )
    return sum(AVAILABLE_SIGN[EntryKind(kind)] * total for kind, total in totals.items())


@dataclass
class Totals:
    allocated: int = 0  # allocations and transfers in, less transfers out
    committed: int = 0  # approved or waiting, not yet paid
    paid: int = 0  # paid, less refunds
    available: int = 0

    @property
    def spent(self) -> int:
        return self.committed + self.paid

    def add(self, kind: str, amount: int) -> None:
        if kind == EntryKind.ALLOCATION or kind == EntryKind.TRANSFER_IN:
            self.allocated += amount
        elif kind == EntryKind.TRANSFER_OUT:
            self.allocated -= amount
        elif kind == EntryKind.COMMITMENT:
            self.committed += amount
        elif kind == EntryKind.RELEASE:
            self.committed -= amount
        elif kind == EntryKind.PAYMENT:
            self.committed -= amount
            self.paid += amount
        elif kind == EntryKind.REFUND:
            self.paid -= amount
        self.available += AVAILABLE_SIGN[EntryKind(kind)] * amount


@dataclass
class BudgetSummary:
    budget: UnitBudget | None
    total: Totals = field(default_factory=Totals)
    by_category: dict[str, Totals] = field(default_factory=dict)
    waiting_pence: int = 0
    waiting_count: int = 0


def summary(budget: UnitBudget | None) -> BudgetSummary:
    """Totals of a budget, overall and per category. Two queries."""
    result = BudgetSummary(budget, by_category={c.value: Totals() for c in Category})
    if budget is None:
        return result
    rows = (
        LedgerEntry.objects.filter(budget=budget)
        .values_list("category", "kind")
        .annotate(total=Sum("amount_pence"))
        .values_list("category", "kind", "total")
        .order_by()
    )
    for category, kind, total in rows:
        result.by_category.setdefault(category, Totals()).add(kind, total)
        result.total.add(kind, total)
    waiting = Spend.objects.filter(budget=budget, status=SpendStatus.WAITING).aggregate(
        total=Sum("amount_pence"), count=Count("id")
    )
    result.waiting_pence, result.waiting_count = waiting["total"] or 0, waiting["count"]
    return result


def budget_for(unit, year: int) -> UnitBudget | None:
    return UnitBudget.objects.filter(unit=unit, year=year).first()


def years_of(unit) -> list[int]:
    return list(UnitBudget.objects.filter(unit=unit).order_by("-year").values_list("year", flat=True))


def spend_by_month(budget: UnitBudget | None) -> list[tuple[datetime.date, int]]:
    """Money spent (committed, less releases and refunds) in each month of the financial year. One query."""
    start, _ = year_bounds(budget.year if budget else 2000)
    months = [
        datetime.date(start.year + (start.month + i - 1) // 12, (start.month + i - 1) % 12 + 1, 1)
        for i in range(12)
    ]
    totals = dict.fromkeys(months, 0)
    if budget is None:
        return list(totals.items())
    sign = {EntryKind.COMMITMENT: 1, EntryKind.RELEASE: -1, EntryKind.REFUND: -1}
    rows = (
        LedgerEntry.objects.filter(budget=budget, kind__in=list(sign))
        .annotate(month=TruncMonth("created_at"))
        .values_list("month", "kind")
        .annotate(total=Sum("amount_pence"))
        .values_list("month", "kind", "total")
        .order_by()
    )
    for month, kind, total in rows:
        day = month.date() if isinstance(month, datetime.datetime) else month
        day = day.replace(day=1)
        if day in totals:
            totals[day] += sign[EntryKind(kind)] * total
    return list(totals.items())


def spend_by_child(budget: UnitBudget | None):
    """Children (families) the money went to, most first: a list of dicts. One query."""
    if budget is None:
        return []
    return list(
        Spend.objects.filter(budget=budget, status__in=SPENT_STATUSES)
        .values(
            "child_id", "child__first_name", "child__last_name", "child__la_child_id", "child__restriction"
        )
        .annotate(total=Sum("amount_pence"), count=Count("id"))
        .order_by("-total", "child_id")
    )


def spends_of_budget(budget: UnitBudget | None):
    if budget is None:
        return Spend.objects.none()
    return (
        Spend.objects.filter(budget=budget)
        .select_related("child", "requested_by")
        .order_by("-requested_at", "-id")
    )


def units_for(user):
    """Units whose budgets the person sees, with this year's budget summary built by `overview_rows`."""
    units = Unit.objects.active().select_related("service_area").order_by("service_area__name", "name")
    if user.org_role in READ_ALL_ROLES:
        return units
    return units.filter(pk__in=user.reach_unit_ids)


def overview_rows(units: list, year: int) -> list[dict]:
    """This year's totals for a page of units. One query for budgets, one for the ledger."""
    budgets = {b.unit_id: b for b in UnitBudget.objects.filter(unit__in=units, year=year)}
    totals: dict[int, Totals] = {b.pk: Totals() for b in budgets.values()}
    for budget_id, kind, total in (
        LedgerEntry.objects.filter(budget__in=list(budgets.values()))
        .values_list("budget_id", "kind")
        .annotate(total=Sum("amount_pence"))
        .values_list("budget_id", "kind", "total")
        .order_by()
    ):
        totals[budget_id].add(kind, total)
    rows = []
    for unit in units:
        budget = budgets.get(unit.pk)
        rows.append({"unit": unit, "budget": budget, "totals": totals.get(budget.pk) if budget else None})
    return rows


def approvals_for(user):
    """Spends waiting for this person's approval: in units they approve for, asked for by someone else,
    not approved by them already, and within their authority."""
    units = approver_unit_ids(user)
    if units is not None and not units:
        return Spend.objects.none()
    limits = current_limits()
    qs = (
        Spend.objects.filter(status=SpendStatus.WAITING)
        .exclude(requested_by=user)
        .exclude(first_approver=user)
    )
    if units is None:  # the director
        qs = qs.filter(amount_pence__lte=limits[LimitKey.DIRECTOR])
    else:
        within = Q(pk__in=[])
        consultant = consultant_unit_ids(user)
        if consultant:
            within |= Q(
                budget__unit__in=consultant, amount_pence__lte=limits[LimitKey.CONSULTANT_SOCIAL_WORKER]
            )
        if user.org_role in LINE_MANAGER_ROLES and user.managed_unit_ids:
            within |= Q(budget__unit__in=user.managed_unit_ids, amount_pence__lte=limits[user.org_role])
        qs = qs.filter(within)
    return (
        qs.exclude_restricted_for(user)
        .select_related("child", "requested_by", "budget__unit")
        .order_by("requested_at", "id")
    )


def child_spends(child, limit: int = 5):
    return list(
        Spend.objects.filter(child=child)
        .select_related("budget__unit")
        .order_by("-requested_at", "-id")[:limit]
    )


def spend_for_page(user, spend_id: int) -> Spend | None:
    return (
        Spend.objects.visible_to(user)
        .select_related(
            "budget__unit",
            "child",
            "requested_by",
            "first_approver",
            "second_approver",
            "closed_by",
            "paid_by",
            "refunded_by",
        )
        .filter(pk=spend_id)
        .first()
    )


def ledger_of_spend(spend):
    return list(spend.entries.select_related("created_by").order_by("created_at", "id"))


def ledger_for_export(budget: UnitBudget):
    return (
        LedgerEntry.objects.filter(budget=budget)
        .select_related("spend", "spend__child", "spend__requested_by", "counterpart", "created_by")
        .order_by("created_at", "id")
    )


def authority_history():
    return AuthorityLimit.objects.select_related("changed_by").order_by("-changed_at", "-id")


def transfer_targets(user, unit):
    units = Unit.objects.active().exclude(pk=unit.pk).order_by("name")
    if user.org_role == OrgRole.DIRECTOR:
        return units
    return units.filter(pk__in=user.managed_unit_ids)
