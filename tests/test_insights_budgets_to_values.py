"""Health-check indicators of characteristics 5, 6, 7 and 9: each worked out by hand on a small fixture
and compared with `measure`; too little data says so; records after the day are ignored; evidence hides
children the viewer may not see; and the number of queries does not grow with the number of units."""

import datetime
import statistics

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.audits.models import Status as AuditStatus
from hearth.budgets.models import Category, Spend, SpendStatus, UnitBudget
from hearth.cases.models import Assessment, Plan, Referral
from hearth.clinical.models import ClinicalInput, ClinicalRequest, Service
from hearth.clinical.models import Status as ClinicalStatus
from hearth.core.roles import UnitRole
from hearth.framework.models import Participant, PromptUse
from hearth.insights.indicators import registry

from .factories import ChildFactory, MembershipFactory, UnitFactory, UserFactory, note_about
from .factories_audits import CaseAuditFactory
from .factories_framework import codesign_round, published_framework
from .factories_supervision import observation

TODAY = timezone.localdate()


def at(days_ago: float, hour: int = 12) -> datetime.datetime:
    """A moment `days_ago` days before today (negative: after today), at `hour` local time."""
    day = TODAY - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def measure(key, units, as_of=TODAY):
    return registry.get(key).measure([u.pk for u in units], as_of)


def assert_fixed_queries(key, org, django_assert_num_queries, as_of=TODAY):
    """Measure one unit, then two: the same number of queries. Returns that number."""
    indicator = registry.get(key)
    with CaptureQueriesContext(connection) as one:
        indicator.measure([org.unit_a.pk], as_of)
    with django_assert_num_queries(len(one)):
        indicator.measure([org.unit_a.pk, org.unit_b.pk], as_of)
    return len(one)


# --- c5 budgets ---------------------------------------------------------------------------------


def _spend(budget, child, by, *, days_ago, needed, approvals=(), status=None):
    """A spend asked for `days_ago` days ago; `approvals` are (approver, hours after asking)."""
    requested_at = at(days_ago)
    fields = {}
    for n, (approver, hours) in enumerate(approvals):
        prefix = "first" if n == 0 else "second"
        fields[f"{prefix}_approver"] = approver
        fields[f"{prefix}_approved_at"] = requested_at + datetime.timedelta(hours=hours)
    if status is None:
        status = SpendStatus.APPROVED if len(approvals) >= needed else SpendStatus.WAITING
    return Spend.objects.create(
        budget=budget,
        child=child,
        category=Category.PRACTICAL_HELP,
        purpose="Gas meter top-up",
        amount_pence=40_00,
        status=status,
        approvals_needed=needed,
        requested_by=by,
        requested_at=requested_at,
        **fields,
    )


@pytest.fixture
def spends(org):
    budget_a = UnitBudget.objects.create(unit=org.unit_a, year=TODAY.year)
    budget_b = UnitBudget.objects.create(unit=org.unit_b, year=TODAY.year)
    child_a = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    child_b = ChildFactory(unit=org.unit_b, unit__lead_worker=org.other_unit_worker)
    worker, tm, csw, sm = (
        org["social-worker"],
        org["team-manager"],
        org["consultant-social-worker"],
        org["service-manager"],
    )
    for days in (3, 20, 100, 300):  # four within the worker's own authority
        _spend(budget_a, child_a, worker, days_ago=days, needed=0)
    _spend(budget_a, child_a, worker, days_ago=10, needed=1, approvals=[(tm, 48)])  # 2 days
    _spend(budget_a, child_a, worker, days_ago=40, needed=1, approvals=[(csw, 12)])  # 0.5 days
    _spend(budget_a, child_a, worker, days_ago=60, needed=2, approvals=[(csw, 24), (sm, 72)])  # 3 days
    _spend(budget_a, child_a, worker, days_ago=5, needed=1)  # still waiting
    # Ignored: asked for before the 12 months, or after the day.
    _spend(budget_a, child_a, worker, days_ago=400, needed=0)
    _spend(budget_a, child_a, worker, days_ago=-2, needed=0)
    # Approved only after the day: in the share, not in the time to approval.
    _spend(budget_a, child_a, worker, days_ago=1, needed=1, approvals=[(tm, 36)])
    _spend(budget_b, child_b, org.other_unit_worker, days_ago=4, needed=0)
    _spend(budget_b, child_b, org.other_unit_worker, days_ago=8, needed=1, approvals=[(tm, 5)])
    return child_a


@pytest.mark.django_db
def test_own_authority_share_by_hand(org, spends, django_assert_num_queries):
    result = measure("c5-own-authority", [org.unit_a, org.unit_b])
    # Unit A: 4 at once of 9 asked for in the 12 months (8 listed above plus the one approved later).
    assert result[org.unit_a.pk].value == pytest.approx(100 * 4 / 9)
    assert (result[org.unit_a.pk].numerator, result[org.unit_a.pk].denominator) == (4, 9)
    # Unit B: 2 spends, below the minimum of 5: not enough data, not 50%.
    assert result[org.unit_b.pk].value is None
    assert assert_fixed_queries("c5-own-authority", org, django_assert_num_queries) == 1


@pytest.mark.django_db
def test_approval_time_by_hand(org, spends, django_assert_num_queries):
    result = measure("c5-approval-days", [org.unit_a, org.unit_b])
    assert result[org.unit_a.pk].value == statistics.median([2, 0.5, 3]) == 2
    assert result[org.unit_a.pk].sample == 3
    assert result[org.unit_b.pk].value is None  # one approval: too few for a median
    # A day before the 3-day approval was given: two approvals, too few.
    earlier = measure("c5-approval-days", [org.unit_a], as_of=TODAY - datetime.timedelta(days=58))
    assert earlier[org.unit_a.pk].value is None
    assert assert_fixed_queries("c5-approval-days", org, django_assert_num_queries) == 1


@pytest.mark.django_db
def test_budget_evidence_hides_children_the_viewer_may_not_see(org, spends):
    indicator = registry.get("c5-own-authority")
    seen = indicator.evidence(org["team-manager"], org.unit_a, TODAY)
    assert seen.total == 9 and len(seen.rows) == 9 and seen.hidden == 0
    assert seen.child_ids == [spends.pk]
    assert seen.rows[0].url.startswith("/")
    unseen = indicator.evidence(org.other_unit_worker, org.unit_a, TODAY)
    assert (unseen.rows, unseen.hidden, unseen.child_ids) == ([], 9, [])


# --- c6 clinicians -------------------------------------------------------------------------------


def _request(org, child, *, days_ago, waited=None, service=Service.CONSULTATION, unit=None):
    clinical = ClinicalRequest.objects.create(
        unit=unit or org.unit_a,
        child=child,
        requested_by=org["social-worker"],
        service=service,
        question="How do we help him feel safe?",
        status=ClinicalStatus.TAKEN,
        clinician=org["clinician"],
        first_contact_on=None if waited is None else TODAY - datetime.timedelta(days=days_ago - waited),
    )
    ClinicalRequest.objects.filter(pk=clinical.pk).update(created_at=at(days_ago))
    return clinical


@pytest.mark.django_db
def test_consultation_wait_by_hand(org, django_assert_num_queries):
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    for days_ago, waited in ((20, 3), (40, 7), (60, 10), (100, 1)):
        _request(org, child, days_ago=days_ago, waited=waited)
    _request(org, child, days_ago=30, waited=30, service=Service.CAMHS)  # a referral: not a consultation
    _request(org, child, days_ago=5)  # still waiting: no wait yet
    _request(org, child, days_ago=300, waited=2)  # first contact before the 6 months
    _request(org, child, days_ago=2, waited=4)  # first contact after the day
    _request(org, child, days_ago=10, waited=1, unit=org.unit_b)
    result = measure("c6-consultation-wait", [org.unit_a, org.unit_b])
    assert result[org.unit_a.pk].value == statistics.median([3, 7, 10, 1]) == 5
    assert result[org.unit_b.pk].value is None
    assert assert_fixed_queries("c6-consultation-wait", org, django_assert_num_queries) == 1
    evidence = registry.get("c6-consultation-wait").evidence(org["clinician"], org.unit_a, TODAY)
    assert evidence.total == 4 and evidence.child_ids == [child.pk]
    assert registry.get("c6-consultation-wait").evidence(org.other_unit_worker, org.unit_a, TODAY).hidden == 4


@pytest.mark.django_db
def test_clinicians_in_the_unit(org, django_assert_num_queries):
    empty = UnitFactory(service_area=org.area, name="Unit C", code="unit-c")
    result = measure("c6-clinicians", [org.unit_a, org.unit_b, empty])
    assert result[org.unit_a.pk].value == 1  # the org fixture has one member in every unit role
    assert result[org.unit_b.pk].value == 0  # a real zero: members, none a clinician
    assert result[empty.pk].value is None  # nobody in the unit
    MembershipFactory(unit=org.unit_b, user=UserFactory(), role=UnitRole.CLINICIAN, started_on=TODAY)
    assert measure("c6-clinicians", [org.unit_b])[org.unit_b.pk].value == 1
    yesterday = TODAY - datetime.timedelta(days=1)
    assert measure("c6-clinicians", [org.unit_b], as_of=yesterday)[org.unit_b.pk].value == 0
    assert assert_fixed_queries("c6-clinicians", org, django_assert_num_queries) == 1


@pytest.mark.django_db
def test_clinical_input_share_by_hand(org, django_assert_num_queries):
    children = [ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"]) for _ in range(6)]
    other = ChildFactory(unit=org.unit_b, unit__lead_worker=org.other_unit_worker)

    def clinical_input(child, days_ago, unit=None):
        clinical = _request(org, child, days_ago=days_ago + 5, waited=1, unit=unit)
        ClinicalInput.objects.create(
            request=clinical, author=org["clinician"], text="A formulation", created_at=at(days_ago)
        )

    clinical_input(children[0], 10)
    clinical_input(children[1], 200, unit=org.unit_b)  # asked by another unit: still input for the child
    clinical_input(children[1], 20)  # a second input: the child counts once
    clinical_input(children[2], 400)  # before the 12 months
    clinical_input(children[3], -1)  # after the day
    clinical_input(other, 5)
    result = measure("c6-clinical-input", [org.unit_a, org.unit_b])
    assert result[org.unit_a.pk].value == pytest.approx(100 * 2 / 6)
    assert result[org.unit_b.pk].value is None  # one open case: too few
    assert assert_fixed_queries("c6-clinical-input", org, django_assert_num_queries) == 1
    evidence = registry.get("c6-clinical-input").evidence(org["social-worker"], org.unit_a, TODAY)
    assert evidence.total == 6 and sorted(evidence.child_ids) == sorted(c.pk for c in children)
    assert [row.cells[1] for row in evidence.rows].count("Yes") == 2
    hidden = registry.get("c6-clinical-input").evidence(org.other_unit_worker, org.unit_a, TODAY)
    assert (hidden.rows, hidden.hidden) == ([], 6)


# --- c7 seniors ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_senior_direct_work_share_by_hand(org, django_assert_num_queries):
    as_of = TODAY - datetime.timedelta(days=2)
    one = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    two = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    worker = org["social-worker"]
    note_about([one], by=org["team-manager"], occurred_at=at(10))  # senior: a manager
    note_about(  # senior: a consultant; about two of the unit's children, counts once
        [one, two], by=org["consultant-social-worker"], kind="direct-work", occurred_at=at(20)
    )
    for days in (5, 30, 80):
        note_about([one], by=worker, occurred_at=at(days))
    note_about(
        [one], by=worker, kind="office-visit", title="Office visit", occurred_at=at(6)
    )  # not direct work
    note_about([one], by=worker, final=False, occurred_at=at(7))  # a draft
    note_about([one], by=worker, occurred_at=at(120))  # before the 91 days
    note_about([one], by=org["team-manager"], occurred_at=at(1))  # after the day
    b_child = ChildFactory(unit=org.unit_b, unit__lead_worker=org.other_unit_worker)
    note_about([b_child], by=org.other_unit_worker, occurred_at=at(4))
    result = measure("c7-senior-direct-work", [org.unit_a, org.unit_b], as_of=as_of)
    assert result[org.unit_a.pk].value == pytest.approx(100 * 2 / 5)
    assert result[org.unit_b.pk].value is None  # one note: too few
    assert assert_fixed_queries("c7-senior-direct-work", org, django_assert_num_queries, as_of) == 1
    evidence = registry.get("c7-senior-direct-work").evidence(org["social-worker"], org.unit_a, as_of)
    assert evidence.total == 5 and [r.cells[4] for r in evidence.rows].count("Yes") == 2
    assert sorted(evidence.child_ids) == sorted([one.pk, two.pk])
    hidden = registry.get("c7-senior-direct-work").evidence(org.other_unit_worker, org.unit_a, as_of)
    assert (hidden.rows, hidden.hidden, hidden.child_ids) == ([], 5, [])


@pytest.mark.django_db
def test_observations_per_practitioner_by_hand(org, django_assert_num_queries):
    assert measure("c7-observations", [org.unit_a])[org.unit_a.pk].value is None  # none recorded anywhere
    observer = org["consultant-social-worker"]
    observation(observer, org["social-worker"], observed_on=TODAY - datetime.timedelta(days=10))
    observation(observer, org["child-practitioner"], observed_on=TODAY - datetime.timedelta(days=100))
    observation(observer, org["social-worker"], observed_on=TODAY - datetime.timedelta(days=400))  # too old
    observation(org["team-manager"], observer, observed_on=TODAY - datetime.timedelta(days=10))  # a senior
    observation(observer, org["student"], observed_on=TODAY + datetime.timedelta(days=1))  # after the day
    result = measure("c7-observations", [org.unit_a, org.unit_b])
    # Unit A's practitioners: social worker, child practitioner, family support worker, student.
    assert result[org.unit_a.pk].value == 2 / 4
    assert result[org.unit_b.pk].value == 0  # observations are recorded, none of unit B's worker
    assert assert_fixed_queries("c7-observations", org, django_assert_num_queries) == 2
    evidence = registry.get("c7-observations").evidence(org["team-manager"], org.unit_a, TODAY)
    assert evidence.total + evidence.hidden == 2


# --- c9 shared values ----------------------------------------------------------------------------


def _plan(org, children, days_ago):
    plan = Plan.objects.create(
        kind="cin", strengths="Warm", worries="School", started_on=TODAY, written_by=org["social-worker"]
    )
    plan.children.set(children)
    Plan.objects.filter(pk=plan.pk).update(created_at=at(days_ago))
    return plan


def _used(obj, kind, days_ago, version, user):
    PromptUse.objects.create(
        prompt_key=f"{kind}-strengths",
        version=version,
        kind=kind,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        used_by=user,
        used_at=at(days_ago),
    )


@pytest.mark.django_db
def test_prompts_used_share_by_hand(org, django_assert_num_queries):
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    plans = [_plan(org, [child], days) for days in (10, 50, 90, 200)]
    _plan(org, [child], 400)  # before the 12 months
    referral = Referral.objects.create(child=child, cin_referral_date=TODAY, referral_source="6")
    assessments = [
        Assessment.objects.create(
            referral=referral,
            assessment_actual_start_date=TODAY - datetime.timedelta(days=days + 30),
            assessment_internal_review_date=TODAY - datetime.timedelta(days=days),
            assessment_authorisation_date=TODAY - datetime.timedelta(days=days),
        )
        for days in (15, 70)
    ]
    Assessment.objects.create(referral=referral, assessment_actual_start_date=TODAY)  # not completed
    assert measure("c9-prompts-used", [org.unit_a])[org.unit_a.pk].value is None  # no model's prompts yet
    version = published_framework(user=org["principal-social-worker"])
    assert measure("c9-prompts-used", [org.unit_a])[org.unit_a.pk].value is None  # prompts, never used
    user = org["social-worker"]
    _used(plans[0], "plan", 10, version, user)
    _used(plans[1], "plan", 50, version, user)
    _used(plans[2], "plan", -1, version, user)  # ticked after the day
    _used(assessments[0], "assessment", 15, version, user)
    result = measure("c9-prompts-used", [org.unit_a, org.unit_b])
    assert result[org.unit_a.pk].value == pytest.approx(100 * 3 / 6)
    assert result[org.unit_b.pk].value is None
    assert assert_fixed_queries("c9-prompts-used", org, django_assert_num_queries) == 4
    evidence = registry.get("c9-prompts-used").evidence(user, org.unit_a, TODAY)
    assert evidence.total == 6 and [r.cells[3] for r in evidence.rows].count("Yes") == 3
    assert registry.get("c9-prompts-used").evidence(org.other_unit_worker, org.unit_a, TODAY).hidden == 6


@pytest.mark.django_db
def test_audit_grades_by_hand(org, django_assert_num_queries):
    def audit(unit, days_ago, meets, status=AuditStatus.COMPLETED):
        return CaseAuditFactory(
            unit=unit,
            status=status,
            finished_at=at(days_ago) if status != AuditStatus.IN_PROGRESS else None,
            final_meets_standard=meets,
            final_grade_label="Good" if meets else "Requires improvement",
        )

    audit(org.unit_a, 10, True)
    audit(org.unit_a, 100, True, status=AuditStatus.MODERATED)
    audit(org.unit_a, 200, True)
    audit(org.unit_a, 300, False)
    audit(org.unit_a, 5, None, status=AuditStatus.IN_PROGRESS)  # not finished
    audit(org.unit_a, 400, False)  # before the 12 months
    audit(org.unit_a, -1, False)  # after the day
    audit(org.unit_b, 10, True)
    result = measure("c9-audit-grades", [org.unit_a, org.unit_b])
    assert result[org.unit_a.pk].value == 75
    assert result[org.unit_b.pk].value is None  # one audit: too few
    assert assert_fixed_queries("c9-audit-grades", org, django_assert_num_queries) == 1
    evidence = registry.get("c9-audit-grades").evidence(org["team-manager"], org.unit_a, TODAY)
    assert evidence.total == 4 and len(evidence.child_ids) == 4
    assert registry.get("c9-audit-grades").evidence(org.other_unit_worker, org.unit_a, TODAY).hidden == 4


@pytest.mark.django_db
def test_codesign_participation_for_the_authority(org):
    indicator = registry.get("c9-codesign")
    assert indicator.scope == "authority"
    assert indicator.measure([], TODAY)[0].value is None  # no round closed in the 12 months
    done = codesign_round(closes_on=TODAY - datetime.timedelta(days=5))
    later = codesign_round(closes_on=TODAY + datetime.timedelta(days=5))  # still open on the day
    for role in ("social-worker", "child-practitioner", "team-manager"):
        Participant.objects.create(round=done, user=org[role])
    Participant.objects.create(round=later, user=org["student"])
    # Members of units on the day: the 7 unit roles in unit A and the worker of unit B. The team manager
    # took part but is not a member of a unit.
    assert indicator.measure([], TODAY)[0].value == pytest.approx(100 * 2 / 8)
    evidence = indicator.evidence(org["director"], org.unit_a, TODAY)
    assert evidence.total == 1 and evidence.rows[0].cells[3] == "3" and not evidence.child_ids
