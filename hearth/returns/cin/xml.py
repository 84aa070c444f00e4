"""The CIN census XML, in the order and with the names of the 2025 to 2026 specification."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.utils import timezone
from lxml import etree

from hearth.organisation.models import LocalAuthority

from ..base import Period, Progress
from .records import ChildRec

SOFTWARE_CODE = "Hearth"
PROGRESS_EVERY = 500


def _date(day) -> str:
    return day.isoformat()


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _add(parent, tag: str, text: str | None):
    if text is None or text == "":
        return None
    element = etree.SubElement(parent, tag)
    element.text = text
    return element


def _add_date(parent, tag: str, day):
    return _add(parent, tag, _date(day) if day is not None else None)


def _header(root, period: Period) -> None:
    header = etree.SubElement(root, "Header")
    details = etree.SubElement(header, "CollectionDetails")
    _add(details, "Collection", "CIN")
    _add(details, "Year", str(period.end.year))
    _add_date(details, "ReferenceDate", period.end)
    source = etree.SubElement(header, "Source")
    _add(source, "SourceLevel", "L")
    authority = LocalAuthority.objects.order_by("pk").first()
    _add(source, "LEA", authority.la_code if authority else "000")
    _add(source, "SoftwareCode", SOFTWARE_CODE)
    _add(source, "Release", getattr(settings, "HEARTH_RELEASE", "1.0"))
    _add(source, "SerialNo", "001")
    _add(source, "DateTime", timezone.localtime().replace(microsecond=0, tzinfo=None).isoformat())


def child_element(child: ChildRec):
    element = etree.Element("Child")
    ids = etree.SubElement(element, "ChildIdentifiers")
    _add(ids, "LAchildID", child.la_child_id)
    _add(ids, "UPN", child.upn)
    _add(ids, "UPNunknown", child.upn_unknown)
    _add_date(ids, "PersonBirthDate", child.dob)
    _add_date(ids, "ExpectedPersonBirthDate", child.expected_dob if child.dob is None else None)
    _add(ids, "Sex", child.sex)
    _add_date(ids, "PersonDeathDate", child.death)
    characteristics = etree.SubElement(element, "ChildCharacteristics")
    _add(characteristics, "Ethnicity", child.ethnicity)
    if child.disabilities:
        disabilities = etree.SubElement(characteristics, "Disabilities")
        for code in child.disabilities:
            _add(disabilities, "Disability", code)
    for ref in child.referrals:
        details = etree.SubElement(element, "CINdetails")
        _add_date(details, "CINreferralDate", ref.referral_date)
        _add(details, "ReferralSource", ref.source)
        _add(details, "PrimaryNeedCode", ref.primary_need)
        _add_date(details, "CINclosureDate", ref.closure_date)
        _add(details, "ReasonForClosure", ref.reason_for_closure if ref.closure_date else "")
        _add_date(details, "DateOfInitialCPC", ref.date_of_initial_cpc)
        for a in ref.assessments:
            group = etree.SubElement(details, "Assessments")
            _add_date(group, "AssessmentActualStartDate", a.start)
            _add_date(group, "AssessmentInternalReviewDate", a.internal_review)
            _add_date(group, "AssessmentAuthorisationDate", a.authorised)
            if a.authorised and a.factors:
                factors = etree.SubElement(group, "FactorsIdentifiedAtAssessment")
                for code in a.factors:
                    _add(factors, "AssessmentFactors", code)
        for plan in ref.cin_plans:
            group = etree.SubElement(details, "CINPlanDates")
            _add_date(group, "CINPlanStartDate", plan.start)
            _add_date(group, "CINPlanEndDate", plan.end)
        for s47 in ref.section47s:
            group = etree.SubElement(details, "Section47")
            _add_date(group, "S47ActualStartDate", s47.start)
            _add_date(group, "InitialCPCtarget", s47.target)
            _add_date(group, "DateOfInitialCPC", s47.icpc)
            _add(group, "ICPCnotRequired", _bool(s47.not_required))
        _add(details, "ReferralNFA", _bool(ref.nfa))
        for plan in ref.cp_plans:
            group = etree.SubElement(details, "ChildProtectionPlans")
            _add_date(group, "CPPstartDate", plan.start)
            _add_date(group, "CPPendDate", plan.end)
            _add(group, "InitialCategoryOfAbuse", plan.initial_category)
            _add(group, "LatestCategoryOfAbuse", plan.latest_category)
            _add(group, "NumberOfPreviousCPP", str(plan.previous))
            if plan.reviews:
                reviews = etree.SubElement(group, "Reviews")
                for day in plan.reviews:
                    _add_date(reviews, "CPPreviewDate", day)
    return element


def census_xml(period: Period, records: dict[int, ChildRec], *, progress: Progress | None = None) -> bytes:
    root = etree.Element("Message")
    _header(root, period)
    children = etree.SubElement(root, "Children")
    ordered = sorted(records.values(), key=lambda c: c.la_child_id)
    total = len(ordered)
    if progress:
        progress(0, total)
    for done, child in enumerate(ordered, start=1):
        children.append(child_element(child))
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
    if progress:
        progress(total, total)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def child_fingerprints(content: bytes) -> dict[str, str]:
    root = etree.fromstring(content)
    result = {}
    for child in root.iterfind("Children/Child"):
        key = child.findtext("ChildIdentifiers/LAchildID") or ""
        # Hearth writes the elements in a fixed order with no attributes: the serialisation is canonical.
        result[key] = hashlib.blake2b(etree.tostring(child), digest_size=8).hexdigest()
    return result
