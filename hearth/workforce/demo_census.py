"""Demo census details (the workforce census' facts about each social worker), derived deterministically
from each staff record. Called by the workforce demo seed; adds rows only for social workers who have
none, in bulk."""

from __future__ import annotations

import datetime
import random

from .codes import (
    AsyeStatus,
    CensusEthnicity,
    CensusGender,
    CensusReasonLeave,
    Grade,
    LeaverDestination,
    LeavingReason,
    OrgRole,
    QualificationLevel,
    StartOrigin,
)
from .models import CensusDetails, StaffRecord

INSTITUTIONS = (
    "University of Northshire",
    "Riverside University",
    "Open University",
    "University of Eastmoor",
    "Frontline",
    "Westvale College",
)
ROLE_OF_GRADE = {
    Grade.PO6: OrgRole.SENIOR_MANAGER,
    Grade.PO5: OrgRole.MIDDLE_MANAGER,
    Grade.PO4: OrgRole.FIRST_LINE_MANAGER,
    Grade.PO3: OrgRole.SENIOR_PRACTITIONER,
}
REASON_OF_LEAVING = {
    LeavingReason.RETIREMENT: CensusReasonLeave.RETIRED,
    LeavingReason.DISMISSAL: CensusReasonLeave.DISMISSED,
    LeavingReason.OTHER: CensusReasonLeave.OTHER,
}
DESTINATION_OF_LEAVING = {
    LeavingReason.AGENCY: LeaverDestination.AGENCY,
    LeavingReason.RETIREMENT: LeaverDestination.NON_SOCIAL_CARE,
    LeavingReason.PROGRESSION: LeaverDestination.OTHER_LA,
}


def seed_census_details() -> int:
    rows = []
    for pk, grade, started_on, left_on, reason, asye in (
        StaffRecord.objects.filter(is_social_worker=True, census__isnull=True)
        .order_by("pk")
        .values_list("pk", "grade", "started_on", "left_on", "leaving_reason", "asye_status")
    ):
        rng = random.Random(pk)
        new = asye == AsyeStatus.IN_PROGRESS
        age = rng.randint(22, 30) if new else rng.randint(26, 58)
        rows.append(
            CensusDetails(
                staff_id=pk,
                date_of_birth=started_on - datetime.timedelta(days=age * 365 + rng.randint(0, 364)),
                gender=rng.choices(
                    (CensusGender.FEMALE, CensusGender.MALE, CensusGender.NOT_SPECIFIED), (84, 15, 1)
                )[0],
                ethnicity=rng.choices(
                    (
                        CensusEthnicity.WBRI,
                        CensusEthnicity.BAFR,
                        CensusEthnicity.BCRB,
                        CensusEthnicity.APKN,
                        CensusEthnicity.MWBC,
                        CensusEthnicity.WOTH,
                        CensusEthnicity.REFU,
                    ),
                    (62, 10, 6, 5, 4, 9, 4),
                )[0],  # fmt: skip
                qualification_institution=rng.choice(INSTITUTIONS),
                qualification_level=rng.choice(
                    (QualificationLevel.UNDERGRADUATE, QualificationLevel.POSTGRADUATE)
                ),
                step_up_graduate=rng.random() < 0.05,
                frontline_graduate=rng.random() < 0.08,
                org_role=ROLE_OF_GRADE.get(grade, OrgRole.CASE_HOLDER),
                start_origin=StartOrigin.NEWLY_QUALIFIED
                if new
                else rng.choice(
                    (StartOrigin.OTHER_LA, StartOrigin.AGENCY, StartOrigin.OTHER_LA, StartOrigin.NOT_KNOWN)
                ),
                leaver_destination=DESTINATION_OF_LEAVING.get(reason, LeaverDestination.NOT_KNOWN)
                if left_on
                else "",
                reason_leave=REASON_OF_LEAVING.get(reason, CensusReasonLeave.RESIGNATION) if left_on else "",
            )
        )
    CensusDetails.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
