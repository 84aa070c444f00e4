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
    F18B = "18B", "Abuse or neglect: physical abuse by an adult"
    F18C = "18C", "Abuse or neglect: physical abuse by another child"
    F19B = "19B", "Abuse or neglect: sexual abuse by an adult"
    F19C = "19C", "Abuse or neglect: sexual abuse by another child"
    F20 = "20", "Abuse or neglect: unknown type"
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
    """SSDA903 PLACE (placement type)."""

    A3 = "A3", "Placed for adoption with parental consent with current foster carer"
    A4 = "A4", "Placed for adoption with parental consent not with current foster carer"
    A5 = "A5", "Placed for adoption with placement order with current foster carer"
    A6 = "A6", "Placed for adoption with placement order not with current foster carer"
    H5 = "H5", "Semi-independent living accommodation not subject to children's homes regulations"
    K1 = "K1", "Secure children's home"
    K2 = "K2", "Children's home subject to children's homes regulations"
    P1 = "P1", "Placed with own parent or other person with parental responsibility"
    P2 = "P2", "Independent living, for example in a flat or lodgings"
    P3 = "P3", "Residential employment"
    R1 = "R1", "Residential care home"
    R2 = "R2", "NHS or health trust or other establishment providing medical or nursing care"
    R3 = "R3", "Family centre or mother and baby unit"
    R5 = "R5", "Young offender institution or prison"
    S1 = "S1", "All residential schools, except where dual-registered as a school and children's home"
    T0 = "T0", "Temporary placement: all types"
    U1 = "U1", "Foster placement with relative or friend, long term fostering"
    U2 = "U2", "Foster placement with relative or friend who is also an approved adopter (FFA)"
    U3 = "U3", "Foster placement with relative or friend, not long term or FFA"
    U4 = "U4", "Foster placement with other foster carer, long term fostering"
    U5 = "U5", "Foster placement with other foster carer who is also an approved adopter (FFA)"
    U6 = "U6", "Foster placement with other foster carer, not long term or FFA"
    Z1 = "Z1", "Other placements"


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
