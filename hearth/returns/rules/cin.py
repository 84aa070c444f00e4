"""The DfE's children in need census validation rules that Hearth's record can break.

Each class is named after the rule's code; its docstring is the published rule (from "Children in need
census 2025 to 2026: validation rules" and the business and technical specification), then the
Department's error message. `message` says the same to the worker who can fix it. Rules read a
`ChildRec` (`hearth/returns/cin/records.py`) that is already loaded: they make no queries.
"""

from __future__ import annotations

import datetime

from hearth.cases.codes import AssessmentFactor, PrimaryNeed, ReasonForClosure, ReferralSource
from hearth.core.presenters import date_in_words
from hearth.people.codes import Disability, Sex

from ..base import Problem, Rule, register

VALID_SEX = set(Sex.values)
VALID_DISABILITY = set(Disability.values)
VALID_SOURCE = set(ReferralSource.values)
VALID_NEED = set(PrimaryNeed.values)
VALID_CLOSURE = set(ReasonForClosure.values)
VALID_FACTORS = set(AssessmentFactor.values)


def referral_label(ref) -> str:
    return f"Referral of {date_in_words(ref.referral_date)}" if ref.referral_date else "Referral with no date"


def assessment_label(a) -> str:
    return f"Assessment starting {date_in_words(a.start)}" if a.start else "Assessment with no start date"


def s47_label(s) -> str:
    return f"Section 47 enquiry starting {date_in_words(s.start)}" if s.start else "Section 47 enquiry"


def cpp_label(p) -> str:
    return f"Child protection plan starting {date_in_words(p.start)}" if p.start else "Child protection plan"


def cin_plan_label(p) -> str:
    return f"Child in need plan starting {date_in_words(p.start)}" if p.start else "Child in need plan"


CHILD_LABEL = "Child's details"


class CINRule(Rule):
    returns = "cin"

    def problem(self, record, label: str = CHILD_LABEL) -> Problem:
        return Problem(code=self.code, message=self.message, subject_id=record.id, object_label=label)

    def check(self, record) -> list[Problem]:
        return [self.problem(record, label) for label in self.failures(record)]

    def failures(self, record):  # pragma: no cover - every rule overrides it
        raise NotImplementedError


def _in_year(record, day) -> bool:
    return day is not None and record.period.start <= day <= record.period.end


# --- child identifiers and characteristics ---------------------------------------------------------


@register
class Rule8500(CINRule):
    """LA Child ID missing

    DfE message: LA Child ID missing"""

    code = "8500"
    message = "The child has no LA child ID. Add the authority's reference for the child."

    def failures(self, record):
        if not (record.la_child_id or "").strip():
            yield CHILD_LABEL


@register
class Rule8520(CINRule):
    """<PersonBirthDate> (N00066) must be on or before <ReferenceDate> (N00603) or null.

    DfE message: Date of Birth is after data collection period (must be on or before the end of the census period)"""

    code = "8520"
    message = "The date of birth is after the end of the census year. Check the date of birth."

    def failures(self, record):
        if record.dob is not None and record.dob > record.period.end:
            yield CHILD_LABEL


@register
class Rule8525(CINRule):
    """Either Date of Birth or Expected Date of Birth must be provided (but not both)

    DfE message: Either Date of Birth or Expected Date of Birth must be provided (but not both)"""

    code = "8525"
    message = (
        "Record the child's date of birth, or for an unborn child the expected date of birth (not both)."
    )

    def failures(self, record):
        if (record.dob is None) == (record.expected_dob is None):
            yield CHILD_LABEL


@register
class Rule4180(CINRule):
    """<Sex> (N00783) must be present and valid (M, F or U).

    DfE message: Sex must be provided and equal M, F, or U"""

    code = "4180"
    message = "The child's sex is missing or not one the census allows (male, female or not known)."

    def failures(self, record):
        if record.sex not in VALID_SEX:
            yield CHILD_LABEL


@register
class Rule8750(CINRule):
    """If <ExpectedPersonBirthDate> (N00098) is present and <PersonBirthDate> (N00066) is blank, then
    <Sex> (N00783) must equal U.

    DfE message: Sex must equal U for an unborn child"""

    code = "8750"
    message = "For an unborn child, record the sex as not known."

    def failures(self, record):
        if record.dob is None and record.expected_dob is not None and record.sex != Sex.UNKNOWN:
            yield CHILD_LABEL


@register
class Rule8540(CINRule):
    """If <PersonBirthDate> (N00066) is present and at least one <ReferralNFA> (N00112) is false or 0,
    then one or more instances of <Disability> (N00099) must be present, and all instances must be
    valid code values.

    DfE message: Child's disability is missing or invalid (see Disability table)"""

    code = "8540"
    message = "Record whether the child has a disability (choose 'No disability' if they have none)."

    def failures(self, record):
        if record.dob is None or all(r.nfa for r in record.referrals):
            return
        if not record.disabilities or any(code not in VALID_DISABILITY for code in record.disabilities):
            yield CHILD_LABEL


# --- CIN details (referral to closure) -------------------------------------------------------------


@register
class Rule8600(CINRule):
    """<CINreferralDate> (N00100) must be present and must be on or before <ReferenceDate> (N00603).

    DfE message: Child referral date missing or after data collection period"""

    code = "8600"
    message = "The referral date is missing or after the end of the census year."

    def failures(self, record):
        for ref in record.referrals:
            if ref.referral_date is None or ref.referral_date > record.period.end:
                yield referral_label(ref)


@register
class Rule8606(CINRule):
    """<CINreferralDate> (N00100) cannot be more than 280 days before <PersonBirthDate> (N00066) or
    <ExpectedPersonBirthDate> (N00098).

    DfE message: Child referral date is more than 40 weeks before DOB or expected DOB"""

    code = "8606"
    message = (
        "The referral is more than 40 weeks before the child's (expected) date of birth. Check both dates."
    )

    def failures(self, record):
        birth = record.dob or record.expected_dob
        if birth is None:
            return
        for ref in record.referrals:
            if ref.referral_date is not None and ref.referral_date < birth - datetime.timedelta(days=280):
                yield referral_label(ref)


@register
class Rule8610(CINRule):
    """If <ReferralNFA> (N00112) = false or 0 then <PrimaryNeedCode> (N00101) must be present.

    DfE message: Primary Need code is missing for a referral which led to further action."""

    code = "8610"
    message = "Record the child's primary need for this referral: it led to further action."

    def failures(self, record):
        for ref in record.referrals:
            if not ref.nfa and not ref.primary_need:
                yield referral_label(ref)


@register
class Rule8650(CINRule):
    """If present <PrimaryNeedCode> (N00101) must be a valid primary need code value.

    DfE message: Primary Need Code invalid (see Primary Need table in CIN census code set)"""

    code = "8650"
    message = "The primary need is not one of the census's codes. Choose the primary need again."

    def failures(self, record):
        for ref in record.referrals:
            if ref.primary_need and ref.primary_need not in VALID_NEED:
                yield referral_label(ref)


@register
class Rule8866(CINRule):
    """If <CINreferralDate> (N00100) is on or after 1 April 2013 then <ReferralSource> (N00152) must be
    present and must be a valid code.

    DfE message: Source of Referral is missing or an invalid code"""

    code = "8866"
    message = "Record who made the referral (the source of the referral)."

    def failures(self, record):
        for ref in record.referrals:
            if ref.referral_date and ref.referral_date >= datetime.date(2013, 4, 1):
                if ref.source not in VALID_SOURCE:
                    yield referral_label(ref)


@register
class Rule8620(CINRule):
    """If <CINclosureDate> (N00102) is present, it must be within [Period_of_Census].

    DfE message: CIN Closure Date present and does not fall within the Census year"""

    code = "8620"
    message = "The case closure date is outside the census year."

    def failures(self, record):
        for ref in record.referrals:
            if ref.closure_date is not None and not _in_year(record, ref.closure_date):
                yield referral_label(ref)


@register
class Rule8630(CINRule):
    """If present <CINclosureDate> (N00102) must be on or after <CINreferralDate> (N00100) in the same
    <CINdetails> instance.

    DfE message: CIN Closure Date is before CIN Referral Date for the same CIN episode"""

    code = "8630"
    message = "The case was closed before the date of the referral."

    def failures(self, record):
        for ref in record.referrals:
            if ref.closure_date and ref.referral_date and ref.closure_date < ref.referral_date:
                yield referral_label(ref)


@register
class Rule8640(CINRule):
    """If present <ReasonForClosure> (N00103) must be a valid reason for closure code value.

    DfE message: CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)"""

    code = "8640"
    message = "The reason for closing the case is not one of the census's codes. Choose the reason again."

    def failures(self, record):
        for ref in record.referrals:
            if ref.reason_for_closure and ref.reason_for_closure not in VALID_CLOSURE:
                yield referral_label(ref)


@register
class Rule8805(CINRule):
    """If <CINclosureDate> (N00102) is present then <ReasonForClosure> (N00103) must also be present.

    DfE message: A CIN case cannot have a CIN closure date without a Reason for Closure"""

    code = "8805"
    message = "The case has a closure date but no reason for closure. Record why the case closed."

    def failures(self, record):
        for ref in record.referrals:
            if ref.closure_date is not None and not ref.reason_for_closure:
                yield referral_label(ref)


@register
class Rule8810(CINRule):
    """If <ReasonForClosure> (N00103) is present then <CINclosureDate> (N00102) must also be present.

    DfE message: A CIN case cannot have a Reason for Closure without a CIN Closure Date"""

    code = "8810"
    message = "The case has a reason for closure but no closure date. Record the date the case closed."

    def failures(self, record):
        for ref in record.referrals:
            if ref.reason_for_closure and ref.closure_date is None:
                yield referral_label(ref)


@register
class Rule8820(CINRule):
    """If more than one <CINdetails> module is present for the same child, then for each module the
    <CINreferralDate> (N00100) must not fall: a) between the <CINreferralDate> (N00100) and the
    <CINclosureDate> (N00102) if present; and b) between the <CINreferralDate> (N00100) and the
    <ReferenceDate> (N00603) if the <CINclosureDate> is not present and <ReferralNFA> (N00112) = false
    or 0. Note: the effect of this rule is that there cannot be overlapping referrals, although the end
    date of one referral may be the same as the start date of the following referral.

    DfE message: The dates on the CIN episodes for this child overlap"""

    code = "8820"
    message = "This referral starts while another episode of help was still open. Check the dates of both."

    def failures(self, record):
        refs = [r for r in record.referrals if r.referral_date is not None]
        for ref in refs:
            for other in refs:
                if other is ref or ref.referral_date < other.referral_date:
                    continue
                if ref.referral_date == other.referral_date and ref.id < other.id:
                    continue
                if other.closure_date is not None:
                    overlaps = ref.referral_date < other.closure_date
                else:
                    overlaps = not other.nfa and ref.referral_date <= record.period.end
                if overlaps:
                    yield referral_label(ref)
                    break


@register
class Rule8831(CINRule):
    """If a <CINdetails> module has <ReferralNFA> (N00112) = true or 1, then it cannot have any of the
    following: <AssessmentActualStartDate> (N00159), <AssessmentAuthorisationDate> (N00160),
    <S47ActualStartDate> (N00148), <DateOfInitialCPC> (N00110).

    DfE message: Activity is recorded against a case marked as a referral with no further action"""

    code = "8831"
    message = (
        "The referral is marked 'no further action' but has an assessment or section 47 enquiry recorded."
    )

    def failures(self, record):
        for ref in record.referrals:
            if ref.nfa and (ref.assessments or ref.section47s or ref.date_of_initial_cpc):
                yield referral_label(ref)


@register
class Rule8867(CINRule):
    """If <CINclosureDate> (N00102) is present then all instances of the <Assessments> group must include
    the <AssessmentAuthorisationDate> (N00160).

    DfE message: CIN episode is shown as closed, however Assessment is not shown as completed"""

    code = "8867"
    message = "The case is closed but an assessment in it was never authorised. Complete or withdraw it."

    def failures(self, record):
        for ref in record.referrals:
            if ref.closure_date is not None:
                for a in ref.assessments:
                    if a.authorised is None:
                        yield assessment_label(a)


@register
class Rule8868(CINRule):
    """If <CINclosureDate> (N00102) is present then all instances of the <Section47> group must either
    i) include the <DateOfInitialCPC> (N00110) or ii) include <ICPCnotRequired> (N00111) with a value
    of true or 1.

    DfE message: CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag"""

    code = "8868"
    message = (
        "The case is closed but a section 47 enquiry has neither a conference date nor 'conference not "
        "required'. Record which."
    )

    def failures(self, record):
        for ref in record.referrals:
            if ref.closure_date is not None:
                for s in ref.section47s:
                    if s.icpc is None and not s.not_required:
                        yield s47_label(s)


# --- assessments -----------------------------------------------------------------------------------


@register
class Rule8608(CINRule):
    """If present <AssessmentAuthorisationDate> (N00160) must be on or after the
    <AssessmentActualStartDate> (N00159).

    DfE message: Assessment Start Date cannot be later than its End Date"""

    code = "8608"
    message = "The assessment was authorised before it started."

    def failures(self, record):
        for ref in record.referrals:
            for a in ref.assessments:
                if a.authorised is not None and a.start is not None and a.authorised < a.start:
                    yield assessment_label(a)


@register
class Rule8614(CINRule):
    """If <AssessmentAuthorisationDate> (N00160) is missing, <AssessmentFactors> (N00181) within the same
    module must also be missing.

    DfE message: Parental or child factors at assessment should only be present for a completed assessment."""

    code = "8614"
    message = "Factors are recorded on an assessment that is not yet authorised."

    def failures(self, record):
        for ref in record.referrals:
            for a in ref.assessments:
                if a.authorised is None and a.factors:
                    yield assessment_label(a)


@register
class Rule8869(CINRule):
    """If <AssessmentFactors> (N00181) = "21", this must be the only <AssessmentFactors> (N00181) present.

    DfE message: The assessment factors code "21" cannot be used in conjunction with any other assessment factors."""

    code = "8869"
    message = "'No factors identified' is recorded together with other factors. Keep one or the other."

    def failures(self, record):
        for ref in record.referrals:
            for a in ref.assessments:
                if "21" in a.factors and len(set(a.factors)) > 1:
                    yield assessment_label(a)


@register
class Rule8696(CINRule):
    """If present <AssessmentAuthorisationDate> (N00160) must be on or between [Start_Of_Census_Year] and
    <ReferenceDate> (N00603).

    DfE message: Assessment end date must fall within the census year"""

    code = "8696"
    message = "The assessment's authorisation date is outside the census year."

    def failures(self, record):
        for ref in record.referrals:
            for a in ref.assessments:
                if a.authorised is not None and not _in_year(record, a.authorised):
                    yield assessment_label(a)


@register
class Rule8736(CINRule):
    """Where present, if an <Assessments> group does not contain the <AssessmentAuthorisationDate>
    (N00160) then the <AssessmentActualStartDate> (N00159) must be on or between [Start_Of_Census_Year]
    and <ReferenceDate> (N00603).

    DfE message: For an Assessment that has not been completed, the start date must fall within the census year"""

    code = "8736"
    message = (
        "This assessment started before the census year and is still not authorised. Complete or withdraw it."
    )

    def failures(self, record):
        for ref in record.referrals:
            for a in ref.assessments:
                if a.authorised is None and not _in_year(record, a.start):
                    yield assessment_label(a)


# --- section 47 enquiries --------------------------------------------------------------------------


@register
class Rule8615(CINRule):
    """Within a <Section47> group, if <DateOfInitialCPC> (N00110) is present then <S47ActualStartDate>
    (N00148) must be present and on or before the <DateOfInitialCPC> (N00110).

    DfE message: Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference"""

    code = "8615"
    message = "The initial child protection conference is dated before the section 47 enquiry started."

    def failures(self, record):
        for ref in record.referrals:
            for s in ref.section47s:
                if s.icpc is not None and (s.start is None or s.start > s.icpc):
                    yield s47_label(s)


@register
class Rule8715(CINRule):
    """Date of Initial Child Protection Conference must fall within the census year

    DfE message: Date of Initial Child Protection Conference must fall within the census year"""

    code = "8715"
    message = "The initial child protection conference date is outside the census year."

    def failures(self, record):
        for ref in record.referrals:
            for s in ref.section47s:
                if s.icpc is not None and not _in_year(record, s.icpc):
                    yield s47_label(s)


@register
class Rule8740(CINRule):
    """If a <Section47> group does not contain the <DateOfInitialCPC> (N00110) and <ICPCnotRequired>
    (N00111) is false, then the <S47ActualStartDate> (N00148) must be on or between
    [Start_Of_Census_Year] and <ReferenceDate> (N00603).

    DfE message: For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year"""

    code = "8740"
    message = (
        "This section 47 enquiry started before the census year and has no conference date. Record the "
        "conference, or that none was needed."
    )

    def failures(self, record):
        for ref in record.referrals:
            for s in ref.section47s:
                if s.icpc is None and not s.not_required and not _in_year(record, s.start):
                    yield s47_label(s)


@register
class Rule8839(CINRule):
    """Within one <CINdetails> group, there must be only one <Section47> group that has no
    <DateOfInitialCPC> (N00110) recorded and the <ICPCnotRequired> (N00111) flag is not true.

    DfE message: Within one CINDetails group there are 2 or more open S47 Assessments"""

    code = "8839"
    message = "Two or more section 47 enquiries in this episode are still open. Record the outcome of the older one."

    def failures(self, record):
        for ref in record.referrals:
            open_ = [s for s in ref.section47s if s.icpc is None and not s.not_required]
            if len(open_) > 1:
                yield referral_label(ref)


# --- child protection plans ------------------------------------------------------------------------


@register
class Rule8720(CINRule):
    """Where a CPP module is present, <CPPstartDate> (N00105) must be present and on or before the
    <ReferenceDate> (N00603).

    DfE message: Child Protection Plan Start Date missing or out of data collection period"""

    code = "8720"
    message = "The child protection plan's start date is missing or after the end of the census year."

    def failures(self, record):
        for ref in record.referrals:
            for p in ref.cp_plans:
                if p.start is None or p.start > record.period.end:
                    yield cpp_label(p)


@register
class Rule8840(CINRule):
    """Child Protection Plan cannot start and end on the same day

    DfE message: Child Protection Plan cannot start and end on the same day"""

    code = "8840"
    message = "The child protection plan starts and ends on the same day. Check the end date."

    def failures(self, record):
        for ref in record.referrals:
            for p in ref.cp_plans:
                if p.start is not None and p.start == p.end:
                    yield cpp_label(p)


@register
class Rule8841(CINRule):
    """Within a <ChildProtectionPlans> group, there should be no <CPPreviewDate> (N00116) that is the same
    as or before the <CPPstartDate> (N00105).

    DfE message: The review date cannot be on the same day or before the Child protection Plan start date."""

    code = "8841"
    message = "A review conference is dated on or before the day the child protection plan started."

    def failures(self, record):
        for ref in record.referrals:
            for p in ref.cp_plans:
                if p.start is not None and any(day <= p.start for day in p.reviews):
                    yield cpp_label(p)


@register
class Rule2885(CINRule):
    """If present and if <CPPStartDate> (N00105) falls within [Period_Of_Census], then the <CPPStartDate>
    (N00105) should equal either: a) a Section47 module <DateOfInitialCPC> (N00110), or b) a CINDetails
    module <DateOfInitialCPC> (N00110) if there is no associated Section 47 record.

    DfE message: Child protection plan shown as starting a different day to the initial child protection conference."""

    code = "2885"
    message = "The child protection plan should start on the day of the initial child protection conference."

    def failures(self, record):
        for ref in record.referrals:
            conferences = {s.icpc for s in ref.section47s if s.icpc} | (
                {ref.date_of_initial_cpc} if ref.date_of_initial_cpc else set()
            )
            for p in ref.cp_plans:
                if _in_year(record, p.start) and p.start not in conferences:
                    yield cpp_label(p)


@register
class Rule4001(CINRule):
    """If a <CINDetails> module has a <ChildProtectionPlan> module present with no <CPPendDate> (N00115)
    then a <CINPlanDates> module with no <CINPlanEndDate> (N00690) must not be present.

    DfE message: A CIN Plan cannot run concurrently with a Child Protection Plan"""

    code = "4001"
    message = "The child in need plan is still open while the child protection plan is open. End one of them."

    def failures(self, record):
        for ref in record.referrals:
            if any(p.end is None for p in ref.cp_plans):
                for plan in ref.cin_plans:
                    if plan.end is None:
                        yield cin_plan_label(plan)


@register
class Rule4003(CINRule):
    """Within a <CINDetails> module, no <CPPReviewDate> (N00116) can fall between any <CINPlanStartdate>
    (N00689) or <CINPlanEndDate> (N00690) unless <CPPReviewDate> is equal to <CPPendDate> (N00115).

    DfE message: A CPP review date is shown as being held at the same time as an open CIN Plan."""

    code = "4003"
    message = (
        "A child protection review is dated while the child in need plan was open. Check the plan dates."
    )

    def failures(self, record):
        for ref in record.referrals:
            for p in ref.cp_plans:
                for day in p.reviews:
                    if day == p.end:
                        continue
                    for plan in ref.cin_plans:
                        if (
                            plan.start is not None
                            and plan.start <= day
                            and (plan.end is None or day < plan.end)
                        ):
                            yield cpp_label(p)
                            break


@register
class Rule4008(CINRule):
    """If <PersonDeathDate> (N00108) is present, then <CINPlanStartDate> (N00689) must be on or before
    <PersonDeathDate> (N00108).

    DfE message: CIN Plan shown as starting after the child's Date of Death."""

    code = "4008"
    message = "A child in need plan starts after the child's date of death."

    def failures(self, record):
        if record.death is None:
            return
        for ref in record.referrals:
            for plan in ref.cin_plans:
                if plan.start is not None and plan.start > record.death:
                    yield cin_plan_label(plan)
