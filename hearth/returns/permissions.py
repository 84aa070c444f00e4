"""Named permissions for statutory returns and data quality.

Performance analysts and the director run returns and download them (a return covers the whole
authority). The data-quality page is theirs too, and line managers see it for the units they manage.
Performance analysts mark a problem as explained. Everyone who may see a child's record sees that
child's data problems on it; a worker's own list shows the problems of the children they lead.
"""

from enum import StrEnum

import rules

from hearth.core.roles import MANAGING_ROLES, OrgRole


class Perm(StrEnum):
    RUN = "returns.run_return"
    VIEW_QUALITY = "returns.view_data_quality"
    EXPLAIN = "returns.explain_problem"


@rules.predicate
def runs_returns(user) -> bool:
    return user.has_org_role(OrgRole.PERFORMANCE_ANALYST, OrgRole.DIRECTOR)


@rules.predicate
def is_line_manager(user) -> bool:
    return user.has_org_role(*MANAGING_ROLES)


@rules.predicate
def is_performance_analyst(user) -> bool:
    return user.has_org_role(OrgRole.PERFORMANCE_ANALYST)


rules.add_perm(Perm.RUN, runs_returns)
rules.add_perm(Perm.VIEW_QUALITY, runs_returns | is_line_manager)
rules.add_perm(Perm.EXPLAIN, is_performance_analyst)
