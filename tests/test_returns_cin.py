"""The CIN census XML: valid against the schema for the year, the spec's order and names, who is in
scope, facts after the reference date left out; the DfE code sets in Hearth match the schema's."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from lxml import etree

from hearth.cases import codes as case_codes
from hearth.cases.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    ChildProtectionReview,
    Section47,
)
from hearth.people import codes as people_codes
from hearth.people.models import ChildDisability
from hearth.returns import cin
from hearth.returns.cin.records import current_period, period_for_year

from .factories import ChildFactory
from .factories_returns import referral_for

D = datetime.date
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "hearth/returns/schemas/cin_census_2025-26.xsd"
YEAR = period_for_year(2025)


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def _xml(period=YEAR):
    files = cin.build(period)
    assert [f.name for f in files] == [f"cin_census_{period.label}.xml"]
    assert files[0].media_type == "application/xml"
    return files[0].content


@pytest.fixture
def full_child(org):
    """One child with every module of the census: assessments with factors, a section 47 enquiry and its
    conference, a child protection plan with reviews, then a child in need plan, closed in the year."""
    child = ChildFactory(
        la_child_id="CIN0001",
        upn="A123456789012",
        date_of_birth=D(2014, 2, 3),
        sex="F",
        ethnicity="MWBA",
        unit=org.unit_a,
        unit__lead_worker=org["social-worker"],
    )
    ChildDisability.objects.create(child=child, code="AUT")
    ChildDisability.objects.create(child=child, code="COMM")
    referral = referral_for(child, on=D(2025, 4, 10), referral_source="2A", primary_need_code="N1")
    Assessment.objects.create(
        referral=referral,
        assessment_actual_start_date=D(2025, 4, 11),
        assessment_internal_review_date=D(2025, 5, 20),
        assessment_authorisation_date=D(2025, 5, 22),
        factors=["3A", "4B"],
    )
    Section47.objects.create(
        referral=referral,
        s47_actual_start_date=D(2025, 4, 12),
        initial_cpc_target=D(2025, 5, 2),
        date_of_initial_cpc=D(2025, 4, 30),
    )
    plan = ChildProtectionPlan.objects.create(
        referral=referral,
        cpp_start_date=D(2025, 4, 30),
        cpp_end_date=D(2025, 10, 30),
        initial_category_of_abuse="NEG",
        latest_category_of_abuse="EMO",
        number_of_previous_cpp=1,
    )
    ChildProtectionReview.objects.create(plan=plan, cpp_review_date=D(2025, 7, 30))
    ChildProtectionReview.objects.create(plan=plan, cpp_review_date=D(2025, 10, 30))
    ChildInNeedPlan.objects.create(
        referral=referral, cin_plan_start_date=D(2025, 10, 30), cin_plan_end_date=D(2026, 2, 1)
    )
    referral.cin_closure_date = D(2026, 2, 1)
    referral.reason_for_closure = "RC7"
    referral.save()
    return child


def test_xml_is_valid_against_the_schema_for_the_year(full_child, schema, org):
    unborn = ChildFactory(
        la_child_id="CIN0002", date_of_birth=None, expected_date_of_birth=D(2026, 6, 1), sex="U"
    )
    referral_for(unborn, on=D(2026, 1, 5), referral_nfa=True)
    content = _xml()
    doc = etree.fromstring(content)
    assert schema.validate(doc), schema.error_log
    assert content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


def test_xml_has_the_header_and_every_module_in_the_specs_order(full_child, org):
    doc = etree.fromstring(_xml())
    header = doc.find("Header")
    assert [e.tag for e in header.find("CollectionDetails")] == ["Collection", "Year", "ReferenceDate"]
    assert header.findtext("CollectionDetails/Year") == "2026"
    assert header.findtext("CollectionDetails/ReferenceDate") == "2026-03-31"
    assert header.findtext("Source/LEA") == org.unit_a.service_area.authority.la_code
    [child] = doc.findall("Children/Child")
    assert [e.tag for e in child.find("ChildIdentifiers")] == ["LAchildID", "UPN", "PersonBirthDate", "Sex"]
    assert child.findtext("ChildIdentifiers/Sex") == "F"
    assert [d.text for d in child.findall("ChildCharacteristics/Disabilities/Disability")] == ["AUT", "COMM"]
    details = child.find("CINdetails")
    assert [e.tag for e in details] == [
        "CINreferralDate",
        "ReferralSource",
        "PrimaryNeedCode",
        "CINclosureDate",
        "ReasonForClosure",
        "Assessments",
        "CINPlanDates",
        "Section47",
        "ReferralNFA",
        "ChildProtectionPlans",
    ]
    assert [
        f.text for f in details.findall("Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors")
    ] == ["3A", "4B"]
    assert details.findtext("Section47/ICPCnotRequired") == "false"
    assert details.findtext("ReferralNFA") == "false"
    assert [r.text for r in details.findall("ChildProtectionPlans/Reviews/CPPreviewDate")] == [
        "2025-07-30",
        "2025-10-30",
    ]
    assert details.findtext("ChildProtectionPlans/NumberOfPreviousCPP") == "1"


def test_scope_is_children_with_an_episode_open_in_the_year(org):
    before = ChildFactory(la_child_id="OUT0001")
    referral_for(before, on=D(2024, 5, 1), cin_closure_date=D(2025, 3, 31), reason_for_closure="RC7")
    after = ChildFactory(la_child_id="OUT0002")
    referral_for(after, on=D(2026, 4, 1))
    carried = ChildFactory(la_child_id="IN0001")
    referral_for(carried, on=D(2024, 12, 1))
    doc = etree.fromstring(_xml())
    assert [e.text for e in doc.findall("Children/Child/ChildIdentifiers/LAchildID")] == ["IN0001"]


def test_facts_after_the_reference_date_are_left_out(org):
    child = ChildFactory(la_child_id="LATE0001")
    referral = referral_for(child, on=D(2026, 3, 1), cin_closure_date=D(2026, 5, 1), reason_for_closure="RC7")
    Assessment.objects.create(
        referral=referral,
        assessment_actual_start_date=D(2026, 3, 2),
        assessment_authorisation_date=D(2026, 4, 20),
        factors=["1A"],
    )
    details = etree.fromstring(_xml()).find("Children/Child/CINdetails")
    assert details.find("CINclosureDate") is None and details.find("ReasonForClosure") is None
    assessment = details.find("Assessments")
    assert assessment.find("AssessmentAuthorisationDate") is None
    assert assessment.find("FactorsIdentifiedAtAssessment") is None


def test_withdrawn_assessments_are_not_returned(org):
    child = ChildFactory(la_child_id="WD0001")
    referral = referral_for(child, on=D(2025, 6, 1))
    Assessment.objects.create(
        referral=referral,
        assessment_actual_start_date=D(2025, 6, 2),
        withdrawn_on=D(2025, 6, 9),
        withdrawal_reason="Moved away",
    )
    assert etree.fromstring(_xml()).find("Children/Child/CINdetails/Assessments") is None


def test_upn_unknown_is_derived_where_the_record_says_why(org):
    unborn = ChildFactory(la_child_id="U1", date_of_birth=None, expected_date_of_birth=D(2026, 5, 1), upn="")
    referral_for(unborn, on=D(2025, 12, 1))
    baby = ChildFactory(la_child_id="U2", date_of_birth=D(2024, 1, 1), upn="")
    referral_for(baby, on=D(2025, 12, 1))
    nfa = ChildFactory(la_child_id="U3", date_of_birth=D(2010, 1, 1), upn="")
    referral_for(nfa, on=D(2025, 12, 1), referral_nfa=True)
    doc = etree.fromstring(_xml())
    found = {
        c.findtext("ChildIdentifiers/LAchildID"): c.findtext("ChildIdentifiers/UPNunknown")
        for c in doc.iterfind("Children/Child")
    }
    assert found == {"U1": "UN6", "U2": "UN1", "U3": "UN7"}


def test_build_reports_progress_and_loads_with_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    for n in range(3):
        child = ChildFactory(la_child_id=f"Q{n}")
        referral_for(child, on=D(2025, 6, 1))
    seen = []
    with django_assert_max_num_queries(10):
        cin.build(YEAR, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)


def test_current_period_follows_the_census_year():
    assert current_period(D(2026, 3, 31)).label == "2025-26"
    assert current_period(D(2026, 4, 1)).label == "2026-27"


def _enumeration(schema_doc, type_name):
    ns = {"xs": "http://www.w3.org/2001/XMLSchema"}
    return {
        e.get("value")
        for e in schema_doc.findall(
            f".//xs:simpleType[@name='{type_name}']/xs:restriction/xs:enumeration", ns
        )
    }


@pytest.mark.parametrize(
    ("choices", "type_name"),
    [
        (people_codes.Sex, "SexType"),
        (people_codes.Ethnicity, "EthnicityType"),
        (people_codes.Disability, "DisabilityType"),
        (case_codes.ReferralSource, "ReferralSourceType"),
        (case_codes.PrimaryNeed, "PrimaryNeedType"),
        (case_codes.ReasonForClosure, "ReasonForClosureType"),
        (case_codes.CategoryOfAbuse, "CategoryOfAbuseType"),
        (case_codes.AssessmentFactor, "AssessmentFactorType"),
    ],
)
def test_hearths_codes_are_the_census_code_sets(choices, type_name):
    assert set(choices.values) == _enumeration(etree.parse(str(SCHEMA_PATH)), type_name)


def test_assessment_factor_labels_follow_the_spec():
    """18B/19B are abuse by another child, 18C/19C by an adult; 20 is 'Other'."""
    labels = dict(case_codes.AssessmentFactor.choices)
    assert "another child" in labels["18B"] and "adult" in labels["18C"]
    assert "another child" in labels["19B"] and "adult" in labels["19C"]
    assert labels["20"] == "Other"
