"""Named permissions for practical requests.

Members of the child's unit and its line managers raise requests and see them. The unit coordinator
(a member with the unit role "unit coordinator") works the unit's queue: takes, records what was done,
closes. Authority-wide practice roles (director, principal social worker, quality lead, performance
analyst) read. The workforce lead and the system administrator see nothing about a child (404: the
views fetch through `visible_to`) and get 403 on queues.

Called with a unit (or a request), a rule answers for it; called without, whether the person's role
could ever allow it.
"""

from enum import StrEnum

import rules

from hearth.core.roles import UnitRole


class Perm(StrEnum):
    RAISE = "support.raise_request"
    VIEW_QUEUE = "support.view_queue"
    WORK_QUEUE = "support.work_queue"


def _unit_id(obj):
    """A unit's id from a unit, a child (its allocated unit) or a request (its unit)."""
    if obj is None:
        return None
    if hasattr(obj, "allocated_unit_id"):
        return obj.allocated_unit_id
    if hasattr(obj, "unit_id"):
        return obj.unit_id
    return obj.pk


@rules.predicate
def is_member_or_manager(user, obj) -> bool:
    """A member or line manager of the unit (of a child: of the unit that holds the case)."""
    if obj is None:
        return bool(user.reach_unit_ids)
    unit_id = _unit_id(obj)
    return unit_id is not None and unit_id in user.reach_unit_ids


@rules.predicate
def has_authority_wide_reach(user) -> bool:
    return user.has_authority_wide_case_access


@rules.predicate
def is_coordinator(user, obj) -> bool:
    """The unit's coordinator (without a unit: a coordinator of any unit)."""
    if obj is None:
        return UnitRole.UNIT_COORDINATOR in user.unit_roles.values()
    return user.unit_roles.get(_unit_id(obj)) == UnitRole.UNIT_COORDINATOR


rules.add_perm(Perm.RAISE, is_member_or_manager)
rules.add_perm(Perm.VIEW_QUEUE, is_member_or_manager | has_authority_wide_reach)
rules.add_perm(Perm.WORK_QUEUE, is_coordinator)
