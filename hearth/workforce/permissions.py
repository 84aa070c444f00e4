"""Named permissions of the workforce app.

Workforce data is for the workforce lead and the director; line managers (team manager, service
manager, head of service) see the aggregates of the units they manage. Nobody sees another person's
pulse answers (there is no page that could: responses are not linked to people), and the system
administrator sees none of it: running accounts grants no access to staff data (design.md §6).
"""

from enum import StrEnum

import rules

from hearth.core.permissions import has_org_role, is_signed_in, is_system_administrator
from hearth.core.roles import MANAGING_ROLES, OrgRole


class Perm(StrEnum):
    VIEW_FIGURES = "workforce.view_figures"
    VIEW_STAFF_RECORDS = "workforce.view_staff_records"
    MANAGE_STAFF_RECORDS = "workforce.manage_staff_records"
    VIEW_PULSE_RESULTS = "workforce.view_pulse_results"
    VIEW_PULSE_COMMENTS = "workforce.view_pulse_comments"
    MANAGE_PULSE = "workforce.manage_pulse"
    ANSWER_PULSE = "workforce.answer_pulse"
    RECORD_OWN = "workforce.record_own"
    VIEW_EQUALITY = "workforce.view_equality"
    MANAGE_RETENTION = "workforce.manage_retention"


is_workforce_lead = has_org_role(OrgRole.WORKFORCE_LEAD)
is_director = has_org_role(OrgRole.DIRECTOR)


@rules.predicate
def manages_units(user) -> bool:
    """A team manager, service manager or head of service who line-manages at least one unit."""
    return user.org_role in MANAGING_ROLES and bool(user.managed_unit_ids)


sees_whole_authority = is_workforce_lead | is_director

rules.add_perm(Perm.VIEW_FIGURES, sees_whole_authority | manages_units)
rules.add_perm(Perm.VIEW_PULSE_RESULTS, sees_whole_authority | manages_units)
rules.add_perm(Perm.VIEW_STAFF_RECORDS, sees_whole_authority)
rules.add_perm(Perm.VIEW_EQUALITY, sees_whole_authority)
rules.add_perm(Perm.MANAGE_RETENTION, sees_whole_authority)
rules.add_perm(Perm.MANAGE_STAFF_RECORDS, is_workforce_lead)
rules.add_perm(Perm.MANAGE_PULSE, is_workforce_lead)
# Free text, even with names taken out, only for the workforce lead (the words).
rules.add_perm(Perm.VIEW_PULSE_COMMENTS, is_workforce_lead)
# Everyone who works here answers the pulse and records their own equality information and extra
# hours, except the system administrator's account, which is for running the system.
rules.add_perm(Perm.ANSWER_PULSE, is_signed_in & ~is_system_administrator)
rules.add_perm(Perm.RECORD_OWN, is_signed_in & ~is_system_administrator)


def whole_authority(user) -> bool:
    """The workforce lead and the director see every unit's aggregates and the authority's."""
    return user.org_role in (OrgRole.WORKFORCE_LEAD, OrgRole.DIRECTOR)
