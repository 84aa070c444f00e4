"""Named permissions for devolved budgets.

- Members of a unit record spends for the unit's children.
- The unit's line managers (team manager, service manager, head of service) and its consultant social
  worker approve spends within their delegated authority; the director approves any unit's. Nobody
  approves their own request.
- Members and line managers see the unit's budget; the director and performance analysts read every
  unit's budget.
- The director and heads of service set budgets (allocations and transfers, heads of service for the
  units of their service areas) and the delegated authority of each role: they stand in for the
  authority's finance role.
- System administrators and workforce leads have no part in budgets (403), nor do the principal social
  worker and quality lead, who hold no unit.

Called without an object (`@permission_required`), a rule answers whether the person's role could ever
allow it; views then check the object with `require(user, Perm.X, obj)`.
"""

from __future__ import annotations

from enum import StrEnum

import rules

from hearth.core.roles import OrgRole, UnitRole


class Perm(StrEnum):
    VIEW_BUDGETS = "budgets.view_budgets"
    VIEW_UNIT_BUDGET = "budgets.view_unit_budget"
    RECORD_SPEND = "budgets.record_spend"
    APPROVE_SPENDS = "budgets.approve_spends"
    APPROVE_SPEND = "budgets.approve_spend"
    HANDLE_SPEND = "budgets.handle_spend"
    CANCEL_SPEND = "budgets.cancel_spend"
    SET_BUDGETS = "budgets.set_budgets"
    SET_AUTHORITY = "budgets.set_authority"


NO_BUDGET_ROLES = {OrgRole.SYSTEM_ADMINISTRATOR, OrgRole.WORKFORCE_LEAD}
READ_ALL_ROLES = {OrgRole.DIRECTOR, OrgRole.PERFORMANCE_ANALYST}
LINE_MANAGER_ROLES = {OrgRole.TEAM_MANAGER, OrgRole.SERVICE_MANAGER, OrgRole.HEAD_OF_SERVICE}
APPROVER_ORG_ROLES = {*LINE_MANAGER_ROLES, OrgRole.DIRECTOR}
SETTER_ROLES = {OrgRole.DIRECTOR, OrgRole.HEAD_OF_SERVICE}


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.org_role not in NO_BUDGET_ROLES)


def consultant_unit_ids(user) -> set[int]:
    return {u for u, role in user.unit_roles.items() if role == UnitRole.CONSULTANT_SOCIAL_WORKER}


def approver_unit_ids(user) -> set[int] | None:
    """Units whose spends the person may approve (None: every unit, for the director)."""
    if not _active(user):
        return set()
    if user.org_role == OrgRole.DIRECTOR:
        return None
    units = consultant_unit_ids(user)
    if user.org_role in LINE_MANAGER_ROLES:
        units |= set(user.managed_unit_ids)
    return units


def can_approve_in(user, unit_id: int) -> bool:
    units = approver_unit_ids(user)
    return units is None or unit_id in units


@rules.predicate
def sees_budgets(user) -> bool:
    if not _active(user):
        return False
    return user.org_role in READ_ALL_ROLES or user.org_role in LINE_MANAGER_ROLES or bool(user.unit_ids)


@rules.predicate
def sees_unit_budget(user, unit) -> bool:
    if not sees_budgets(user):
        return False
    if unit is None or user.org_role in READ_ALL_ROLES:
        return True
    return unit.pk in user.reach_unit_ids


@rules.predicate
def records_spends(user, child) -> bool:
    if not _active(user):
        return False
    if child is None:
        return bool(user.unit_ids)
    return child.allocated_unit_id is not None and child.allocated_unit_id in user.unit_ids


@rules.predicate
def approves_spends(user) -> bool:
    if not _active(user):
        return False
    return user.org_role in APPROVER_ORG_ROLES or bool(consultant_unit_ids(user))


@rules.predicate
def approves_spend(user, spend) -> bool:
    """An approver of the spend's unit who did not ask for it (authority is checked by the service)."""
    if not approves_spends(user):
        return False
    if spend is None:
        return True
    return spend.requested_by_id != user.pk and can_approve_in(user, spend.budget.unit_id)


@rules.predicate
def handles_spend(user, spend) -> bool:
    """Record a payment or a refund: members and line managers of the unit (not read-only roles)."""
    if not _active(user):
        return False
    if spend is None:
        return bool(user.unit_ids) or user.org_role in LINE_MANAGER_ROLES
    return spend.budget.unit_id in user.reach_unit_ids


@rules.predicate
def cancels_spend(user, spend) -> bool:
    """The person who asked for it, or the unit's line managers."""
    if not _active(user):
        return False
    if spend is None:
        return bool(user.unit_ids) or user.org_role in LINE_MANAGER_ROLES
    return spend.requested_by_id == user.pk or spend.budget.unit_id in user.managed_unit_ids


@rules.predicate
def sets_budgets(user, unit) -> bool:
    if not _active(user) or user.org_role not in SETTER_ROLES:
        return False
    if unit is None or user.org_role == OrgRole.DIRECTOR:
        return True
    return unit.pk in user.managed_unit_ids


@rules.predicate
def sets_authority(user) -> bool:
    return _active(user) and user.org_role in SETTER_ROLES


rules.add_perm(Perm.VIEW_BUDGETS, sees_budgets)
rules.add_perm(Perm.VIEW_UNIT_BUDGET, sees_unit_budget)
rules.add_perm(Perm.RECORD_SPEND, records_spends)
rules.add_perm(Perm.APPROVE_SPENDS, approves_spends)
rules.add_perm(Perm.APPROVE_SPEND, approves_spend)
rules.add_perm(Perm.HANDLE_SPEND, handles_spend)
rules.add_perm(Perm.CANCEL_SPEND, cancels_spend)
rules.add_perm(Perm.SET_BUDGETS, sets_budgets)
rules.add_perm(Perm.SET_AUTHORITY, sets_authority)
