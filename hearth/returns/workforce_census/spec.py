"""The children's social work workforce (CSWW) census as its XML schema defines it.

Sources (public):

- DfE, "Children's social work workforce census: guide to submitting data" (the census year runs from 1
  October to 30 September; the reference date is 30 September; worker-level data since 2017) and the
  statistics' methodology page on explore-education-statistics.service.gov.uk, which links to it.
- The census' XML schema as kept by `SocialFinanceDigitalLabs/liia-tools`
  (`liiatools/spec/social_work_workforce/social_work_workforce_2022.xsd`, with a sample message in
  `liiatools/csww_pipeline/spec/samples/social_work_workforce_2022.xml`): Message > Header,
  LALevelVacancies, CSWWWorker, the order of the worker items and every code list below.
- The same repository's `liiatools/csww_pipeline/met_analysis/validator.py`: the items every employed
  (non-agency) worker must have, and the items a starter and a leaver must have together.

The 2022 schema is the latest full schema found; later census years changed no item Hearth returns as
far as the published guides show. Check against the year's schema before submitting.
"""

#: Header > CollectionDetails > Collection.
COLLECTION = "CSWW"

#: LALevelVacancies items, in order.
VACANCY_ITEMS = ["NumberOfVacancies", "NoAgencyFTE", "NoAgencyHeadcount"]

#: CSWWWorker items, in the schema's order.
WORKER_ITEMS = [
    "AgencyWorker",
    "SWENo",
    "FTE",
    "PersonBirthDate",
    "GenderCurrent",
    "Ethnicity",
    "QualInst",
    "QualLevel",
    "StepUpGrad",
    "OrgRole",
    "RoleStartDate",
    "StartOrigin",
    "RoleEndDate",
    "LeaverDestination",
    "ReasonLeave",
    "FTE30",
    "Cases30",
    "WorkingDaysLost",
    "ContractWeeks",
    "FrontlineGrad",
    "Absat30Sept",
    "ReasonAbsence",
    "CFKSSstatus",
]

#: Items an employed (non-agency) worker must have (the census validation's mandatory items).
NON_AGENCY_MANDATORY = [
    "PersonBirthDate",
    "GenderCurrent",
    "Ethnicity",
    "QualInst",
    "StepUpGrad",
    "OrgRole",
    "RoleStartDate",
    "StartOrigin",
    "FTE30",
    "WorkingDaysLost",
    "FrontlineGrad",
]

CODES: dict[str, tuple[str, ...]] = {
    "AgencyWorker": ("0", "1"),
    "GenderCurrent": ("0", "1", "2", "9"),
    "Ethnicity": (
        "WBRI",
        "WIRI",
        "WOTH",
        "MWBC",
        "MWBA",
        "MWAS",
        "MOTH",
        "AIND",
        "APKN",
        "ABAN",
        "AOTH",
        "BCRB",
        "BAFR",
        "BOTH",
        "CHNE",
        "OOTH",
        "REFU",
        "NOBT",
    ),  # fmt: skip
    "QualLevel": ("1", "2", "3"),
    "YesNo": ("0", "1"),
    "OrgRole": ("1", "2", "3", "4", "5", "6"),
    "StartOrigin": ("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"),
    "LeaverDestination": ("1", "2", "3", "4", "5", "6", "7", "8", "9"),
    "ReasonLeave": ("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"),
    "ReasonAbsence": ("MAT", "OTH", "PUB", "SIC", "TRN", "UNA", "UNP"),
    "CFKSSstatus": ("1", "2", "3", "4"),
}
