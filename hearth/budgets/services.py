"""Writes for devolved budgets: one atomic function per thing a person does.

Every money movement locks the unit-year budget row first (`SELECT ... FOR UPDATE` on PostgreSQL; on
SQLite every transaction begins IMMEDIATE, so writers queue one at a time), then sums the ledger and
inserts. Nothing can come between the sum and the insert, so the available balance of a category never
goes below zero however many people spend at once (docs/adr/0008-budget-ledger-and-concurrency.md).
Every movement writes an audit row (who, what, when, why) and, for a child, a chronology entry.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hearth.cases.models import EventKind
from hearth.cases.services.chronology import add_to_chronology
from hearth.core.models import AuditLog
from hearth.core.roles import OrgRole

from . import selectors
from .models import (
    Category,
    EntryKind,
    LedgerEntry,
    LimitKey,
    Spend,
    SpendStatus,
    UnitBudget,
)
from .money import financial_year, pounds, year_label
from .permissions import LINE_MANAGER_ROLES, can_approve_in, consultant_unit_ids


class BudgetError(Exception):
    """A money movement that cannot happen, with a message for the person who tried."""


class NotEnoughMoney(BudgetError):
    pass


# --- delegated authority ---------------------------------------------------------------------


def own_authority(user, unit_id: int, limits: dict[str, int]) -> int:
    """What the person may spend in the unit without anyone's approval: their unit role's limit."""
    role = user.unit_roles.get(unit_id)
    return limits.get(role, 0) if role else 0


def approving_authority(user, unit_id: int, limits: dict[str, int]) -> int:
    """The most the person may approve in the unit (0 when they may not approve there)."""
    if not can_approve_in(user, unit_id):
        return 0
    amounts = []
    if unit_id in consultant_unit_ids(user):
        amounts.append(limits[LimitKey.CONSULTANT_SOCIAL_WORKER])
    if user.org_role == OrgRole.DIRECTOR or (
        user.org_role in LINE_MANAGER_ROLES and unit_id in user.managed_unit_ids
    ):
        amounts.append(limits[user.org_role])
    return max(amounts, default=0)


def highest_approver_limit(limits: dict[str, int]) -> int:
    keys = [
        LimitKey.CONSULTANT_SOCIAL_WORKER,
        LimitKey.TEAM_MANAGER,
        LimitKey.SERVICE_MANAGER,
        LimitKey.HEAD_OF_SERVICE,
        LimitKey.DIRECTOR,
    ]
    return max(limits[k] for k in keys)


def approvals_needed(amount_pence: int, own_limit: int, limits: dict[str, int]) -> int:
    if amount_pence > limits[LimitKey.TWO_APPROVERS]:
        return 2
    return 0 if amount_pence <= own_limit else 1


@transaction.atomic
def change_limits(*, by, limits: dict[str, int], reason: str, request=None) -> list:
    """Append a setting for each limit that changed. Returns the keys changed."""
    from .models import AuthorityLimit

    current = selectors.current_limits()
    changed = [key for key, value in limits.items() if key in LimitKey.values and current.get(key) != value]
    if not changed:
        return []
    now = timezone.now()
    AuthorityLimit.objects.bulk_create(
        [
            AuthorityLimit(key=key, limit_pence=limits[key], changed_by=by, changed_at=now, reason=reason)
            for key in changed
        ]
    )
    detail = "; ".join(
        f"{LimitKey(k).label}: {pounds(current.get(k))} to {pounds(limits[k])}" for k in changed
    )
    AuditLog.record(
        actor=by, action="budgets.authority.change", reason=reason, request=request, detail=detail
    )
    return changed


# --- budgets: allocations and transfers ------------------------------------------------------


def _lock_budget(unit_id: int, year: int) -> UnitBudget | None:
    """The unit-year budget row, locked until the transaction ends (PostgreSQL; SQLite is IMMEDIATE)."""
    return UnitBudget.objects.select_for_update().filter(unit_id=unit_id, year=year).first()


def _lock_or_create_budget(unit, year: int) -> UnitBudget:
    budget = _lock_budget(unit.pk, year)
    if budget is None:
        UnitBudget.objects.get_or_create(unit=unit, year=year)
        budget = _lock_budget(unit.pk, year)
    return budget


def _check_amount(amount_pence: int) -> None:
    if not isinstance(amount_pence, int) or isinstance(amount_pence, bool) or amount_pence <= 0:
        raise BudgetError("Enter an amount more than £0")


def _check_category(category: str) -> None:
    if category not in Category.values:
        raise BudgetError("Select a category")


@transaction.atomic
def allocate(*, by, unit, year: int, category: str, amount_pence: int, reason: str = "", request=None):
    """Add to a unit's yearly allocation for a category (finance's part: the director or head of service)."""
    _check_amount(amount_pence)
    _check_category(category)
    budget = _lock_or_create_budget(unit, year)
    entry = LedgerEntry.objects.create(
        budget=budget,
        kind=EntryKind.ALLOCATION,
        category=category,
        amount_pence=amount_pence,
        created_by=by,
        note=reason[:300],
    )
    AuditLog.record(
        actor=by,
        action="budgets.allocate",
        obj=entry,
        reason=reason,
        request=request,
        detail=f"{unit.code} {year_label(year)} {category} +{pounds(amount_pence)}",
    )
    return entry


@transaction.atomic
def transfer(
    *, by, from_unit, to_unit, year: int, category: str, amount_pence: int, reason: str, request=None
):
    """Move money between two units' budgets for the same year and category. Never below zero."""
    _check_amount(amount_pence)
    _check_category(category)
    if from_unit.pk == to_unit.pk:
        raise BudgetError("Choose a different unit to transfer to")
    if not reason.strip():
        raise BudgetError("Enter why the money is moving")
    # Lock both rows, always in the same order, so that two opposite transfers cannot deadlock.
    budgets = {}
    for unit in sorted([from_unit, to_unit], key=lambda u: u.pk):
        budgets[unit.pk] = _lock_or_create_budget(unit, year)
    source, target = budgets[from_unit.pk], budgets[to_unit.pk]
    available = selectors.available_in(source, category)
    if amount_pence > available:
        raise NotEnoughMoney(
            f"{from_unit} has {pounds(available)} left for {Category(category).label.lower()}: "
            f"it cannot give {pounds(amount_pence)}"
        )
    out = LedgerEntry.objects.create(
        budget=source,
        kind=EntryKind.TRANSFER_OUT,
        category=category,
        amount_pence=amount_pence,
        counterpart=to_unit,
        created_by=by,
        note=reason[:300],
    )
    LedgerEntry.objects.create(
        budget=target,
        kind=EntryKind.TRANSFER_IN,
        category=category,
        amount_pence=amount_pence,
        counterpart=from_unit,
        created_by=by,
        note=reason[:300],
    )
    AuditLog.record(
        actor=by,
        action="budgets.transfer",
        obj=out,
        reason=reason,
        request=request,
        detail=f"{from_unit.code} to {to_unit.code} {year_label(year)} {category} {pounds(amount_pence)}",
    )
    return out


# --- spends ----------------------------------------------------------------------------------


def _spend_audit(by, spend, action: str, reason: str = "", request=None, detail: str = "") -> None:
    AuditLog.record(
        actor=by,
        action=f"budgets.spend.{action}",
        obj=spend,
        child_id=spend.child_id,
        reason=reason,
        request=request,
        detail=detail or f"{pounds(spend.amount_pence)} {spend.category}",
    )


def _chronology(spend, title: str, summary: str = "") -> None:
    add_to_chronology(
        children=[spend.child_id],
        occurred_at=timezone.now(),
        kind=EventKind.SPEND,
        title=title,
        summary=summary or spend.purpose,
        source=spend,
    )


@transaction.atomic
def record_spend(*, by, child, category: str, amount_pence: int, purpose: str, request=None) -> Spend:
    """A unit member spends for a child of the unit. The money is committed at once (so the balance can
    never be promised twice); the spend is approved at once within the person's delegated authority,
    or waits for one or two approvers. Raises NotEnoughMoney (nothing written) when it does not fit."""
    _check_amount(amount_pence)
    _check_category(category)
    purpose = (purpose or "").strip()
    if not purpose:
        raise BudgetError("Enter what the money is for")
    unit_id = child.allocated_unit_id
    if unit_id is None or unit_id not in by.unit_ids:
        raise BudgetError("Only members of the child's unit can record a spend for them")
    year = financial_year(timezone.localdate())
    budget = _lock_budget(unit_id, year)
    if budget is None:
        raise BudgetError(f"The unit has no budget for {year_label(year)} yet. Ask your head of service")
    limits = selectors.current_limits()
    if amount_pence > highest_approver_limit(limits):
        raise BudgetError(
            f"{pounds(amount_pence)} is more than anyone's delegated authority "
            f"({pounds(highest_approver_limit(limits))}). Ask finance to arrange it"
        )
    available = selectors.available_in(budget, category)
    label = Category(category).label.lower()
    if amount_pence > available:
        raise NotEnoughMoney(
            f"There is not enough left in the unit's budget for {label}: {pounds(available)} is available "
            f"and this spend is {pounds(amount_pence)}. Nothing has been recorded"
        )
    needed = approvals_needed(amount_pence, own_authority(by, unit_id, limits), limits)
    now = timezone.now()
    spend = Spend.objects.create(
        budget=budget,
        child=child,
        category=category,
        purpose=purpose[:300],
        amount_pence=amount_pence,
        status=SpendStatus.APPROVED if needed == 0 else SpendStatus.WAITING,
        approvals_needed=needed,
        requested_by=by,
        requested_at=now,
    )
    LedgerEntry.objects.create(
        budget=budget,
        kind=EntryKind.COMMITMENT,
        category=category,
        amount_pence=amount_pence,
        spend=spend,
        created_by=by,
        created_at=now,
        note=purpose[:300],
    )
    state = "approved at once" if needed == 0 else f"waiting for {needed} approver{'s' if needed > 1 else ''}"
    _spend_audit(
        by,
        spend,
        "record",
        reason=purpose,
        request=request,
        detail=f"{pounds(amount_pence)} {category}, {state}",
    )
    _chronology(spend, f"Spend of {pounds(amount_pence)} for {label} recorded ({state})")
    return spend


def _locked_spend(spend_id: int) -> Spend:
    spend = (
        Spend.objects.select_for_update().filter(pk=spend_id).select_related("budget", "budget__unit").first()
    )
    if spend is None:
        raise BudgetError("No spend found")
    return spend


@transaction.atomic
def approve_spend(*, by, spend_id: int, request=None) -> Spend:
    spend = _locked_spend(spend_id)
    if spend.status != SpendStatus.WAITING:
        raise BudgetError(
            f"This spend is {spend.get_status_display().lower()}: it is not waiting for approval"
        )
    if spend.requested_by_id == by.pk:
        raise BudgetError("You cannot approve your own request")
    if spend.first_approver_id == by.pk:
        raise BudgetError("You have approved this spend already. A second, different approver is needed")
    limits = selectors.current_limits()
    authority = approving_authority(by, spend.budget.unit_id, limits)
    if authority == 0:
        raise BudgetError("You cannot approve spends for this unit")
    if spend.amount_pence > authority:
        raise BudgetError(
            f"This spend of {spend.amount} is above your delegated authority of {pounds(authority)}"
        )
    now = timezone.now()
    if spend.first_approver_id is None:
        spend.first_approver, spend.first_approved_at = by, now
    else:
        spend.second_approver, spend.second_approved_at = by, now
    done = spend.approvals_given >= spend.approvals_needed
    if done:
        spend.status = SpendStatus.APPROVED
    spend.save()
    _spend_audit(
        by,
        spend,
        "approve",
        request=request,
        detail=f"{spend.amount}, approval {spend.approvals_given} of {spend.approvals_needed}",
    )
    if done:
        _chronology(spend, f"Spend of {spend.amount} for {spend.get_category_display().lower()} approved")
    return spend


def _release(spend, by, note: str) -> None:
    LedgerEntry.objects.create(
        budget=spend.budget,
        kind=EntryKind.RELEASE,
        category=spend.category,
        amount_pence=spend.amount_pence,
        spend=spend,
        created_by=by,
        note=note[:300],
    )


@transaction.atomic
def refuse_spend(*, by, spend_id: int, reason: str, request=None) -> Spend:
    reason = (reason or "").strip()
    if not reason:
        raise BudgetError("Enter why you are refusing this spend")
    spend = _locked_spend(spend_id)
    if spend.status != SpendStatus.WAITING:
        raise BudgetError(
            f"This spend is {spend.get_status_display().lower()}: it is not waiting for approval"
        )
    if spend.requested_by_id == by.pk:
        raise BudgetError("You cannot decide on your own request. Cancel it instead")
    if approving_authority(by, spend.budget.unit_id, selectors.current_limits()) == 0:
        raise BudgetError("You cannot decide on spends for this unit")
    _lock_budget(spend.budget.unit_id, spend.budget.year)
    spend.status, spend.closed_by, spend.closed_at, spend.closed_reason = (
        SpendStatus.REFUSED,
        by,
        timezone.now(),
        reason,
    )
    spend.save()
    _release(spend, by, f"Refused: {reason}")
    _spend_audit(by, spend, "refuse", reason=reason, request=request)
    _chronology(spend, f"Spend of {spend.amount} refused", summary=f"{spend.purpose}. Reason: {reason}")
    return spend


@transaction.atomic
def cancel_spend(*, by, spend_id: int, reason: str = "", request=None) -> Spend:
    spend = _locked_spend(spend_id)
    if spend.status not in (SpendStatus.WAITING, SpendStatus.APPROVED):
        raise BudgetError(f"This spend is {spend.get_status_display().lower()}: it cannot be cancelled")
    _lock_budget(spend.budget.unit_id, spend.budget.year)
    spend.status, spend.closed_by, spend.closed_at = SpendStatus.CANCELLED, by, timezone.now()
    spend.closed_reason = reason.strip()
    spend.save()
    _release(spend, by, f"Cancelled: {reason}" if reason else "Cancelled")
    _spend_audit(by, spend, "cancel", reason=reason, request=request)
    _chronology(spend, f"Spend of {spend.amount} cancelled")
    return spend


@transaction.atomic
def mark_paid(*, by, spend_id: int, request=None) -> Spend:
    spend = _locked_spend(spend_id)
    if spend.status != SpendStatus.APPROVED:
        raise BudgetError(
            f"Only an approved spend can be paid. This one is {spend.get_status_display().lower()}"
        )
    _lock_budget(spend.budget.unit_id, spend.budget.year)
    spend.status, spend.paid_by, spend.paid_at = SpendStatus.PAID, by, timezone.now()
    spend.save()
    LedgerEntry.objects.create(
        budget=spend.budget,
        kind=EntryKind.PAYMENT,
        category=spend.category,
        amount_pence=spend.amount_pence,
        spend=spend,
        created_by=by,
    )
    _spend_audit(by, spend, "pay", request=request)
    _chronology(spend, f"Spend of {spend.amount} paid")
    return spend


@transaction.atomic
def refund_spend(*, by, spend_id: int, reason: str, request=None) -> Spend:
    reason = (reason or "").strip()
    if not reason:
        raise BudgetError("Enter why the money came back")
    spend = _locked_spend(spend_id)
    if spend.status != SpendStatus.PAID:
        raise BudgetError(
            f"Only a paid spend can be refunded. This one is {spend.get_status_display().lower()}"
        )
    _lock_budget(spend.budget.unit_id, spend.budget.year)
    spend.status, spend.refunded_by, spend.refunded_at, spend.refund_reason = (
        SpendStatus.REFUNDED,
        by,
        timezone.now(),
        reason,
    )
    spend.save()
    LedgerEntry.objects.create(
        budget=spend.budget,
        kind=EntryKind.REFUND,
        category=spend.category,
        amount_pence=spend.amount_pence,
        spend=spend,
        created_by=by,
        note=reason[:300],
    )
    _spend_audit(by, spend, "refund", reason=reason, request=request)
    _chronology(spend, f"Spend of {spend.amount} refunded", summary=f"{spend.purpose}. Reason: {reason}")
    return spend


def record_budget_viewed(*, by, unit, request=None, what: str = "view") -> None:
    AuditLog.record(actor=by, action=f"budgets.unit.{what}", obj=unit, request=request, detail=unit.code)


def record_spend_viewed(*, by, spend, request=None) -> None:
    _spend_audit(by, spend, "view", request=request)
