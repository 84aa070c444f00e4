"""Named permissions for quality assurance audits.

The principal social worker and quality leads own audit tools and programmes: they make them, draw
samples and assign auditors and moderators. An auditor conducts the audits assigned to them, with the
child's lead worker (who records their reflections and agrees the findings too); a moderator (never the
auditor) agrees or changes the grade. Audits of a child are seen by whoever may see the child and by the
audit's own auditor, moderator and worker (audited access: `models.CaseAuditQuerySet`). The quality
page (grades, not children) is for everyone who works with cases or oversees them; the workforce lead and
the system administrator see nothing of audits.

Called with an audit (or an action), a rule answers for it; called without, whether the person's role
could ever allow it.
"""

from enum import StrEnum

import rules

from hearth.core.permissions import has_org_role
from hearth.core.roles import OrgRole


class Perm(StrEnum):
    MANAGE = "audits.manage_programmes"
    VIEW_QUALITY = "audits.view_quality"
    VIEW_MINE = "audits.view_my_audits"
    CONDUCT = "audits.conduct_audit"
    CONTRIBUTE = "audits.contribute_to_audit"
    MODERATE = "audits.moderate_audit"
    ADD_ACTION = "audits.add_action"
    COMPLETE_ACTION = "audits.complete_action"


is_quality_owner = has_org_role(OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD)


@rules.predicate
def works_with_cases(user) -> bool:
    """A member or manager of a unit, or an authority-wide practice role."""
    return bool(user.has_authority_wide_case_access or user.reach_unit_ids)


@rules.predicate
def is_auditor(user, audit) -> bool:
    if audit is None:
        return bool(user.has_authority_wide_case_access or user.reach_unit_ids)
    return audit.auditor_id == user.pk


@rules.predicate
def is_worker(user, audit) -> bool:
    if audit is None:
        return bool(user.reach_unit_ids)
    return audit.worker_id is not None and audit.worker_id == user.pk


@rules.predicate
def is_moderator(user, audit) -> bool:
    if audit is None:
        return bool(user.has_authority_wide_case_access or user.reach_unit_ids)
    return audit.moderator_id == user.pk and audit.auditor_id != user.pk


@rules.predicate
def owns_action(user, action) -> bool:
    if action is None:
        return works_with_cases(user)
    return action.owner_id == user.pk or action.audit.auditor_id == user.pk


rules.add_perm(Perm.MANAGE, is_quality_owner)
rules.add_perm(Perm.VIEW_QUALITY, works_with_cases)
rules.add_perm(Perm.VIEW_MINE, works_with_cases)
rules.add_perm(Perm.CONDUCT, is_auditor)
rules.add_perm(Perm.CONTRIBUTE, is_auditor | is_worker)
rules.add_perm(Perm.MODERATE, is_moderator)
rules.add_perm(Perm.ADD_ACTION, is_auditor | is_moderator | is_quality_owner)
rules.add_perm(Perm.COMPLETE_ACTION, owns_action | is_quality_owner)
