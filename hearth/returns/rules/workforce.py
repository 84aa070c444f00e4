"""The children's social work workforce census' checks that Hearth's workforce record can break.

The census requires certain items of every employed (non-agency) social worker, and some items
together (a leaver's end date with the reason and destination; a start date with where the worker came
from), as its guide and XML schema define (see `hearth/returns/workforce_census/spec.py`). The DfE's
own numbers for these checks were not found in the public sources, so the codes here (CSWW01 ...) are
Hearth's: each docstring gives the census requirement it enforces. Rules read a `StaffCensusRecord`
already loaded, only for a worker the census counts, and make no queries.
"""

from __future__ import annotations

import re

from ..base import Problem, Rule, register
from ..workforce_census.records import StaffCensusRecord
from ..workforce_census.spec import CODES

LABEL = "Census details"
SWE_NUMBER = re.compile(r"^SW\d{1,10}$")


class CensusRule(Rule):
    returns = "workforce"
    employed_only = True

    def check(self, record: StaffCensusRecord) -> list[Problem]:
        if not record.in_scope or (self.employed_only and record.agency):
            return []
        if self.broken(record):
            return [Problem(code=self.code, message=self.message, subject_id=record.id, object_label=LABEL)]
        return []

    def broken(self, record: StaffCensusRecord) -> bool:  # pragma: no cover - every rule overrides it
        raise NotImplementedError


def _census(record, name):
    return getattr(record.census, name) if record.census else None


@register
class RuleCSWW01(CensusRule):
    """SWENo: every worker, agency or employed, must have their Social Work England registration number."""

    code = "CSWW01"
    message = "Record this social worker's Social Work England registration number (SW followed by numbers)."
    employed_only = False

    def broken(self, record):
        return not SWE_NUMBER.match(record.swe or "")


@register
class RuleCSWW02(CensusRule):
    """PersonBirthDate: mandatory for a non-agency worker."""

    code = "CSWW02"
    message = "Record this social worker's date of birth in their census details."

    def broken(self, record):
        return _census(record, "date_of_birth") is None


@register
class RuleCSWW03(CensusRule):
    """GenderCurrent: mandatory for a non-agency worker; one of 0, 1, 2 or 9."""

    code = "CSWW03"
    message = "Record this social worker's gender in their census details (or 'not specified')."

    def broken(self, record):
        return _census(record, "gender") not in CODES["GenderCurrent"]


@register
class RuleCSWW04(CensusRule):
    """Ethnicity: mandatory for a non-agency worker; one of the DfE's ethnicity codes (REFU if they decline
    to say)."""

    code = "CSWW04"
    message = "Record this social worker's ethnicity in their census details (or that they declined to say)."

    def broken(self, record):
        return _census(record, "ethnicity") not in CODES["Ethnicity"]


@register
class RuleCSWW05(CensusRule):
    """QualInst: mandatory for a non-agency worker: the institution where they gained their social work
    qualification."""

    code = "CSWW05"
    message = "Record where this social worker gained their social work qualification."

    def broken(self, record):
        return not (_census(record, "qualification_institution") or "").strip()


@register
class RuleCSWW06(CensusRule):
    """StepUpGrad and FrontlineGrad: mandatory for a non-agency worker (0 or 1)."""

    code = "CSWW06"
    message = "Record whether this social worker qualified through Step Up to Social Work or Frontline."

    def broken(self, record):
        return _census(record, "step_up_graduate") is None or _census(record, "frontline_graduate") is None


@register
class RuleCSWW07(CensusRule):
    """OrgRole: mandatory for a non-agency worker; one of 1 to 6."""

    code = "CSWW07"
    message = (
        "Record this social worker's role in the organisation (manager, senior practitioner, case holder...)."
    )

    def broken(self, record):
        return _census(record, "org_role") not in CODES["OrgRole"]


@register
class RuleCSWW08(CensusRule):
    """RoleStartDate and StartOrigin: a worker with a role start date must have where they came from."""

    code = "CSWW08"
    message = "Record where this social worker came from when they started (or 'not known')."

    def broken(self, record):
        return _census(record, "start_origin") not in CODES["StartOrigin"]


@register
class RuleCSWW09(CensusRule):
    """RoleEndDate and ReasonLeave: a leaver (a worker with a role end date in the year) must have the
    reason they left."""

    code = "CSWW09"
    message = "This social worker left during the census year: record the census reason they left."

    def broken(self, record):
        return record.left_in_year and _census(record, "reason_leave") not in CODES["ReasonLeave"]


@register
class RuleCSWW10(CensusRule):
    """RoleEndDate and LeaverDestination: a leaver (a worker with a role end date in the year) must have
    where they went."""

    code = "CSWW10"
    message = "This social worker left during the census year: record where they went (or 'not known')."

    def broken(self, record):
        return record.left_in_year and _census(record, "leaver_destination") not in CODES["LeaverDestination"]


@register
class RuleCSWW11(CensusRule):
    """RoleEndDate and FTE: a leaver's FTE at leaving must be more than 0 (and at most 1)."""

    code = "CSWW11"
    message = (
        "This social worker left during the census year: their full-time equivalent must be more than 0."
    )

    def broken(self, record):
        return record.left_in_year and not (0 < record.fte <= 1)
