"""Named permissions for the health check.

The director, heads of service, the principal social worker and the quality lead see every unit. Team
and service managers see the units they manage; members of a unit see their own unit. The performance
analyst, the workforce lead and the system administrator see none of it (the workforce lead has the
workforce figures). The director, the principal social worker and the quality lead change thresholds and
ask for the figures to be worked out again.

Called with a unit, a rule answers for it; called without, whether the person could see any unit.
"""

from enum import StrEnum

import rules

from hearth.core.permissions import has_org_role
from hearth.core.roles import OrgRole


class Perm(StrEnum):
    VIEW = "insights.view_health_check"
    VIEW_ALL = "insights.view_whole_service"
    SET_THRESHOLDS = "insights.set_thresholds"
    REFRESH = "insights.refresh"


SEES_ALL_ROLES = (
    OrgRole.DIRECTOR,
    OrgRole.HEAD_OF_SERVICE,
    OrgRole.PRINCIPAL_SOCIAL_WORKER,
    OrgRole.QUALITY_LEAD,
)
sees_all = has_org_role(*SEES_ALL_ROLES)
sets_thresholds = has_org_role(OrgRole.DIRECTOR, OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD)
excluded = has_org_role(OrgRole.PERFORMANCE_ANALYST, OrgRole.WORKFORCE_LEAD, OrgRole.SYSTEM_ADMINISTRATOR)


@rules.predicate
def in_reach(user, unit) -> bool:
    """A member of the unit or one of its line managers (without a unit: of any unit)."""
    if unit is None:
        return bool(user.reach_unit_ids)
    return unit.pk in user.reach_unit_ids


rules.add_perm(Perm.VIEW, sees_all | (~excluded & in_reach))
rules.add_perm(Perm.VIEW_ALL, sees_all)
rules.add_perm(Perm.SET_THRESHOLDS, sets_thresholds)
rules.add_perm(Perm.REFRESH, sets_thresholds)
