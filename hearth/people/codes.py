"""Codes used in the DfE returns (CIN census and SSDA903), named as in their specifications.

Check each year's published specification before a return: codes change. These are the codes of the
2024-25 and 2025-26 collections.
"""

from django.db import models


class Sex(models.TextChoices):
    """CIN census <Sex> / 903 SEX. (903 uses 1 and 2; the return maps M->1, F->2.)"""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):
    """DfE ethnicity codes (<Ethnicity> / ETHNIC)."""

    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy or Roma"
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
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    """CIN census <Disability> codes."""

    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Diagnosed with autism or Asperger syndrome"
    DDA = "DDA", "Other disability under the Equality Act"


class RelationshipKind(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    PARENT = "parent", "Parent"
    STEP_PARENT = "step-parent", "Step-parent"
    PARENTS_PARTNER = "parents-partner", "Parent's partner"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half-sibling", "Half-sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    AUNT_UNCLE = "aunt-uncle", "Aunt or uncle"
    CARER = "carer", "Carer"
    FOSTER_CARER = "foster-carer", "Foster carer"
    FRIEND = "friend", "Family friend"
    OTHER = "other", "Other"


class Restriction(models.TextChoices):
    NONE = "", "Not restricted"
    STAFF_RELATIVE = "staff-relative", "Relative or friend of a member of staff"
    HIGH_PROFILE = "high-profile", "High profile"
    ADOPTION = "adoption", "Adoption"
