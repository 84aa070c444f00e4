"""Named permissions for unit meetings and case discussion requests.

Members of a unit and its line managers (its team manager, and the service manager and head of service
of its service area) see and run the unit's meetings. The authority-wide practice roles (director,
principal social worker, quality lead, performance analyst) may read them but change nothing. Nobody
else learns anything of them: the workforce lead, the system administrator and members of other units
get 404 (the views fetch through `visible_to` and answer 404 before any of these rules is asked).

Which children appear is always `Child.objects.visible_to(user)`.

Called with a unit (or an action), a rule answers for that unit; called without one, whether the
person's role could ever allow it.
"""

from enum import StrEnum

import rules

from hearth.core.roles import UnitRole


class Perm(StrEnum):
    VIEW_MEETINGS = "meetings.view_meetings"
    RUN_MEETINGS = "meetings.run_meetings"
    CHANGE_SCHEDULE = "meetings.change_schedule"
    COMPLETE_ACTION = "meetings.complete_action"


@rules.predicate
def is_member_or_manager(user, unit) -> bool:
    """A member of the unit or one of its line managers (without a unit: of any unit)."""
    if unit is None:
        return bool(user.reach_unit_ids)
    return unit.pk in user.reach_unit_ids


@rules.predicate
def has_authority_wide_reach(user) -> bool:
    return user.has_authority_wide_case_access


@rules.predicate
def is_consultant_or_manager(user, unit) -> bool:
    """The unit's consultant social worker or one of its line managers."""
    if unit is None:
        return bool(user.managed_unit_ids) or UnitRole.CONSULTANT_SOCIAL_WORKER in user.unit_roles.values()
    return (
        unit.pk in user.managed_unit_ids or user.unit_roles.get(unit.pk) == UnitRole.CONSULTANT_SOCIAL_WORKER
    )


@rules.predicate
def owns_action_or_is_consultant(user, action) -> bool:
    """The action's owner, or the consultant social worker of the unit whose meeting agreed it."""
    if action is None:
        return bool(user.unit_ids)
    unit_id = action.discussion.meeting.unit_id
    return action.owner_id == user.pk or user.unit_roles.get(unit_id) == UnitRole.CONSULTANT_SOCIAL_WORKER


rules.add_perm(Perm.VIEW_MEETINGS, is_member_or_manager | has_authority_wide_reach)
rules.add_perm(Perm.RUN_MEETINGS, is_member_or_manager)
rules.add_perm(Perm.CHANGE_SCHEDULE, is_consultant_or_manager)
rules.add_perm(Perm.COMPLETE_ACTION, owns_action_or_is_consultant)
