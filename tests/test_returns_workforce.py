"""The children's social work workforce census: its rules both ways, the exact XML from a fixture, the
query count, and the demo authority's workforce returning with no problems."""

from __future__ import annotations

import copy
import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import hearth.returns.rules  # noqa: F401 - registers every rule
from hearth.cases.models import Allocation
from hearth.returns import workforce_census
from hearth.returns.base import RULES, Period
from hearth.returns.workforce_census import spec
from hearth.returns.workforce_census.records import Census, StaffCensusRecord, census_period
from hearth.workforce import codes
from hearth.workforce.codes import Contract
from hearth.workforce.demo_census import seed_census_details
from hearth.workforce.models import CensusDetails, SicknessAbsence

from .factories import ChildFactory
from .factories_workforce import PostFactory, StaffRecordFactory

D = datetime.date
PERIOD = Period(D(2024, 10, 1), D(2025, 9, 30), "2024-25")
WORKFORCE_RULES = {code: rule for (name, code), rule in RULES.items() if name == "workforce"}


def test_census_period_runs_october_to_september():
    assert census_period(D(2025, 9, 30)) == PERIOD
    assert census_period(D(2025, 10, 1)).end == D(2026, 9, 30)


@pytest.mark.parametrize(
    ("item", "choices"),
    [
        ("GenderCurrent", codes.CensusGender),
        ("Ethnicity", codes.CensusEthnicity),
        ("QualLevel", codes.QualificationLevel),
        ("OrgRole", codes.OrgRole),
        ("StartOrigin", codes.StartOrigin),
        ("LeaverDestination", codes.LeaverDestination),
        ("ReasonLeave", codes.CensusReasonLeave),
    ],
)
def test_hearths_census_codes_are_the_schemas(item, choices):
    assert set(choices.values) == set(spec.CODES[item])


# --- rules, both ways (no database) -------------------------------------------------------------------


def census(**changes) -> Census:
    values = {
        "date_of_birth": D(1985, 3, 3),
        "gender": "2",
        "ethnicity": "WBRI",
        "qualification_institution": "Riverside University",
        "qualification_level": "1",
        "step_up_graduate": False,
        "frontline_graduate": False,
        "org_role": "5",
        "start_origin": "2",
        "leaver_destination": "",
        "reason_leave": "",
    }
    return Census(**(values | changes))


def worker(**changes) -> StaffCensusRecord:
    values = {
        "id": 1, "user_id": None, "swe": "SW123456", "agency": False, "fte": Decimal("1.00"),
        "started_on": D(2020, 1, 1), "left_on": None, "is_social_worker": True, "asye_in_progress": False,
        "post_id": None, "unit_id": None, "worker_id": None, "period": PERIOD,
    }  # fmt: skip
    record = StaffCensusRecord(**(values | changes))
    record.census = census()
    return record


def leaver() -> StaffCensusRecord:
    record = worker(left_on=D(2025, 5, 1))
    record.census = census(leaver_destination="1", reason_leave="1")
    return record


def set_census(**changes):
    def change(record):
        for key, value in changes.items():
            setattr(record.census, key, value)

    return change


def set_attr(**changes):
    def change(record):
        for key, value in changes.items():
            setattr(record, key, value)

    return change


CASES = [
    ("CSWW01", worker, set_attr(swe="")),
    ("CSWW01", lambda: worker(agency=True), set_attr(swe="12345")),
    ("CSWW02", worker, set_census(date_of_birth=None)),
    ("CSWW02", worker, set_attr(census=None)),
    ("CSWW03", worker, set_census(gender="")),
    ("CSWW04", worker, set_census(ethnicity="")),
    ("CSWW05", worker, set_census(qualification_institution=" ")),
    ("CSWW06", worker, set_census(frontline_graduate=None)),
    ("CSWW07", worker, set_census(org_role="")),
    ("CSWW08", worker, set_census(start_origin="")),
    ("CSWW09", leaver, set_census(reason_leave="")),
    ("CSWW10", leaver, set_census(leaver_destination="")),
    ("CSWW11", leaver, set_attr(fte=Decimal(0))),
]


def problems(record, code=None):
    rules = [WORKFORCE_RULES[code]] if code else WORKFORCE_RULES.values()
    return [p for rule in rules for p in rule().check(record)]


def test_every_rule_has_a_case():
    assert {code for code, _, _ in CASES} == set(WORKFORCE_RULES)


@pytest.mark.parametrize(
    ("code", "make", "breaker"), CASES, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(CASES)]
)
def test_rule_both_ways(code, make, breaker):
    record = make()
    assert problems(record, code) == []
    broken = copy.deepcopy(record)
    breaker(broken)
    found = problems(broken, code)
    assert [p.code for p in found] == [code]
    assert found[0].subject_id == 1 and found[0].message


@pytest.mark.parametrize("code", sorted(WORKFORCE_RULES))
def test_rule_classes_follow_the_contract(code):
    rule = WORKFORCE_RULES[code]
    assert rule.__name__ == f"Rule{code}" and rule.__doc__ and rule.returns == "workforce" and rule.message


def test_agency_workers_and_people_out_of_scope_are_not_asked_for_employee_items():
    agency = worker(agency=True)
    agency.census = None
    assert problems(agency) == []
    gone = worker(left_on=D(2023, 1, 1))
    gone.census = None
    assert problems(gone) == []


# --- the XML message -------------------------------------------------------------------------------------


def make_fixture(org):
    post = PostFactory(unit=org.unit_a, fte=Decimal("1.00"))
    PostFactory(unit=org.unit_a, fte=Decimal("0.50"))  # vacant
    ann = StaffRecordFactory(
        employee_number="E1", user=org["social-worker"], unit=org.unit_a, post=post, fte=Decimal("1.00"),
        swe_registration_number="SW100001", started_on=D(2024, 11, 4), asye_status="in-progress",
    )  # fmt: skip
    CensusDetails.objects.create(
        staff=ann, date_of_birth=D(1999, 1, 2), gender="2", ethnicity="BAFR", qualification_institution="Riverside University",
        qualification_level="2", step_up_graduate=False, frontline_graduate=True, org_role="5", start_origin="1",
    )  # fmt: skip
    SicknessAbsence.objects.create(staff=ann, starts_on=D(2025, 9, 29), ends_on=D(2025, 10, 3))
    bob = StaffRecordFactory(
        employee_number="E2", unit=org.unit_a, fte=Decimal("0.60"), swe_registration_number="SW100002",
        started_on=D(2015, 1, 1), left_on=D(2025, 3, 31), leaving_reason="retirement",
    )  # fmt: skip
    CensusDetails.objects.create(
        staff=bob, date_of_birth=D(1960, 5, 6), gender="1", ethnicity="WBRI", qualification_institution="Open University",
        qualification_level="1", step_up_graduate=False, frontline_graduate=False, org_role="4", start_origin="9",
        leaver_destination="6", reason_leave="5",
    )  # fmt: skip
    StaffRecordFactory(
        employee_number="E3", unit=org.unit_a, fte=Decimal("0.80"), contract=Contract.AGENCY,
        swe_registration_number="SW100003", started_on=D(2025, 7, 1),
    )  # fmt: skip
    StaffRecordFactory(employee_number="E4", is_social_worker=False, started_on=D(2020, 1, 1))
    child = ChildFactory()
    Allocation.objects.create(child=child, unit=org.unit_a, lead_worker=org["social-worker"])
    Allocation.objects.filter(child=child).update(
        started_at=datetime.datetime(2025, 6, 1, 9, tzinfo=datetime.UTC)
    )


EXPECTED = """<?xml version='1.0' encoding='utf-8'?>
<Message>
  <Header>
    <CollectionDetails>
      <Collection>CSWW</Collection>
      <Year>2025</Year>
      <ReferenceDate>2025-09-30</ReferenceDate>
    </CollectionDetails>
    <Source>
      <SourceLevel>L</SourceLevel>
      <LEA>{lea}</LEA>
      <SoftwareCode>Hearth</SoftwareCode>
      <DateTime>2025-10-15T09:30:00Z</DateTime>
    </Source>
  </Header>
  <LALevelVacancies>
    <NumberOfVacancies>0.50</NumberOfVacancies>
    <NoAgencyFTE>0.80</NoAgencyFTE>
    <NoAgencyHeadcount>1</NoAgencyHeadcount>
  </LALevelVacancies>
  <CSWWWorker>
    <AgencyWorker>0</AgencyWorker>
    <SWENo>SW100001</SWENo>
    <PersonBirthDate>1999-01-02</PersonBirthDate>
    <GenderCurrent>2</GenderCurrent>
    <Ethnicity>BAFR</Ethnicity>
    <QualInst>Riverside University</QualInst>
    <QualLevel>2</QualLevel>
    <StepUpGrad>0</StepUpGrad>
    <OrgRole>5</OrgRole>
    <RoleStartDate>2024-11-04</RoleStartDate>
    <StartOrigin>1</StartOrigin>
    <FTE30>1.000000</FTE30>
    <Cases30>1</Cases30>
    <WorkingDaysLost>2.00</WorkingDaysLost>
    <FrontlineGrad>1</FrontlineGrad>
    <Absat30Sept>1</Absat30Sept>
    <ReasonAbsence>SIC</ReasonAbsence>
    <CFKSSstatus>1</CFKSSstatus>
  </CSWWWorker>
  <CSWWWorker>
    <AgencyWorker>0</AgencyWorker>
    <SWENo>SW100002</SWENo>
    <FTE>0.600000</FTE>
    <PersonBirthDate>1960-05-06</PersonBirthDate>
    <GenderCurrent>1</GenderCurrent>
    <Ethnicity>WBRI</Ethnicity>
    <QualInst>Open University</QualInst>
    <QualLevel>1</QualLevel>
    <StepUpGrad>0</StepUpGrad>
    <OrgRole>4</OrgRole>
    <RoleStartDate>2015-01-01</RoleStartDate>
    <StartOrigin>9</StartOrigin>
    <RoleEndDate>2025-03-31</RoleEndDate>
    <LeaverDestination>6</LeaverDestination>
    <ReasonLeave>5</ReasonLeave>
    <WorkingDaysLost>0.00</WorkingDaysLost>
    <FrontlineGrad>0</FrontlineGrad>
  </CSWWWorker>
  <CSWWWorker>
    <AgencyWorker>1</AgencyWorker>
    <SWENo>SW100003</SWENo>
    <FTE30>0.800000</FTE30>
    <Cases30>0</Cases30>
    <ContractWeeks>13.1</ContractWeeks>
  </CSWWWorker>
</Message>
"""


@pytest.mark.django_db
def test_build_writes_the_exact_message(org, monkeypatch):
    make_fixture(org)
    monkeypatch.setattr(
        workforce_census, "_now", lambda: datetime.datetime(2025, 10, 15, 9, 30, tzinfo=datetime.UTC)
    )
    from hearth.organisation.models import LocalAuthority

    lea = LocalAuthority.objects.order_by("pk").values_list("la_code", flat=True).first()
    (output,) = workforce_census.build(PERIOD)
    assert output.name == "csww_2024-25.xml" and output.media_type == "application/xml"
    assert output.content.decode() == EXPECTED.format(lea=lea)
    message = ET.fromstring(output.content)
    for worker_element in message.iter("CSWWWorker"):
        tags = [child.tag for child in worker_element]
        assert tags == [t for t in spec.WORKER_ITEMS if t in tags]
        for child in worker_element:
            if child.tag in spec.CODES:
                assert child.text in spec.CODES[child.tag]


@pytest.mark.django_db
def test_the_fixture_breaks_no_rule(org):
    make_fixture(org)
    records = workforce_census.records.load(PERIOD)
    rules = [rule() for rule in WORKFORCE_RULES.values()]
    assert [p for r in records.values() for rule in rules for p in rule.check(r)] == []


def _staff(n: int, start: int):
    for i in range(n):
        staff = StaffRecordFactory(employee_number=f"Q{start + i}", swe_registration_number=f"SW{start + i}")
        CensusDetails.objects.create(staff=staff, gender="2")
        SicknessAbsence.objects.create(staff=staff, starts_on=D(2025, 1, 6), ends_on=D(2025, 1, 7))


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_staff():
    _staff(3, 0)
    with CaptureQueriesContext(connection) as few:
        workforce_census.build(PERIOD)
    _staff(12, 100)
    with CaptureQueriesContext(connection) as many:
        (output,) = workforce_census.build(PERIOD)
    assert len(many) == len(few) <= 8
    assert output.content.count(b"<CSWWWorker>") == 15


@pytest.mark.django_db
def test_demo_workforce_returns_with_no_problems(org):
    """Social workers as the workforce demo makes them, with the census details its seed adds."""
    today = datetime.date.today()
    StaffRecordFactory(
        employee_number="D1",
        swe_registration_number="SW20001",
        started_on=today - datetime.timedelta(days=900),
    )
    StaffRecordFactory(
        employee_number="D2", swe_registration_number="SW20002", started_on=today - datetime.timedelta(days=200),
        asye_status="in-progress", grade="so2",
    )  # fmt: skip
    StaffRecordFactory(
        employee_number="D3", swe_registration_number="SW20003", started_on=today - datetime.timedelta(days=2000),
        left_on=today - datetime.timedelta(days=20), leaving_reason="workload",
    )  # fmt: skip
    StaffRecordFactory(employee_number="D4", swe_registration_number="SW20004", contract=Contract.AGENCY)
    assert seed_census_details() == 4
    assert seed_census_details() == 0  # idempotent
    records = workforce_census.load_records()
    rules = [rule() for rule in WORKFORCE_RULES.values()]
    assert [p for r in records.values() for rule in rules for p in rule.check(r)] == []


def test_a_collection_year_means_the_census_year_ending_in_its_september():
    april = Period(D(2025, 4, 1), D(2026, 3, 31), "2025-26")
    assert workforce_census.census_year(april) == Period(D(2025, 10, 1), D(2026, 9, 30), "2025-26")
    assert workforce_census.census_year(PERIOD) == PERIOD


@pytest.mark.django_db
def test_subjects_key_workers_by_registration_number(org):
    make_fixture(org)
    (output,) = workforce_census.build(PERIOD)
    keys = workforce_census.subjects([output])
    assert sorted(keys) == ["SW100001", "SW100002", "SW100003 (agency)"]
    assert workforce_census.subjects([output]) == keys
