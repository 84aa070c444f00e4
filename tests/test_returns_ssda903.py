"""SSDA903: the files' headers and codes against the specification, exact output from a fixture, the
query count, and the demo authority's children returning with no validation errors."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import hearth.returns.rules  # noqa: F401 - registers every rule
from hearth.cases import codes
from hearth.cases import models as m
from hearth.cases.demo_looked_after import demo_upn, seed_looked_after_facts
from hearth.people.codes import Ethnicity, Sex
from hearth.returns import ssda903
from hearth.returns.base import RULES, Period
from hearth.returns.ssda903 import spec

from .factories import ChildFactory

D = datetime.date
PERIOD = Period(D(2025, 4, 1), D(2026, 3, 31), "2025-26")


def test_files_and_headers_are_the_specifications():
    assert list(spec.FILES) == [
        "header.csv",
        "episodes.csv",
        "reviews.csv",
        "uasc.csv",
        "oc2.csv",
        "oc3.csv",
        "ad1.csv",
        "placed_for_adoption.csv",
        "previous_permanence.csv",
        "missing.csv",
        "social_worker_episodes.csv",
    ]
    assert all(columns[0] == "CHILD" for columns in spec.FILES.values())
    assert spec.FILES["episodes.csv"][:9] == [
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
    ]


@pytest.mark.parametrize(
    ("item", "choices"),
    [
        ("SEX", Sex),
        ("ETHNIC", Ethnicity),
        ("RNE", codes.ReasonNewEpisode),
        ("LS", codes.LegalStatus),
        ("CIN", codes.CategoryOfNeed),
        ("PLACE", codes.Placement),
        ("PLACE_PROVIDER", codes.PlacementProvider),
        ("REC", codes.ReasonEpisodeCeased),
        ("REASON_PLACE_CHANGE", codes.ReasonPlaceChange),
        ("REVIEW_CODE", codes.ReviewParticipation),
        ("MISSING", codes.MissingKind),
        ("SDQ_REASON", codes.SdqReason),
        ("IN_TOUCH", codes.InTouch),
        ("ACTIV", codes.Activity),
        ("SEX_ADOPTR", codes.AdopterSex),
        ("LS_ADOPTR", codes.AdopterLegalStatus),
        ("REASON_PLACED_CEASED", codes.ReasonPlacedCeased),
        ("PREV_PERM", codes.PreviousPermanence),
    ],
)
def test_hearths_codes_are_the_specifications(item, choices):
    assert set(choices.values) == set(spec.CODES[item])


def test_accommodation_codes_are_the_specifications():
    assert {code for code, _ in codes.ACCOMMODATION_CHOICES} == set(spec.CODES["ACCOM"])
    assert set(codes.PLACEMENTS_WITHOUT_PROVIDER) == set(spec.NO_PROVIDER_PLACEMENTS)


# --- a fixture of two children, and the exact files -------------------------------------------------


def _episode(child, decom, **fields):
    defaults = {"rne": "S", "legal_status": "C2", "cin": "N1", "place": "U4", "place_provider": "PR1"}
    return m.LookedAfterEpisode.objects.create(child=child, decom=decom, **{**defaults, **fields})


def make_fixture():
    amy = ChildFactory(
        la_child_id="A001", sex="F", date_of_birth=D(2012, 5, 1), ethnicity="WBRI", upn=demo_upn(1)
    )
    _episode(
        amy, D(2024, 1, 10), dec=D(2025, 6, 1), rec="X1", reason_place_change="CARPL", home_post="AB1 2CD"
    )
    _episode(amy, D(2025, 6, 1), rne="P", place="U6", pl_post="AB3 4EF", urn="SC123456")
    m.LookedAfterReview.objects.create(child=amy, review=D(2025, 7, 1), review_code="PN1")
    m.LookedAfterReview.objects.create(child=amy, review=D(2024, 12, 1), review_code="PN1")  # last year
    m.MissingEpisode.objects.create(child=amy, missing="M", mis_start=D(2025, 8, 1), mis_end=D(2025, 8, 2))
    m.HealthOutcome.objects.create(
        child=amy, year_ending=D(2026, 3, 31), sdq_score=14, convicted=False, health_check=True,
        immunisations=True, teeth_check=False, health_assessment=True, substance_misuse=False,
    )  # fmt: skip
    m.ChildAsMother.objects.create(child=amy, mc_dob=D(2025, 2, 3))

    ben = ChildFactory(
        la_child_id="B002", sex="M", date_of_birth=D(2021, 2, 2), ethnicity="BAFR", upn="", uasc=True
    )
    _episode(ben, D(2025, 5, 5), legal_status="V2", place="A5")
    m.LookedAfterEpisode.objects.filter(child=ben).update(dec=D(2026, 1, 10), rec="E11")
    m.UascStatus.objects.create(child=ben)
    m.Adoption.objects.create(
        child=ben, date_int=D(2025, 6, 1), date_match=D(2025, 9, 1), foster_care=True, nb_adoptr=2,
        sex_adoptr="MF", ls_adoptr="L11",
    )  # fmt: skip
    m.PlacementForAdoptionDecision.objects.create(child=ben, date_placed=D(2025, 6, 1))
    m.PreviousPermanenceOrder.objects.create(
        child=ben, prev_perm="P3", la_perm="999", date_perm=D(2023, 3, 1)
    )

    gone = ChildFactory(
        la_child_id="C003", sex="M", date_of_birth=D(2010, 1, 1)
    )  # not looked after this year
    _episode(gone, D(2020, 1, 1), dec=D(2021, 1, 1), rec="E4A")
    return amy, ben


EXPECTED = {
    "header.csv": [
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
        f"A001,F,01/05/2012,WBRI,{demo_upn(1)},1,03/02/2025",
        "B002,M,02/02/2021,BAFR,UN1,,",
    ],
    "episodes.csv": [
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
        "A001,10/01/2024,S,C2,N1,U4,PR1,01/06/2025,X1,CARPL,AB1 2CD,,",
        "A001,01/06/2025,P,C2,N1,U6,PR1,,,,,AB3 4EF,SC123456",
        "B002,05/05/2025,S,V2,N1,A5,PR1,10/01/2026,E11,,,,",
    ],
    "reviews.csv": ["CHILD,DOB,REVIEW,REVIEW_CODE", "A001,01/05/2012,01/07/2025,PN1"],
    "uasc.csv": ["CHILD,SEX,DOB,DUC", "B002,M,02/02/2021,"],
    "oc2.csv": [
        "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,"
        "SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED",
        "A001,01/05/2012,14,,0,1,1,0,1,0,,",
    ],
    "oc3.csv": ["CHILD,DOB,IN_TOUCH,ACTIV,ACCOM"],
    "ad1.csv": [
        "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR",
        "B002,02/02/2021,01/06/2025,01/09/2025,1,2,MF,L11",
    ],
    "placed_for_adoption.csv": [
        "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED",
        "B002,02/02/2021,01/06/2025,,",
    ],
    "previous_permanence.csv": [
        "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM",
        "B002,02/02/2021,P3,999,01/03/2023",
    ],
    "missing.csv": ["CHILD,DOB,MISSING,MIS_START,MIS_END", "A001,01/05/2012,M,01/08/2025,02/08/2025"],
    "social_worker_episodes.csv": ["CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON"],
}


@pytest.mark.django_db
def test_build_writes_the_exact_files():
    make_fixture()
    progress = []
    files = ssda903.build(PERIOD, progress=lambda done, total: progress.append((done, total)))
    assert [f.name for f in files] == list(spec.FILES)
    assert all(f.media_type == "text/csv" for f in files)
    for f in files:
        assert f.content.decode("utf-8").split("\r\n")[:-1] == EXPECTED[f.name], f.name
    assert progress[-1] == (2, 2)


@pytest.mark.django_db
def test_the_fixture_breaks_no_rule():
    amy, ben = make_fixture()
    records = ssda903.records.load(PERIOD, [amy.pk, ben.pk])
    rules = [rule() for (name, _), rule in RULES.items() if name == "ssda903"]
    assert [p for record in records.values() for rule in rules for p in rule.check(record)] == []


def _children(n: int, start: int):
    for i in range(n):
        child = ChildFactory(
            la_child_id=f"Q{start + i:05d}", sex="F", date_of_birth=D(2015, 1, 1), upn=demo_upn(i)
        )
        _episode(child, D(2024, 6, 1))
        m.LookedAfterReview.objects.create(child=child, review=D(2025, 6, 1), review_code="PN1")
        m.MissingEpisode.objects.create(child=child, missing="A", mis_start=D(2025, 7, 1))


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_children():
    _children(3, 0)
    with CaptureQueriesContext(connection) as few:
        ssda903.build(PERIOD)
    _children(12, 100)
    with CaptureQueriesContext(connection) as many:
        files = ssda903.build(PERIOD)
    assert len(many) == len(few) <= 15
    assert files[0].content.count(b"\r\n") == 16
    with CaptureQueriesContext(connection) as loaded:
        assert len(ssda903.load_records()) == 15
    assert len(loaded) == len(few)


# --- the demo authority ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_looked_after_children_return_with_no_errors(org):
    """Children looked after as the cases demo makes them, then the 903 facts the demo adds."""
    today = datetime.date.today()
    worker = org["social-worker"]
    for i, (age, start_days, place, ls) in enumerate(
        [
            (2, 100, "U4", "C1"),
            (9, 500, "U6", "C2"),
            (15, 700, "K2", "V2"),
            (16, 40, "U3", "C2"),
            (5, 420, "U4", "C2"),
        ]
    ):
        child = ChildFactory(
            la_child_id=f"DEMO{i}", sex="FM"[i % 2], ethnicity="WBRI", uasc=i == 3,
            date_of_birth=today - datetime.timedelta(days=age * 365 + 30), unit=org.unit_a, unit__lead_worker=worker,
        )  # fmt: skip
        _episode(child, today - datetime.timedelta(days=start_days), place=place, legal_status=ls)
    seed_looked_after_facts(today)
    assert seed_looked_after_facts(today) == {}  # idempotent
    records = ssda903.load_records()
    assert len(records) == 5
    rules = [rule() for (name, _), rule in RULES.items() if name == "ssda903"]
    assert [p for record in records.values() for rule in rules for p in rule.check(record)] == []
    assert m.HealthOutcome.objects.exists() and m.LookedAfterReview.objects.exists()
    previous = ssda903.records.collection_period(today - datetime.timedelta(days=365))
    files = {f.name: f.content.decode() for f in ssda903.build(previous)}
    assert files["header.csv"].startswith("CHILD,SEX,DOB")


@pytest.mark.django_db
def test_data_problems_reach_the_childs_unit_and_lead_worker(org):
    """Through the returns app's refresh: a broken record becomes a DataProblem for its worker."""
    from hearth.returns.models import DataProblem
    from hearth.returns.services.problems import refresh

    child = ChildFactory(
        la_child_id="R1", sex="F", date_of_birth=D(2010, 1, 1), upn="", unit=org.unit_a,
        unit__lead_worker=org["social-worker"],
    )  # fmt: skip
    _episode(child, datetime.date.today() - datetime.timedelta(days=30))
    refresh("ssda903", [child.pk])
    problem = DataProblem.objects.get(return_name="ssda903", subject_id=child.pk)
    assert (problem.code, problem.child_id, problem.unit_id, problem.worker_id) == (
        "168", child.pk, org.unit_a.pk, org["social-worker"].pk,
    )  # fmt: skip
    child.upn = demo_upn(7)
    child.save()
    refresh("ssda903", [child.pk])
    assert not DataProblem.objects.filter(return_name="ssda903", subject_id=child.pk).exists()
