"""Named permissions for feedback.

Members of a unit and its line managers send feedback links (from a child's record or the unit's page),
record feedback, see the unit's responses and mark them. The principal social worker and the quality lead
see and mark every unit's. The director and the performance analyst see the figures (no responses). The
workforce lead and the system administrator see none of it. Anonymous responses show no name to anyone.

Called with a unit (or a child, or a response), a rule answers for it; called without, whether the
person's role could ever allow it.
"""

from enum import StrEnum

import rules

from hearth.core.permissions import has_org_role
from hearth.core.roles import OrgRole


class Perm(StrEnum):
    SEND = "feedback.send_invitation"
    VIEW_RESPONSES = "feedback.view_responses"
    MARK = "feedback.mark_response"
    RECORD = "feedback.record_feedback"
    VIEW_FIGURES = "feedback.view_figures"


def _unit_id(obj):
    """A unit's id from a unit, a child (its allocated unit) or a response (its unit)."""
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


sees_all = has_org_role(OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD)
reads_figures = has_org_role(OrgRole.DIRECTOR, OrgRole.PERFORMANCE_ANALYST)

rules.add_perm(Perm.SEND, is_member_or_manager)
rules.add_perm(Perm.VIEW_RESPONSES, is_member_or_manager | sees_all)
rules.add_perm(Perm.MARK, is_member_or_manager | sees_all)
rules.add_perm(Perm.RECORD, is_member_or_manager | sees_all)
rules.add_perm(Perm.VIEW_FIGURES, is_member_or_manager | sees_all | reads_figures)
