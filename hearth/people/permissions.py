"""Named permissions for children's records.

Reach (which children a person may see at all) is `Child.objects.visible_to(user)`; these rules decide
what a person may do with a child they can reach. A child outside reach answers 404; a restricted child
in reach answers 403 with the way to break glass (design.md §6).
"""

from enum import StrEnum

import rules

from hearth.core.permissions import has_org_role
from hearth.core.roles import OrgRole


class Perm(StrEnum):
    VIEW_CHILD = "people.view_child"
    ADD_CHILD = "people.add_child"
    EDIT_CHILD = "people.edit_child"
    BREAK_GLASS = "people.break_glass"
    MANAGE_RESTRICTION = "people.manage_restriction"


@rules.predicate
def works_with_child(user, child) -> bool:
    """A member of the child's unit, or one of its line managers."""
    return child is not None and child.allocated_unit_id in user.reach_unit_ids


@rules.predicate
def has_authority_wide_reach(user) -> bool:
    return user.has_authority_wide_case_access


@rules.predicate
def manages_child_unit(user, child) -> bool:
    return child is not None and child.allocated_unit_id in user.managed_unit_ids


@rules.predicate
def is_in_a_unit_or_manages_one(user) -> bool:
    return bool(user.reach_unit_ids)


@rules.predicate
def is_restricted_for(user, child) -> bool:
    if child is None or not child.restriction:
        return False
    from .selectors import has_restricted_access  # reads, kept out of import time

    return not has_restricted_access(user, child)


is_system_administrator = has_org_role(OrgRole.SYSTEM_ADMINISTRATOR)
is_principal_social_worker = has_org_role(OrgRole.PRINCIPAL_SOCIAL_WORKER)

rules.add_perm(Perm.VIEW_CHILD, (works_with_child | has_authority_wide_reach) & ~is_restricted_for)
rules.add_perm(Perm.ADD_CHILD, is_in_a_unit_or_manages_one)
rules.add_perm(Perm.EDIT_CHILD, works_with_child & ~is_restricted_for)
rules.add_perm(
    Perm.BREAK_GLASS,
    (works_with_child | has_authority_wide_reach | is_system_administrator) & is_restricted_for,
)
rules.add_perm(
    Perm.MANAGE_RESTRICTION, (manages_child_unit | is_principal_social_worker) & ~is_restricted_for
)
