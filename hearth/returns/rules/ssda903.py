"""The DfE's SSDA903 (children looked after) validation rules that Hearth's record can break.

Each class is named after the rule's code; its docstring is the Department's published error message
(as listed in the 903 validation rules for 2025-26 and implemented per year in the sector's open
validator, data-to-insight/csc-validator-be-903), then the condition it checks. `message` says the same
to the worker who can fix it. Rules read a `ChildRecord` (`hearth/returns/ssda903/records.py`) that is
already loaded, and only for a child looked after in the collection year: they make no queries.
"""

from __future__ import annotations

import re

from hearth.core.presenters import date_in_words

from ..base import Problem, Rule, register
from ..ssda903.records import ChildRecord, Episode, add_years
from ..ssda903.spec import CODES, NO_PROVIDER_PLACEMENTS, TEMPORARY_PLACEMENTS

CHILD_LABEL = "Child's details"
UPN = re.compile(r"^(?![IOS])[A-Z](\d{12}|\d{11}[A-Z])$|^UN[1-5]$")


def episode_label(e: Episode) -> str:
    return f"Looked-after episode starting {date_in_words(e.decom)}"


class LookedAfterRule(Rule):
    returns = "ssda903"

    def check(self, record: ChildRecord) -> list[Problem]:
        if not record.in_scope:
            return []
        return [
            Problem(code=self.code, message=self.message, subject_id=record.id, object_label=label)
            for label in self.failures(record)
        ]

    def failures(self, record: ChildRecord):  # pragma: no cover - every rule overrides it
        raise NotImplementedError


class EpisodeCodeRule(LookedAfterRule):
    """A code of the year's episodes that is not in the specification's list."""

    item: str
    attribute: str
    blank_allowed = False

    def failures(self, record):
        for e in record.episodes_in():
            value = getattr(e, self.attribute)
            if (value or not self.blank_allowed) and value not in CODES[self.item]:
                yield episode_label(e)


# --- header -------------------------------------------------------------------------------------


@register
class Rule101(LookedAfterRule):
    """The child or young person's reported sex is not valid.

    SEX must be M, F or U."""

    code = "101"
    message = "The child's sex is not recorded as male, female or not known. Record the child's sex."

    def failures(self, record):
        if record.sex not in CODES["SEX"]:
            yield CHILD_LABEL


@register
class Rule102(LookedAfterRule):
    """Date of birth is not a valid date.

    DOB must be a valid date."""

    code = "102"
    message = "The child's date of birth is missing. Record it on the child's details."

    def failures(self, record):
        if record.dob is None:
            yield CHILD_LABEL


@register
class Rule103(LookedAfterRule):
    """The ethnicity code is either not valid or has not been entered.

    ETHNIC must be one of the DfE ethnicity codes."""

    code = "103"
    message = "The child's ethnicity is missing or not one of the DfE's codes. Record their ethnicity."

    def failures(self, record):
        if record.ethnic not in CODES["ETHNIC"]:
            yield CHILD_LABEL


@register
class Rule168(LookedAfterRule):
    """Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, UN3, UN4 or
    UN5.

    UPN must be a letter (not I, O or S) and 12 digits (the last may be a letter), or UN1 to UN5."""

    code = "168"
    message = (
        "The child is of school age but has no unique pupil number (UPN). Ask the school or virtual school."
    )

    def failures(self, record):
        if not UPN.match(record.upn_for_return or ""):
            yield CHILD_LABEL


@register
class Rule209(LookedAfterRule):
    """Child looked after is of school age and should not have an unknown Unique Pupil Number (UPN) code of
    UN1.

    If DOB is 4 years or more before 31 August of the year before the collection year starts, UPN must
    not be UN1."""

    code = "209"
    message = "The child is of school age, so 'not yet of school age' (UN1) cannot stand for their UPN."

    def failures(self, record):
        reference = record.period.start.replace(year=record.period.start.year - 1, month=8, day=31)
        if record.upn == "UN1" and record.dob and add_years(record.dob, 4) <= reference:
            yield CHILD_LABEL


@register
class Rule232(LookedAfterRule):
    """Sex of the child/young person has been reported as unknown.

    SEX is U."""

    code = "232"
    message = "The child's sex is recorded as not known. Record it if you can."

    def failures(self, record):
        if record.sex == "U":
            yield CHILD_LABEL


@register
class Rule351(LookedAfterRule):
    """Child was over 21 at the start of the current collection year.

    The collection start date is later than the child's 21st birthday."""

    code = "351"
    message = "The child was over 21 when the collection year started. Check their date of birth."

    def failures(self, record):
        if record.dob and record.period.start > add_years(record.dob, 21):
            yield CHILD_LABEL


# --- episodes ------------------------------------------------------------------------------------


@register
class Rule142(LookedAfterRule):
    """A new episode has started, but the previous episode has not ended.

    Every episode but the latest must have DEC and REC."""

    code = "142"
    message = "A later episode has started but this one has no end date or reason it ended. Record both."

    def failures(self, record):
        for e in record.episodes[:-1]:
            if (e.dec is None or not e.rec) and e in record.episodes_in():
                yield episode_label(e)


@register
class Rule143(EpisodeCodeRule):
    """The reason for new episode code is not a valid code.

    RNE must be S, P, L, T, U or B."""

    code = "143"
    message = "The reason this episode started is not one of the DfE's codes. Choose the reason again."
    item, attribute = "RNE", "rne"


@register
class Rule144(EpisodeCodeRule):
    """The legal status code is not a valid code.

    LS must be one of C1, C2, D1, E1, V2, V3, V4, J1, J2, J3, L1, L2, L3."""

    code = "144"
    message = "The legal status of this episode is not one of the DfE's codes. Choose the legal status again."
    item, attribute = "LS", "ls"


@register
class Rule145(EpisodeCodeRule):
    """Category of need code is not a valid code.

    CIN must be N1 to N8."""

    code = "145"
    message = "The category of need of this episode must be one of N1 to N8. Choose it again."
    item, attribute = "CIN", "cin"


@register
class Rule146(EpisodeCodeRule):
    """Placement type code is not a valid code.

    PLACE must be one of the placement types valid in 2025-26 (H5, P2 and Z1 are no longer valid)."""

    code = "146"
    message = "The placement type of this episode is no longer a valid code. Choose the placement type again."
    item, attribute = "PLACE", "place"


@register
class Rule149(EpisodeCodeRule):
    """Reason episode ceased code is not valid.

    If given, REC must be one of the reasons an episode ceased."""

    code = "149"
    message = "The reason this episode ended is not one of the DfE's codes. Choose the reason again."
    item, attribute, blank_allowed = "REC", "rec", True


@register
class Rule178(LookedAfterRule):
    """Placement provider code is not a valid code.

    If provided, PLACE_PROVIDER must be a valid value and should not be provided if PLACE is T0, T1, T2,
    T3, Z11, Z12, Z13 or Z14."""

    code = "178"
    message = (
        "The placement provider of this episode is not one of the DfE's codes. Choose the provider again."
    )

    def failures(self, record):
        for e in record.episodes_in():
            if e.place_provider and e.place_provider not in CODES["PLACE_PROVIDER"]:
                yield episode_label(e)


@register
class Rule213(LookedAfterRule):
    """Placement provider information not required.

    If PLACE is T0, T1, T2, T3, T4, Z11, Z12, Z13 or Z14, PLACE_PROVIDER must be blank."""

    code = "213"
    message = "Temporary and 'other' placements take no placement provider. Remove the provider."

    def failures(self, record):
        for e in record.episodes_in():
            if e.place in NO_PROVIDER_PLACEMENTS and e.place_provider:
                yield episode_label(e)


@register
class Rule226(LookedAfterRule):
    """Reason for placement change is not required for temporary placements.

    If PLACE is T0, T1, T2, T3 or T4, REASON_PLACE_CHANGE must be blank on that episode and on the one
    before it."""

    code = "226"
    message = "A temporary placement takes no reason for the placement change. Remove the reason."

    def failures(self, record):
        previous = None
        for e in record.episodes:
            if e.place in TEMPORARY_PLACEMENTS and e in record.episodes_in():
                if e.reason_place_change or (previous is not None and previous.reason_place_change):
                    yield episode_label(e)
            previous = e


@register
class Rule233(LookedAfterRule):
    """Reason for placement change is not required when the episode has not ceased.

    If DEC is blank, REASON_PLACE_CHANGE must be blank."""

    code = "233"
    message = "This episode has not ended, so it takes no reason for a placement change. Remove the reason."

    def failures(self, record):
        for e in record.episodes_in():
            if e.dec is None and e.reason_place_change:
                yield episode_label(e)


@register
class Rule352(LookedAfterRule):
    """Child who started to be looked after was aged 18 or over.

    If RNE is S, DECOM must be before the child's 18th birthday."""

    code = "352"
    message = "The child was 18 or over when they started to be looked after. Check the dates."

    def failures(self, record):
        for e in record.episodes_in():
            if e.rne == "S" and record.dob and add_years(record.dob, 18) <= e.decom:
                yield episode_label(e)


@register
class Rule357(LookedAfterRule):
    """If this is the first episode ever for this child, reason for new episode must be S. Check whether
    there is an episode immediately preceding this one, which has been left out. If not the reason for new
    episode code must be amended to S.

    The child's earliest episode, if it starts in the collection year, must have RNE S."""

    code = "357"
    message = "The child's first episode must be 'started to be looked after' (S). Add the missing episode or change the reason."

    def failures(self, record):
        if record.episodes:
            first = record.episodes[0]
            if first.decom >= record.period.start and first.rne != "S":
                yield episode_label(first)


class _CeasedAgeRule(LookedAfterRule):
    reasons: frozenset[str]
    years: int
    under = True  # a problem when the child was under `years` (False: when they had reached it)

    def failures(self, record):
        for e in record.episodes_in():
            if e.rec in self.reasons and e.dec and record.dob:
                reached = add_years(record.dob, self.years) <= e.dec
                if reached != self.under:
                    yield episode_label(e)


@register
class Rule386(_CeasedAgeRule):
    """Reason episode ceased is adopted but child has reached age 18.

    If REC is E11 or E12, DEC must be before the child's 18th birthday."""

    code = "386"
    message = "The episode ended by adoption after the child's 18th birthday. Check the dates and reason."
    reasons, years, under = frozenset({"E11", "E12"}), 18, False


@register
class Rule387(_CeasedAgeRule):
    """Reason episode ceased is child moved into independent living arrangement, but the child is aged
    under 14.

    If REC is E5 or E6, the child must be 14 or over on DEC."""

    code = "387"
    message = (
        "The child moved into independent living before they were 14. Check the reason the episode ended."
    )
    reasons, years = frozenset({"E5", "E6"}), 14


@register
class Rule389(_CeasedAgeRule):
    """Reason episode ceased is that child transferred to care of adult social care services, but child is
    aged under 16.

    If REC is E7, the child must be 16 or over on DEC."""

    code = "389"
    message = "The child moved to adult social care before they were 16. Check the reason the episode ended."
    reasons, years = frozenset({"E7"}), 16


@register
class Rule388(LookedAfterRule):
    """Reason episode ceased is coded new episode begins, but there is no continuation episode.

    If REC is X1 a new episode must start on DEC; if an episode ends and the next starts the same day,
    REC must be X1; the child's last episode must not end with X1."""

    code = "388"
    message = "The reason this episode ended does not match what follows it. Use 'new episode begins' (X1) only when another episode starts the same day."

    def failures(self, record):
        eps = record.episodes
        for i, e in enumerate(eps):
            if e.dec is None or not e.rec or e not in record.episodes_in():
                continue
            following = eps[i + 1] if i + 1 < len(eps) else None
            if following is None:
                wrong = e.rec == "X1"
            else:
                wrong = (e.rec == "X1") != (following.decom == e.dec)
            if wrong:
                yield episode_label(e)


@register
class Rule501(LookedAfterRule):
    """A new episode has started before the end date of the previous episode.

    Ordered by DECOM, each episode must start on or after the previous one's DEC."""

    code = "501"
    message = "This episode starts before the previous episode ended. Correct the dates."

    def failures(self, record):
        for previous, e in zip(record.episodes, record.episodes[1:], strict=False):
            if previous.dec and e.decom < previous.dec and e in record.episodes_in():
                yield episode_label(e)


# --- reviews, missing, UASC -------------------------------------------------------------------------


def _reviews(record):
    return [r for r in record.reviews if record.period.start <= r.review <= record.period.end]


@register
class Rule167(LookedAfterRule):
    """Data entry for participation is invalid or blank.

    A review with a date must have REVIEW_CODE PN0 to PN7."""

    code = "167"
    message = "How the child took part in this review is not recorded. Choose one of the options."

    def failures(self, record):
        for r in _reviews(record):
            if r.review_code not in CODES["REVIEW_CODE"]:
                yield f"Looked-after review of {date_in_words(r.review)}"


def _missing_label(m) -> str:
    return f"Missing or away from placement from {date_in_words(m.mis_start)}"


@register
class Rule567(LookedAfterRule):
    """The date that the missing episode or episode that the child was away from placement without
    authorisation ended is before the date that it started.

    MIS_END must not be before MIS_START."""

    code = "567"
    message = "This missing episode ends before it starts. Correct the dates."

    def failures(self, record):
        for m in record.missing:
            if m.mis_end and m.mis_end < m.mis_start:
                yield _missing_label(m)


@register
class Rule574(LookedAfterRule):
    """A new missing/away from placement without authorisation period cannot start when the previous
    missing/away from placement without authorisation period is still open. Missing/away from placement
    without authorisation periods should also not overlap.

    Ordered by end (or start), each period must start on or after the previous one's MIS_END."""

    code = "574"
    message = "This missing episode overlaps another, or starts while an earlier one is still open. Correct the dates."

    def failures(self, record):
        ordered = sorted(record.missing, key=lambda m: (m.mis_end or m.mis_start, m.mis_start))
        for previous, m in zip(ordered, ordered[1:], strict=False):
            if previous.mis_end is None or m.mis_start < previous.mis_end:
                yield _missing_label(m)


@register
class Rule104(LookedAfterRule):
    """Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date.

    DUC, if given, must not be before the start of the collection year."""

    code = "104"
    message = (
        "The child is still marked as an unaccompanied asylum-seeking child, but their UASC status ended "
        "before this collection year. Check the date it ended or the child's details."
    )

    def failures(self, record):
        if record.uasc and record.uasc_recorded and record.duc and record.duc < record.period.start:
            yield "Unaccompanied asylum-seeking child status"


# --- OC2, OC3, adoption ------------------------------------------------------------------------------


def _health(record):
    if record.continuously_looked_after_12_months():
        return record.health.get(record.period.end)
    return None


HEALTH_LABEL = "Health and outcomes for the year"


@register
class Rule180(LookedAfterRule):
    """Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid.

    SDQ_SCORE, if given, must be a whole number from 0 to 40."""

    code = "180"
    message = "The SDQ score must be a whole number from 0 to 40. Correct the score."

    def failures(self, record):
        h = _health(record)
        if h and h.sdq_score is not None and not 0 <= h.sdq_score <= 40:
            yield HEALTH_LABEL


@register
class Rule181(LookedAfterRule):
    """Data items relating to children looked after continuously for 12 months should be completed with a 0
    or 1.

    CONVICTED, HEALTH_CHECK, IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE,
    INTERVENTION_RECEIVED and INTERVENTION_OFFERED must be 0 or 1 where given."""

    code = "181"
    message = "The child has been looked after for 12 months: record their health checks, immunisations, teeth check, health assessment, substance misuse and any conviction."

    def failures(self, record):
        if not record.continuously_looked_after_12_months():
            return
        h = record.health.get(record.period.end)
        required = ("convicted", "health_check", "immunisations", "teeth_check", "health_assessment")
        if h is None or any(getattr(h, item) is None for item in required):
            yield HEALTH_LABEL


@register
class Rule196(LookedAfterRule):
    """Strengths and Difficulties (SDQ) reason is not a valid code.

    SDQ_REASON, if given, must be SDQ1 to SDQ5."""

    code = "196"
    message = "The reason there is no SDQ score is not one of the DfE's codes. Choose the reason again."

    def failures(self, record):
        h = _health(record)
        if h and h.sdq_reason and h.sdq_reason not in CODES["SDQ_REASON"]:
            yield HEALTH_LABEL


def _care_leaver(record):
    return [c for c in record.care_leaver if record.period.start <= c.birthday <= record.period.end]


def _care_leaver_label(c) -> str:
    return f"Care leaver's situation at their birthday, {date_in_words(c.birthday)}"


class _CareLeaverCodeRule(LookedAfterRule):
    item: str
    attribute: str

    def failures(self, record):
        for c in _care_leaver(record):
            if getattr(c, self.attribute) not in CODES[self.item]:
                yield _care_leaver_label(c)


@register
class Rule131(_CareLeaverCodeRule):
    """Data entry for being in touch after leaving care is invalid.

    IN_TOUCH must be YES, NO, DIED, REFU, NREQ or RHOM."""

    code = "131"
    message = "Whether the authority is in touch with the care leaver is not recorded. Choose an answer."
    item, attribute = "IN_TOUCH", "in_touch"


@register
class Rule132(_CareLeaverCodeRule):
    """Data entry for activity after leaving care is invalid.

    ACTIV must be F1, P1, F2, P2, F4, P4, F5, P5, G4, G5, G6 or 0."""

    code = "132"
    message = "The care leaver's main activity is not one of the DfE's codes. Choose it again."
    item, attribute = "ACTIV", "activ"


@register
class Rule133(_CareLeaverCodeRule):
    """Data entry for accommodation after leaving care is invalid. If reporting on a childs accommodation
    after leaving care the data entry must be valid

    ACCOM must be one of the accommodation codes of the year."""

    code = "133"
    message = "The care leaver's accommodation is not one of the DfE's codes. Choose it again."
    item, attribute = "ACCOM", "accom"


ADOPTION_LABEL = "Adoption details"


def _adoption(record):
    adopted = any(e.rec in ("E11", "E12") and e.dec for e in record.episodes_in())
    return record.adoption if adopted else None


class _AdoptionCodeRule(LookedAfterRule):
    item: str
    attribute: str

    def failures(self, record):
        a = _adoption(record)
        if a and str(getattr(a, self.attribute)) not in CODES[self.item]:
            yield ADOPTION_LABEL


@register
class Rule175(_AdoptionCodeRule):
    """The number of adopter(s) code is not a valid code.

    NB_ADOPTR must be 1 or 2."""

    code = "175"
    message = "The number of adopters must be 1 or 2. Correct the adoption details."
    item, attribute = "NB_ADOPTR", "nb_adoptr"


@register
class Rule176(_AdoptionCodeRule):
    """The gender of adopter(s) at the date of adoption code is not a valid code.

    SEX_ADOPTR must be M1, F1, MM, FF or MF."""

    code = "176"
    message = "The sex of the adopters is not one of the DfE's codes. Correct the adoption details."
    item, attribute = "SEX_ADOPTR", "sex_adoptr"


@register
class Rule177(_AdoptionCodeRule):
    """The legal status of adopter(s) code is not a valid code.

    LS_ADOPTR must be L0, L11, L12, L2, L3 or L4."""

    code = "177"
    message = "The legal status of the adopters is not one of the DfE's codes. Correct the adoption details."
    item, attribute = "LS_ADOPTR", "ls_adoptr"


@register
class Rule511(LookedAfterRule):
    """If reporting that the number of person(s) adopting the looked after child is two adopters then the
    code should only be MM, FF or MF. MM = the adopting couple are both males; FF = the adopting couple are
    both females; MF = The adopting couple are male and female.

    NB_ADOPTR 2 must not go with SEX_ADOPTR M1 or F1."""

    code = "511"
    message = "Two adopters are recorded with the sex of a single adopter. Correct the adoption details."

    def failures(self, record):
        a = _adoption(record)
        if a and a.nb_adoptr == 2 and a.sex_adoptr in ("M1", "F1"):
            yield ADOPTION_LABEL


@register
class Rule518(LookedAfterRule):
    """If reporting legal status of adopters is L4 then the genders of adopters should be coded as MM or FF.
    MM = the adopting couple are both males. FF = the adopting couple are both females.

    LS_ADOPTR L4 must go with SEX_ADOPTR MM or FF."""

    code = "518"
    message = "A same-sex couple (L4) must be recorded as two men or two women. Correct the adoption details."

    def failures(self, record):
        a = _adoption(record)
        if a and a.ls_adoptr == "L4" and a.sex_adoptr not in ("MM", "FF"):
            yield ADOPTION_LABEL
