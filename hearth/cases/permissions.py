"""Named permissions for casework.

Reach (which children a person may see at all) is `Child.objects.visible_to(user)`, used through
`hearth.people.access.get_child_or_deny`. These rules decide what a person may do with a child in reach.
Called without a child (`@permission_required(Perm.X)` on a view), a rule answers whether the person's
role could ever allow it; the view then checks the child itself with `require(user, Perm.X, child)`.
"""

from enum import StrEnum

import rules

from hearth.core.roles import MANAGING_ROLES, OrgRole, UnitRole
from hearth.people.permissions import has_authority_wide_reach, is_in_a_unit_or_manages_one, is_restricted_for


class Perm(StrEnum):
    MANAGE_EPISODES = "cases.manage_episodes"
    ALLOCATE = "cases.allocate"
    WRITE_PLAN = "cases.write_plan"
    RECORD_NOTE = "cases.record_note"
    VIEW_MY_WORK = "cases.view_my_work"
    FIND_CHILDREN = "cases.find_children"
    VIEW_UNIT_CASELOAD = "cases.view_unit_caseload"


# --- episodes, allocation and plans ---


@rules.predicate
def works_on_case(user, child) -> bool:
    """A member or line manager of the child's allocated unit (without a child: of any unit)."""
    if child is None:
        return bool(user.reach_unit_ids)
    return child.allocated_unit_id is not None and child.allocated_unit_id in user.reach_unit_ids


def _is_consultant(user, unit_id=None) -> bool:
    """The consultant social worker of the unit (or of any unit), from the person's cached memberships."""
    roles = user.unit_roles
    if unit_id is not None:
        return roles.get(unit_id) == UnitRole.CONSULTANT_SOCIAL_WORKER
    return UnitRole.CONSULTANT_SOCIAL_WORKER in roles.values()


@rules.predicate
def may_allocate_case(user, child) -> bool:
    """A line manager of the child's unit or its consultant social worker; any team manager for a child
    with no unit yet. Without a child: anyone who manages units or leads one as consultant."""
    if child is None:
        return user.org_role in MANAGING_ROLES or bool(user.managed_unit_ids) or _is_consultant(user)
    if child.allocated_unit_id is None:
        return user.org_role == OrgRole.TEAM_MANAGER
    return child.allocated_unit_id in user.managed_unit_ids or _is_consultant(user, child.allocated_unit_id)


rules.add_perm(Perm.MANAGE_EPISODES, works_on_case & ~is_restricted_for)
rules.add_perm(Perm.WRITE_PLAN, works_on_case & ~is_restricted_for)
rules.add_perm(Perm.ALLOCATE, may_allocate_case & ~is_restricted_for)


# --- notes, drafts and chronology ---

rules.add_perm(Perm.RECORD_NOTE, works_on_case & ~is_restricted_for)


# --- my work, unit caseload and search ---
# Which children appear is always `Child.objects.visible_to(user)`; these decide who may open the pages.


@rules.predicate
def is_in_or_manages_unit(user, unit) -> bool:
    return unit is not None and unit.pk in user.reach_unit_ids


rules.add_perm(Perm.VIEW_MY_WORK, is_in_a_unit_or_manages_one)
rules.add_perm(Perm.FIND_CHILDREN, is_in_a_unit_or_manages_one | has_authority_wide_reach)
rules.add_perm(Perm.VIEW_UNIT_CASELOAD, is_in_or_manages_unit | has_authority_wide_reach)
