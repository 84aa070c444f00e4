"""Codes of the CIN census and SSDA903, named as in the DfE specifications.

Each year's published specification is the authority: check these against it before a return.
"""

from django.db import models


class ReferralSource(models.TextChoices):
    """CIN census <ReferralSource>."""

    INDIVIDUAL = "1A", "Individual: family member, relative or carer"
    ACQUAINTANCE = "1B", "Individual: acquaintance (including neighbours and child minders)"
    SELF = "1C", "Individual: self"
    OTHER_INDIVIDUAL = "1D", "Individual: other"
    SCHOOLS = "2A", "Schools"
    EDUCATION_SERVICES = "2B", "Education services"
    GP = "3A", "Health services: GP"
    HEALTH_VISITOR = "3B", "Health services: health visitor"
    SCHOOL_NURSE = "3C", "Health services: school nurse"
    OTHER_PRIMARY = "3D", "Health services: other primary health services"
    AE = "3E", "Health services: A&E (emergency department)"
    OTHER_HEALTH = "3F", "Health services: other"
    HOUSING = "4", "Housing: LA housing or housing association"
    LA_SOCIAL_CARE = "5A", "LA services: social care, for example adults social care"
    LA_OTHER_INTERNAL = "5B", "LA services: other internal"
    LA_EXTERNAL = "5C", "LA services: external, for example from another LA"
    EARLY_HELP = "5D", "LA services: early help"
    POLICE = "6", "Police"
    OTHER_LEGAL = "7", "Other legal agency"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class PrimaryNeed(models.TextChoices):
    """CIN census <PrimaryNeedCode> (903 CIN)."""

    N0 = "N0", "Not stated"
    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental disability or illness"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"
    N9 = "N9", "Cases other than children in need"


class CategoryOfNeed(models.TextChoices):
    """SSDA903 CIN (category of need): N1 to N8 only. The CIN census' N0 (not stated) and N9 (cases other
    than children in need) are not valid on a looked-after episode (SSDA903 rule 145)."""

    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental disability or illness"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"


class ReasonForClosure(models.TextChoices):
    """CIN census <ReasonForClosure>."""

    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Transferred to services of another local authority"
    RC6 = "RC6", "Transferred to adult social care services"
    RC7 = "RC7", "Services ceased for any other reason, including child no longer in need"
    RC8 = "RC8", "Case closed after assessment, no further action"
    RC9 = "RC9", "Case closed after assessment, referred to early help"


class ContactOutcome(models.TextChoices):
    NFA = "nfa", "No further action"
    ADVICE = "advice", "Advice and information"
    EARLY_HELP = "early-help", "Early help"
    REFERRAL = "referral", "Referral to children's social care"


class CategoryOfAbuse(models.TextChoices):
    """CIN census <InitialCategoryOfAbuse> / <LatestCategoryOfAbuse>."""

    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    SAB = "SAB", "Sexual abuse"
    EMO = "EMO", "Emotional abuse"
    MUL = "MUL", "Multiple (no longer used for new plans)"


class AssessmentFactor(models.TextChoices):
    """CIN census <AssessmentFactors>: factors identified at the end of assessment."""

    F1A = "1A", "Alcohol misuse: concerns about the child"
    F1B = "1B", "Alcohol misuse: concerns about the parent or carer"
    F1C = "1C", "Alcohol misuse: concerns about another person in the household"
    F2A = "2A", "Drug misuse: concerns about the child"
    F2B = "2B", "Drug misuse: concerns about the parent or carer"
    F2C = "2C", "Drug misuse: concerns about another person in the household"
    F3A = "3A", "Domestic abuse: concerns about the child"
    F3B = "3B", "Domestic abuse: concerns about the parent or carer"
    F3C = "3C", "Domestic abuse: concerns about another person in the household"
    F4A = "4A", "Mental health: concerns about the child"
    F4B = "4B", "Mental health: concerns about the parent or carer"
    F4C = "4C", "Mental health: concerns about another person in the household"
    F5A = "5A", "Learning disability: concerns about the child"
    F5B = "5B", "Learning disability: concerns about the parent or carer"
    F5C = "5C", "Learning disability: concerns about another person in the household"
    F6A = "6A", "Physical disability or illness: concerns about the child"
    F6B = "6B", "Physical disability or illness: concerns about the parent or carer"
    F6C = "6C", "Physical disability or illness: concerns about another person in the household"
    F7A = "7A", "Young carer"
    F8B = "8B", "Privately fostered: overseas child intending to return"
    F8C = "8C", "Privately fostered: overseas child intending to stay"
    F8D = "8D", "Privately fostered: UK child in education or training"
    F8E = "8E", "Privately fostered: UK child, parents' study or work"
    F8F = "8F", "Privately fostered: UK child, other"
    F9A = "9A", "Unaccompanied asylum-seeking child"
    F10A = "10A", "Missing"
    F11A = "11A", "Child sexual exploitation"
    F12A = "12A", "Trafficking"
    F13A = "13A", "Gangs"
    F14A = "14A", "Socially unacceptable behaviour"
    F15A = "15A", "Self-harm"
    F16A = "16A", "Abuse or neglect: neglect"
    F17A = "17A", "Abuse or neglect: emotional abuse"
    F18B = "18B", "Abuse or neglect: physical abuse by another child"
    F18C = "18C", "Abuse or neglect: physical abuse by an adult"
    F19B = "19B", "Abuse or neglect: sexual abuse by another child"
    F19C = "19C", "Abuse or neglect: sexual abuse by an adult"
    F20 = "20", "Other"
    F21 = "21", "No factors identified"
    F22A = "22A", "Female genital mutilation"
    F23A = "23A", "Abuse linked to faith or belief"
    F24A = "24A", "Child criminal exploitation"


class LegalStatus(models.TextChoices):
    """SSDA903 LEGAL_STATUS."""

    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order granted"
    E1 = "E1", "Placement order granted"
    J1 = "J1", "Remanded to LA accommodation or youth detention accommodation"
    J2 = "J2", "Placed in LA accommodation under PACE"
    J3 = "J3", "Sentenced to a youth rehabilitation order with residence or fostering requirement"
    L1 = "L1", "Under police protection and in LA accommodation"
    L2 = "L2", "Emergency protection order"
    L3 = "L3", "Under child assessment order and in LA accommodation"
    V2 = "V2", "Single period of accommodation under section 20"
    V3 = "V3", "Accommodated under an agreed series of short-term breaks (individual episodes)"
    V4 = "V4", "Accommodated under an agreed series of short-term breaks (multiple episodes)"


class Placement(models.TextChoices):
    """SSDA903 PLACE (placement type), as valid for episodes in the 2025-26 collection.

    The code list is the DfE's for 2025-26 (see `hearth/returns/ssda903/spec.py` for the sources). H5
    (semi-independent living) and P2 (independent living) stopped being valid placement types from 28
    October 2023 and Z1 was replaced by Z11 to Z14: they are no longer offered for new episodes.
    """

    A3 = "A3", "Placed for adoption with parental consent with current foster carer"
    A4 = "A4", "Placed for adoption with parental consent not with current foster carer"
    A5 = "A5", "Placed for adoption with placement order with current foster carer"
    A6 = "A6", "Placed for adoption with placement order not with current foster carer"
    K1 = "K1", "Secure children's home"
    K2 = "K2", "Children's home subject to children's homes regulations"
    K3 = "K3", "Supported accommodation registered with Ofsted"
    P1 = "P1", "Placed with own parent or other person with parental responsibility"
    P3 = "P3", "Residential employment"
    R1 = "R1", "Residential care home"
    R2 = "R2", "NHS or health trust or other establishment providing medical or nursing care"
    R3 = "R3", "Family centre or mother and baby unit"
    R5 = "R5", "Young offender institution or prison"
    S1 = "S1", "All residential schools, except where dual-registered as a school and children's home"
    T0 = "T0", "Temporary placement: all types of temporary move"
    T1 = "T1", "Temporary placement: temporary periods in hospital"
    T2 = "T2", "Temporary placement: temporary absences of the child on holiday"
    T3 = "T3", "Temporary placement: while the normal foster carer is on holiday"
    T4 = "T4", "Temporary placement: temporary accommodation of seven days or less"
    U1 = "U1", "Foster placement with relative or friend, long term fostering"
    U2 = "U2", "Foster placement with relative or friend who is also an approved adopter (FFA)"
    U3 = "U3", "Foster placement with relative or friend, not long term or FFA"
    U4 = "U4", "Foster placement with other foster carer, long term fostering"
    U5 = "U5", "Foster placement with other foster carer who is also an approved adopter (FFA)"
    U6 = "U6", "Foster placement with other foster carer, not long term or FFA"
    Z11 = "Z11", "Other placement (Z11)"
    Z12 = "Z12", "Other placement (Z12)"
    Z13 = "Z13", "Other placement (Z13)"
    Z14 = "Z14", "Other placement (Z14)"


#: Placement types that take no placement provider (SSDA903 rule 213).
PLACEMENTS_WITHOUT_PROVIDER = frozenset({"T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"})


class PlacementProvider(models.TextChoices):
    """SSDA903 PLACE_PROVIDER."""

    PR0 = "PR0", "Parent or other person with parental responsibility"
    PR1 = "PR1", "Own provision by the LA"
    PR2 = "PR2", "Other LA provision"
    PR3 = "PR3", "Other public provision, for example a primary care trust"
    PR4 = "PR4", "Private provision"
    PR5 = "PR5", "Voluntary or third sector provision"


class ReasonNewEpisode(models.TextChoices):
    """SSDA903 RNE."""

    S = "S", "Started to be looked after"
    L = "L", "Change of legal status only"
    P = "P", "Change of placement (but not carer) only"
    T = "T", "Change of placement and legal status"
    U = "U", "Change of legal status and placement at the same time"
    B = "B", "Change of placement and carer"


class ReasonEpisodeCeased(models.TextChoices):
    """SSDA903 REC."""

    E11 = "E11", "Adopted: application for an adoption order unopposed"
    E12 = "E12", "Adopted: consent dispensed with by the court"
    E13 = "E13", "Left care to live with parents or relatives, not under a special guardianship order"
    E14 = "E14", "Accommodation on remand ended"
    E15 = "E15", "Age assessment determined child is aged 18 or over"
    E16 = "E16", "Child moved abroad"
    E17 = "E17", "Aged 18 (or over) and remained with current carers (staying put)"
    E2 = "E2", "Died"
    E3 = "E3", "Care taken over by another LA in the UK"
    E41 = "E41", "Residence order (or child arrangements order which sets out living arrangements) granted"
    E45 = "E45", "Special guardianship order made to former foster carers"
    E46 = "E46", "Special guardianship order made to carers other than former foster carers"
    E47 = "E47", "Special guardianship order made to relatives or friends (former foster carers)"
    E48 = "E48", "Special guardianship order made to relatives or friends (not former foster carers)"
    E4A = "E4A", "Returned home to live with parents or other person with parental responsibility, planned"
    E4B = "E4B", "Returned home to live with parents or other person with parental responsibility, unplanned"
    E5 = (
        "E5",
        "Moved into independent living arrangement and no longer looked after: supportive accommodation",
    )
    E6 = "E6", "Moved into independent living arrangement and no longer looked after: no formalised support"
    E7 = "E7", "Transferred to residential care funded by adult social care services"
    E8 = "E8", "Period of being looked after ceased for any other reason"
    E9 = "E9", "Sentenced to custody"
    X1 = "X1", "Episode ceases, and new episode begins on same day, for any reason"


class ReasonPlaceChange(models.TextChoices):
    """SSDA903 REASON_PLACE_CHANGE: why a placement ended, on the episode that ended it."""

    CARPL = "CARPL", "Change to or implementation of the care plan"
    CLOSE = "CLOSE", "Resignation or closure of the provision"
    ALLEG = "ALLEG", "Allegation (section 47)"
    STAND = "STAND", "Standards of care concern"
    APPRR = "APPRR", "Approval removed"
    CREQB = "CREQB", "Carer requests the placement end because of the child's behaviour"
    CREQO = "CREQO", "Carer requests the placement end, other than because of the child's behaviour"
    CHILD = "CHILD", "Child requests the placement end"
    LAREQ = "LAREQ", "Responsible or area authority requests the placement end"
    PLACE = "PLACE", "Change in the status of the placement only"
    OTHER = "OTHER", "Other"


# --- SSDA903 code lists of the facts in models/looked_after.py -----------------------------------


class ReviewParticipation(models.TextChoices):
    """SSDA903 REVIEW_CODE: how the child took part in their looked-after review."""

    PN0 = "PN0", "Child aged under 4 at the time of the review"
    PN1 = "PN1", "Child attended and spoke for themselves"
    PN2 = "PN2", "Child attended and an advocate spoke on their behalf"
    PN3 = "PN3", "Child attended and conveyed their views non-verbally"
    PN4 = "PN4", "Child attended but did not speak or convey their views"
    PN5 = "PN5", "Child did not attend but briefed an advocate to speak for them"
    PN6 = "PN6", "Child did not attend but conveyed their feelings in another way"
    PN7 = "PN7", "Child did not attend or contribute to the review"


class MissingKind(models.TextChoices):
    """SSDA903 MISSING."""

    M = "M", "Missing"
    A = "A", "Away from placement without authorisation"


class SdqReason(models.TextChoices):
    """SSDA903 SDQ_REASON: why there is no strengths and difficulties questionnaire score."""

    SDQ1 = "SDQ1", "No form returned as the child was under 4 or over 17 at the latest assessment"
    SDQ2 = "SDQ2", "Carer refused to complete and return the questionnaire"
    SDQ3 = "SDQ3", "Not possible because of the severity of the child's disability"
    SDQ4 = "SDQ4", "Other"
    SDQ5 = "SDQ5", "Child or young person refused to allow an SDQ to be completed"


class InTouch(models.TextChoices):
    """SSDA903 IN_TOUCH: whether the authority is in touch with the care leaver."""

    YES = "YES", "Yes"
    NO = "NO", "No"
    DIED = "DIED", "Young person has died"
    REFU = "REFU", "Young person refuses contact"
    NREQ = "NREQ", "Young person no longer requires services"
    RHOM = "RHOM", "Young person has returned home to live with their parents"


class Activity(models.TextChoices):
    """SSDA903 ACTIV: the care leaver's main activity."""

    F1 = "F1", "Full time in higher education"
    P1 = "P1", "Part time in higher education"
    F2 = "F2", "Full time in education other than higher education"
    P2 = "P2", "Part time in education other than higher education"
    F4 = "F4", "Full time in training or employment"
    P4 = "P4", "Part time in training or employment"
    F5 = "F5", "Full time apprenticeship"
    P5 = "P5", "Part time apprenticeship"
    G4 = "G4", "Not in education, training or employment: illness or disability"
    G5 = "G5", "Not in education, training or employment: other reasons"
    G6 = "G6", "Not in education, training or employment: pregnancy or parenting"
    NOT_KNOWN = "0", "Not known"


_ACCOMMODATION = {
    "B": "With parents or relatives",
    "C": "Community home or other residential care",
    "D": "Semi-independent, transitional accommodation",
    "E": "Supported lodgings",
    "G": "Gone abroad",
    "H": "Deported",
    "K": "Ordinary lodgings, without formal support",
    "R": "Residence not known",
    "S": "No fixed abode or homeless",
    "T": "Foyers",
    "U": "Independent living",
    "V": "Emergency accommodation",
    "W": "Bed and breakfast",
    "X": "In custody",
    "Y": "Other accommodation",
    "Z": "With former foster carers",
}
#: SSDA903 ACCOM: the care leaver's accommodation; 1 = suitable, 2 = not suitable. The 2025-26 list has
#: no S1 or X1 (rule 133).
ACCOMMODATION_CHOICES = [
    (f"{letter}{n}", f"{label}: {'suitable' if n == 1 else 'not suitable'}")
    for letter, label in _ACCOMMODATION.items()
    for n in (1, 2)
    if f"{letter}{n}" not in {"S1", "X1"}
] + [("0", "Not known")]


class AdopterSex(models.TextChoices):
    """SSDA903 SEX_ADOPTR."""

    M1 = "M1", "Male (single adopter)"
    F1 = "F1", "Female (single adopter)"
    MM = "MM", "Male couple"
    FF = "FF", "Female couple"
    MF = "MF", "Male and female couple"


class AdopterLegalStatus(models.TextChoices):
    """SSDA903 LS_ADOPTR."""

    L0 = "L0", "Single adopter (L0)"
    L11 = "L11", "Couple: married (L11)"
    L12 = "L12", "Couple: civil partners (L12)"
    L2 = "L2", "Couple: not married or civil partners (L2)"
    L3 = "L3", "Single adopter who is the partner of a parent (L3)"
    L4 = "L4", "Same-sex couple (L4)"


class ReasonPlacedCeased(models.TextChoices):
    """SSDA903 REASON_PLACED_CEASED: why a child should no longer be placed for adoption."""

    RD1 = "RD1", "The child's needs changed after the decision"
    RD2 = "RD2", "Unable to find a suitable adoptive family"
    RD3 = "RD3", "A change in the parents' circumstances"
    RD4 = "RD4", "Any other reason"


class PreviousPermanence(models.TextChoices):
    """SSDA903 PREV_PERM: the permanence order the child had before this period of care."""

    P1 = "P1", "Adoption"
    P2 = "P2", "Special guardianship order"
    P3 = "P3", "Residence order or child arrangements order naming where the child lives"
    P4 = "P4", "Not known"
    Z1 = "Z1", "No previous permanence option"
