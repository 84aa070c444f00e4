"""The code lists of the workforce app: contracts, grades, push and pull factors, reasons for leaving,
pulse answers and the protected characteristics staff may choose to share.

Push and pull factors are Skills for Care's, with racism and discrimination named as a push factor of
its own (Employer Standard 1 asks authorities to act on it).
"""

from django.db import models


class Contract(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    FIXED_TERM = "fixed-term", "Fixed term"
    AGENCY = "agency", "Agency"


#: Contracts of people the authority employs (the workforce census counts agency workers apart).
EMPLOYED = frozenset({Contract.PERMANENT, Contract.FIXED_TERM})


class Grade(models.TextChoices):
    """Pay grades, lowest first (the order is used to compare groups)."""

    SCALE_6 = "scale-6", "Scale 6 (business support)"
    SO1 = "so1", "SO1 (practitioner)"
    SO2 = "so2", "SO2 (newly qualified social worker)"
    PO1 = "po1", "PO1 (social worker)"
    PO2 = "po2", "PO2 (senior social worker or clinician)"
    PO3 = "po3", "PO3 (consultant social worker)"
    PO4 = "po4", "PO4 (team manager)"
    PO5 = "po5", "PO5 (service manager)"
    PO6 = "po6", "PO6 (head of service)"


GRADE_ORDER = {grade.value: n for n, grade in enumerate(Grade)}
#: Grades counted as senior when groups are compared (PO2 and above).
SENIOR_GRADES = frozenset(g.value for g in Grade if GRADE_ORDER[g.value] >= GRADE_ORDER[Grade.PO2])


class AsyeStatus(models.TextChoices):
    NOT_APPLICABLE = "not-applicable", "Not applicable"
    IN_PROGRESS = "in-progress", "In their assessed and supported year (ASYE)"
    COMPLETED = "completed", "Completed the ASYE"
    NOT_COMPLETED = "not-completed", "Did not complete the ASYE"


class PushFactor(models.TextChoices):
    POOR_CULTURE = "poor-culture", "Poor culture and communication"
    BURNOUT = "burnout", "Burnout or stress"
    WORKLOAD = "workload", "Unrealistic workload"
    PROGRESSION = "progression", "Lack of progression"
    FLEXIBILITY = "flexibility", "Lack of flexibility"
    PAY = "pay", "Unequal pay"
    DISCRIMINATION = "discrimination", "Racism or discrimination"


class PullFactor(models.TextChoices):
    RELATIONSHIPS = "relationships", "Positive relationships and culture"
    COMMUNITY = "community", "A supportive community"
    WORK_LIFE = "work-life", "Work-life balance"
    WELLBEING = "wellbeing", "Wellbeing"
    INCLUSION = "inclusion", "Inclusive workforce strategies"
    REWARDS = "rewards", "Fair rewards and recognition"


class FactorKind(models.TextChoices):
    PUSH = "push", "Push factor (a reason to leave)"
    PULL = "pull", "Pull factor (a reason to stay)"


def factor_label(kind: str, code: str) -> str:
    choices = PushFactor if kind == FactorKind.PUSH else PullFactor
    try:
        return choices(code).label
    except ValueError:
        return code


class LeavingReason(models.TextChoices):
    WORKLOAD = "workload", "Workload"
    STRESS = "stress", "Stress or burnout"
    CULTURE = "culture", "Culture, communication or management"
    PROGRESSION = "progression", "Career progression elsewhere"
    FLEXIBILITY = "flexibility", "No flexible working that suited them"
    PAY = "pay", "Pay"
    DISCRIMINATION = "discrimination", "Racism or discrimination"
    AGENCY = "agency", "Moved to agency work"
    RELOCATION = "relocation", "Moved away"
    RETIREMENT = "retirement", "Retirement"
    END_OF_CONTRACT = "end-of-contract", "End of a fixed-term or agency contract"
    HEALTH = "health", "Ill health"
    DISMISSAL = "dismissal", "Dismissal"
    OTHER = "other", "Another reason"


#: The push factor a reason for leaving is evidence of (reasons with none are not counted as push).
LEAVING_REASON_PUSH = {
    LeavingReason.WORKLOAD: PushFactor.WORKLOAD,
    LeavingReason.STRESS: PushFactor.BURNOUT,
    LeavingReason.CULTURE: PushFactor.POOR_CULTURE,
    LeavingReason.PROGRESSION: PushFactor.PROGRESSION,
    LeavingReason.FLEXIBILITY: PushFactor.FLEXIBILITY,
    LeavingReason.PAY: PushFactor.PAY,
    LeavingReason.DISCRIMINATION: PushFactor.DISCRIMINATION,
    LeavingReason.AGENCY: PushFactor.PAY,
}


class ConversationKind(models.TextChoices):
    EXIT_INTERVIEW = "exit-interview", "Exit interview"
    STAY_CONVERSATION = "stay-conversation", "Stay conversation"


class CpdKind(models.TextChoices):
    COURSE = "course", "Course or training"
    READING = "reading", "Reading or research"
    PEER_LEARNING = "peer-learning", "Peer learning or group supervision"
    OBSERVATION = "observation", "Practice observation"
    OTHER = "other", "Other learning"


# --- wellbeing pulse ---------------------------------------------------------------------------

AGREE_SCALE = [
    ("5", "Strongly agree"),
    ("4", "Agree"),
    ("3", "Neither agree nor disagree"),
    ("2", "Disagree"),
    ("1", "Strongly disagree"),
]


class Discrimination(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = "prefer-not-to-say", "Prefer not to say"


#: The statements of the pulse answered on the agree scale (field name, words on the form, short label).
PULSE_STATEMENTS = [
    ("workload", "My workload is manageable", "Workload is manageable"),
    ("support", "I get the support I need from my unit and my manager", "Feel supported"),
    ("safe_to_discuss", "I feel safe to talk about mistakes and worries", "Safe to discuss mistakes"),
    ("intention_to_stay", "I see myself still working here in two years' time", "Intend to stay"),
]

#: The pulse statement a push factor shows up in (the retention page compares it before and after an action).
PUSH_PULSE_MEASURE = {
    PushFactor.WORKLOAD: "workload",
    PushFactor.BURNOUT: "support",
    PushFactor.POOR_CULTURE: "safe_to_discuss",
    PushFactor.PROGRESSION: "intention_to_stay",
    PushFactor.FLEXIBILITY: "intention_to_stay",
    PushFactor.PAY: "intention_to_stay",
    PushFactor.DISCRIMINATION: "discrimination",
}


# --- equality, diversity and inclusion -----------------------------------------------------------

PREFER_NOT_TO_SAY = "prefer-not-to-say"
NOT_GIVEN = "not-given"


class EthnicGroup(models.TextChoices):
    WHITE = "white", "White"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    OTHER = "other", "Another ethnic group"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    ANOTHER_WAY = "another-way", "Non-binary or in another way"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class Disability(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class AgeBand(models.TextChoices):
    UNDER_30 = "under-30", "Under 30"
    THIRTIES = "30-39", "30 to 39"
    FORTIES = "40-49", "40 to 49"
    FIFTIES = "50-59", "50 to 59"
    SIXTY_PLUS = "60-plus", "60 or over"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


class SexualOrientation(models.TextChoices):
    HETEROSEXUAL = "heterosexual", "Heterosexual or straight"
    GAY_OR_LESBIAN = "gay-or-lesbian", "Gay or lesbian"
    BISEXUAL = "bisexual", "Bisexual"
    OTHER = "other", "Another sexual orientation"
    PREFER_NOT_TO_SAY = PREFER_NOT_TO_SAY, "Prefer not to say"


#: The characteristics staff may share: (field name, heading, choices).
CHARACTERISTICS = [
    ("ethnic_group", "Ethnic group", EthnicGroup),
    ("gender", "Gender", Gender),
    ("disability", "Disability", Disability),
    ("age_band", "Age", AgeBand),
    ("sexual_orientation", "Sexual orientation", SexualOrientation),
]


def characteristic_groups(choices) -> list[str]:
    """Every group of a characteristic, with "not given" for people who have not said."""
    return [*choices.values, NOT_GIVEN]


def group_label(choices, value: str) -> str:
    if value in ("", NOT_GIVEN):
        return "Not given"
    try:
        return choices(value).label
    except ValueError:
        return value


# --- children's social work workforce census (the returns app builds the census from these) --------
# Code lists of the DfE's census (CSWWWorker items; see hearth/returns/workforce_census/spec.py).


class CensusGender(models.TextChoices):
    """GenderCurrent."""

    NOT_KNOWN = "0", "Not known"
    MALE = "1", "Male"
    FEMALE = "2", "Female"
    NOT_SPECIFIED = "9", "Not specified"


class CensusEthnicity(models.TextChoices):
    """Ethnicity (the DfE's ethnicity codes)."""

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WOTH = "WOTH", "Any other White background"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Declared not stated or refused"
    NOBT = "NOBT", "Information not yet obtained"


class QualificationLevel(models.TextChoices):
    """QualLevel: the social work qualification."""

    UNDERGRADUATE = "1", "Undergraduate"
    POSTGRADUATE = "2", "Postgraduate"
    OTHER = "3", "Other"


class OrgRole(models.TextChoices):
    """OrgRole: the worker's role in the organisation."""

    SENIOR_MANAGER = "1", "Senior manager"
    MIDDLE_MANAGER = "2", "Middle manager"
    FIRST_LINE_MANAGER = "3", "First line manager"
    SENIOR_PRACTITIONER = "4", "Senior practitioner"
    CASE_HOLDER = "5", "Case holder"
    QUALIFIED_WITHOUT_CASES = "6", "Qualified without cases"


class StartOrigin(models.TextChoices):
    """StartOrigin: where a worker came from."""

    NEWLY_QUALIFIED = "1", "Newly qualified social worker"
    OTHER_LA = "2", "Social worker role in a different local authority in England"
    OUTSIDE_ENGLAND = "3", "Social worker role outside England"
    AGENCY = "4", "Agency or consultancy in social work (in England)"
    NON_LA_SOCIAL_WORK = "5", "Other social work role, not a local authority (in England)"
    SOCIAL_CARE = "6", "Other social care role, in or outside a local authority (in England)"
    NON_SOCIAL_CARE = "7", "Non-social care role, any role outside England, no employment or a career break"
    OTHER = "8", "Other"
    NOT_KNOWN = "9", "Not known"
    NOT_YET_COLLECTED = "10", "Not yet collected"


class LeaverDestination(models.TextChoices):
    """LeaverDestination: where a leaver went."""

    OTHER_LA = "1", "Social worker role in a different local authority in England"
    OUTSIDE_ENGLAND = "2", "Social worker role outside England"
    AGENCY = "3", "Agency or consultancy in social work (in England)"
    NON_LA_SOCIAL_WORK = "4", "Other social work role, not a local authority (in England)"
    SOCIAL_CARE = "5", "Other social care role, in or outside a local authority (in England)"
    NON_SOCIAL_CARE = "6", "Non-social care role, any role outside England, no employment or a career break"
    OTHER = "7", "Other"
    NOT_KNOWN = "8", "Not known"
    NOT_YET_COLLECTED = "9", "Not yet collected"


class CensusReasonLeave(models.TextChoices):
    """ReasonLeave: why a worker left."""

    RESIGNATION = "1", "Resignation"
    VOLUNTARY_REDUNDANCY = "2", "Voluntary redundancy"
    COMPULSORY_REDUNDANCY = "3", "Compulsory redundancy"
    DISMISSED = "4", "Dismissed"
    RETIRED = "5", "Retired"
    DECEASED = "6", "Deceased"
    NON_CHILD_AND_FAMILY_ROLE = "7", "Moved to a non-child and family social work role within the authority"
    OTHER = "8", "Other"
    NOT_KNOWN = "9", "Not known"
    NOT_YET_COLLECTED = "10", "Not yet collected"
