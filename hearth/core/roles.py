"""The roles people hold in Hearth.

A person has at most one organisation role (their post above or beside the units) and may be a member
of one or more units with a role in each unit. Demo accounts are named by these slugs
(`<slug>@demo.hearth.test`, design.md §7).
"""

from django.db import models


class UnitRole(models.TextChoices):
    CONSULTANT_SOCIAL_WORKER = "consultant-social-worker", "Consultant social worker"
    SOCIAL_WORKER = "social-worker", "Social worker"
    CHILD_PRACTITIONER = "child-practitioner", "Child practitioner"
    UNIT_COORDINATOR = "unit-coordinator", "Unit coordinator"
    CLINICIAN = "clinician", "Clinician"
    FAMILY_SUPPORT_WORKER = "family-support-worker", "Family support worker"
    STUDENT = "student", "Student social worker"


class OrgRole(models.TextChoices):
    TEAM_MANAGER = "team-manager", "Team manager"
    SERVICE_MANAGER = "service-manager", "Service manager"
    HEAD_OF_SERVICE = "head-of-service", "Head of service"
    PRINCIPAL_SOCIAL_WORKER = "principal-social-worker", "Principal social worker"
    QUALITY_LEAD = "quality-lead", "Quality lead"
    WORKFORCE_LEAD = "workforce-lead", "Workforce lead"
    DIRECTOR = "director", "Director of children's services"
    PERFORMANCE_ANALYST = "performance-analyst", "Performance analyst"
    SYSTEM_ADMINISTRATOR = "system-administrator", "System administrator"


#: Every role, as used by demo accounts, role fixtures and the authorisation matrix.
ALL_ROLES: list[str] = [r.value for r in UnitRole] + [r.value for r in OrgRole]

#: Roles that line-manage units (they see the children of the units they manage).
MANAGING_ROLES = {OrgRole.TEAM_MANAGER, OrgRole.SERVICE_MANAGER, OrgRole.HEAD_OF_SERVICE}

#: Roles whose work is authority-wide practice oversight: they may see every child who is not
#: restricted. System administrators are deliberately absent (design.md §6).
AUTHORITY_WIDE_CASE_ROLES = {
    OrgRole.DIRECTOR,
    OrgRole.PRINCIPAL_SOCIAL_WORKER,
    OrgRole.QUALITY_LEAD,
    OrgRole.PERFORMANCE_ANALYST,
}
