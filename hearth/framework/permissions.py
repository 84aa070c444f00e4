"""Named permissions for the practice framework and model and for co-design rounds.

The principal social worker and the quality lead own both: they write drafts, publish versions, run
co-design rounds, make invitation links and publish the statement. Every signed-in member of staff reads
the published framework (drafts only by its owners) and takes part in open rounds: adds ideas, comments
and supports. The public (no sign-in) sees the family version of the published framework and the
published statement, and adds ideas through an invitation link: those pages are `@public`.
"""

from enum import StrEnum

import rules

from hearth.core.permissions import has_org_role, is_signed_in
from hearth.core.roles import OrgRole


class Perm(StrEnum):
    VIEW_FRAMEWORK = "framework.view_framework"
    MANAGE_FRAMEWORK = "framework.manage_framework"
    TAKE_PART = "framework.take_part_in_codesign"
    RUN_CODESIGN = "framework.run_codesign"


is_framework_owner = has_org_role(OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD)

rules.add_perm(Perm.VIEW_FRAMEWORK, is_signed_in)
rules.add_perm(Perm.MANAGE_FRAMEWORK, is_framework_owner)
rules.add_perm(Perm.TAKE_PART, is_signed_in)
rules.add_perm(Perm.RUN_CODESIGN, is_framework_owner)
