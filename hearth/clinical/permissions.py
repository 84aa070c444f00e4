"""Named permissions for clinical consultations and referrals.

Members of the child's unit and its line managers ask for a consultation or a referral and see them.
Clinicians (members with the unit role "clinician") work the clinical queue of their units: take,
record the first contact and their input, close. Line managers and the authority-wide practice roles
read the queue. The workforce lead and the system administrator see nothing about a child (404) and
get 403 on the queue.
"""

from enum import StrEnum

import rules

from hearth.core.roles import UnitRole


class Perm(StrEnum):
    ASK = "clinical.ask"
    VIEW_QUEUE = "clinical.view_queue"
    WORK_QUEUE = "clinical.work_queue"


def _unit_id(obj):
    if obj is None:
        return None
    if hasattr(obj, "allocated_unit_id"):
        return obj.allocated_unit_id
    if hasattr(obj, "unit_id"):
        return obj.unit_id
    return obj.pk


@rules.predicate
def is_member_or_manager(user, obj) -> bool:
    if obj is None:
        return bool(user.reach_unit_ids)
    unit_id = _unit_id(obj)
    return unit_id is not None and unit_id in user.reach_unit_ids


@rules.predicate
def is_clinician(user, obj) -> bool:
    """A clinician of the unit (without a unit: of any unit)."""
    if obj is None:
        return UnitRole.CLINICIAN in user.unit_roles.values()
    return user.unit_roles.get(_unit_id(obj)) == UnitRole.CLINICIAN


@rules.predicate
def is_line_manager(user) -> bool:
    return bool(user.managed_unit_ids)


@rules.predicate
def has_authority_wide_reach(user) -> bool:
    return user.has_authority_wide_case_access


rules.add_perm(Perm.ASK, is_member_or_manager)
rules.add_perm(Perm.VIEW_QUEUE, is_clinician | is_line_manager | has_authority_wide_reach)
rules.add_perm(Perm.WORK_QUEUE, is_clinician)
