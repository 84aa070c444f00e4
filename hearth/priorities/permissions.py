"""Named permissions for need scores, tiers, caseloads and time.

Scores and their reasons are case data: anyone who can see the child (`Child.objects.visible_to`, checked
by `get_child_or_deny`) sees them. Members and line managers of the child's unit record need factors.
The principal social worker and heads of service change the weights and tiers; others with case
oversight (line managers and authority-wide practice roles) read them. A unit's load: its members and
managers and authority-wide roles. A service's overview: its service manager and head of service, team
managers of its units (their units only) and authority-wide roles. Everyone who holds a unit role or
manages units logs their own time; nobody reads another's entries, managers read their units' totals.
"""

from enum import StrEnum

import rules

from hearth.core.roles import MANAGING_ROLES, OrgRole


class Perm(StrEnum):
    VIEW_NEED = "priorities.view_need"
    RECORD_FACTOR = "priorities.record_factor"
    VIEW_CONFIG = "priorities.view_config"
    CHANGE_CONFIG = "priorities.change_config"
    VIEW_UNIT_LOAD = "priorities.view_unit_load"
    VIEW_OVERVIEW = "priorities.view_overview"
    LOG_TIME = "priorities.log_time"


def _unit_id(obj):
    if obj is None:
        return None
    if hasattr(obj, "allocated_unit_id"):
        return obj.allocated_unit_id
    return obj.pk


@rules.predicate
def has_case_reach(user, obj=None) -> bool:
    """Someone who sees children at all: unit members, line managers, authority-wide roles."""
    return bool(user.reach_unit_ids) or user.has_authority_wide_case_access


@rules.predicate
def works_on_case(user, obj) -> bool:
    if obj is None:
        return bool(user.reach_unit_ids)
    unit_id = _unit_id(obj)
    return unit_id is not None and unit_id in user.reach_unit_ids


@rules.predicate
def has_oversight(user) -> bool:
    return user.org_role in MANAGING_ROLES or user.has_authority_wide_case_access


@rules.predicate
def sets_weights(user) -> bool:
    return user.org_role in {OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.HEAD_OF_SERVICE}


@rules.predicate
def is_authority_wide(user) -> bool:
    return user.has_authority_wide_case_access


@rules.predicate
def manages_in_area(user, area=None) -> bool:
    """A line manager of at least one unit of the service area (without an area: of any unit)."""
    if user.org_role not in MANAGING_ROLES:
        return False
    if area is None:
        return bool(user.managed_unit_ids)
    return area.units.filter(pk__in=list(user.managed_unit_ids)).exists()


@rules.predicate
def logs_time(user) -> bool:
    return bool(user.unit_ids) or user.org_role in MANAGING_ROLES


rules.add_perm(Perm.VIEW_NEED, has_case_reach)
rules.add_perm(Perm.RECORD_FACTOR, works_on_case)
rules.add_perm(Perm.VIEW_CONFIG, has_oversight)
rules.add_perm(Perm.CHANGE_CONFIG, sets_weights)
rules.add_perm(Perm.VIEW_UNIT_LOAD, works_on_case | is_authority_wide)
rules.add_perm(Perm.VIEW_OVERVIEW, manages_in_area | is_authority_wide)
rules.add_perm(Perm.LOG_TIME, logs_time)
