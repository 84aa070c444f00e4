"""Health-check indicators of characteristic 10 (focus on the most vulnerable) and of Employer Standard 1,
each worked out by hand on a small fixture and compared with `measure`."""

import datetime
import uuid

import pytest
from django.utils import timezone

from hearth.audits.models import Status as AuditStatus
from hearth.core.roles import UnitRole
from hearth.feedback.models import Invitation as FeedbackInvitation
from hearth.feedback.models import Recipient
from hearth.feedback.models import Status as FeedbackStatus
from hearth.framework.models import Participant, RoundStatus
from hearth.insights.indicators import registry
from hearth.learning.models import ActionStatus, ReviewAction, ReviewKind, ReviewStatus
from hearth.people.codes import Restriction
from hearth.priorities.selectors.needs import needs_for
from hearth.workforce.codes import Contract

from .factories import ChildFactory, UnitFactory, UserFactory, note_about
from .factories_audits import CaseAuditFactory
from .factories_feedback import ResponseFactory
from .factories_framework import codesign_round
from .factories_learning import NearMissFactory, ReviewFactory
from .factories_priorities import cp_plan, referral_for
from .factories_supervision import agreement, supervision
from .factories_workforce import PostFactory, StaffRecordFactory, open_round, responses

TODAY = timezone.localdate()


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def at(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


def measure(key, unit_ids, as_of=TODAY):
    return registry.get(key).measure(unit_ids, as_of)


def visit(child, by, n_days_ago):
    note_about([child], by=by, occurred_at=at(n_days_ago), seen={child.pk: (True, False)})


# --- characteristic 10 -----------------------------------------------------------------------------


@pytest.fixture
def caseload(org):
    worker = org.people[UnitRole.SOCIAL_WORKER]
    high = [ChildFactory(unit=org.unit_a, unit__lead_worker=worker) for _ in range(3)]
    for child in high:
        cp_plan(child)
    others = [ChildFactory(unit=org.unit_a, unit__lead_worker=worker) for _ in range(2)]
    for child in others:
        referral_for(child)
    # High need: visited 2 days ago (and twice more in the 8 weeks), 40 days ago, never.
    for n in (2, 10, 20):
        visit(high[0], worker, n)
    visit(high[1], worker, 40)
    # Others: one visit each in the 8 weeks, one older visit that does not count.
    visit(others[0], worker, 5)
    visit(others[1], worker, 30)
    visit(others[1], worker, 80)
    return high, others, worker


def test_high_need_visits_on_time_by_hand(org, caseload):
    m = measure("c10-high-need-visits", [org.unit_a.pk])[org.unit_a.pk]
    # Only the child seen 2 days ago is within 10 working days.
    assert m.value == pytest.approx(100 * 1 / 3)
    assert (m.numerator, m.denominator) == (1, 3)


def test_high_need_visits_ignore_a_visit_after_the_day(org, caseload):
    high, _, _ = caseload
    # As at 12 days ago: the visits 2 and 10 days ago had not happened; the one 20 days ago was then
    # 8 days old, within the 10 working days.
    m = measure("c10-high-need-visits", [org.unit_a.pk], days_ago(12))[org.unit_a.pk]
    assert (m.numerator, m.denominator) == (1, 3)
    m = measure("c10-high-need-visits", [org.unit_a.pk], days_ago(25))[org.unit_a.pk]
    assert (m.numerator, m.denominator) == (0, 3)


def test_intensity_by_hand(org, caseload):
    m = measure("c10-intensity", [org.unit_a.pk])[org.unit_a.pk]
    high_rate = (3 + 1 + 0) / 3  # visits in the 8 weeks per high-need child
    other_rate = (1 + 1) / 2
    assert m.value == pytest.approx(round(high_rate / other_rate, 2))


def test_caseload_against_capacity(org, caseload):
    high, others, _ = caseload
    weights = sum(n.weight for n in needs_for([c.pk for c in high + others]).values())
    capacity = 3 * 400  # consultant, social worker, child practitioner at 1.0 FTE; 400 points each
    m = measure("c10-caseload", [org.unit_a.pk])[org.unit_a.pk]
    assert (m.numerator, m.denominator) == (weights, capacity)
    assert m.value == pytest.approx(round(100 * weights / capacity, 1))


def test_focus_not_enough_data(org, caseload):
    empty = UnitFactory(service_area=org.area)
    for key in ("c10-high-need-visits", "c10-intensity", "c10-caseload"):
        m = measure(key, [org.unit_b.pk, empty.pk])
        assert m[empty.pk].value is None, key
    assert measure("c10-high-need-visits", [org.unit_b.pk])[org.unit_b.pk].value is None


def test_focus_evidence_hides_restricted_children(org, caseload):
    high, _, _ = caseload
    high[0].restriction = Restriction.HIGH_PROFILE
    high[0].save(update_fields=["restriction"])
    viewer = org.people[UnitRole.CHILD_PRACTITIONER]
    evidence = registry.get("c10-high-need-visits").evidence(viewer, org.unit_a, TODAY)
    assert evidence.total == 3 and evidence.hidden == 1
    assert high[0].pk not in evidence.child_ids and len(evidence.rows) == 2
    evidence = registry.get("c10-intensity").evidence(viewer, org.unit_a, TODAY)
    assert evidence.hidden == 1 and high[0].pk not in evidence.child_ids


@pytest.mark.parametrize("key", ["c10-high-need-visits", "c10-intensity", "c10-caseload"])
def test_focus_queries_do_not_grow_with_units(org, caseload, key, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        measure(key, [org.unit_a.pk])
    with django_assert_num_queries(len(one)):
        measure(key, [org.unit_a.pk, org.unit_b.pk])


# --- Employer Standard 1 -----------------------------------------------------------------------------


def _count_same(key, org, django_assert_num_queries, *, authority=False):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ids = [] if authority else [org.unit_a.pk]
    with CaptureQueriesContext(connection) as one:
        measure(key, ids)
    with django_assert_num_queries(len(one)):
        measure(key, [] if authority else [org.unit_a.pk, org.unit_b.pk])


def test_staff_in_codesign(org, django_assert_num_queries):
    assert measure("s-purpose-staff-part", [org.unit_a.pk])[org.unit_a.pk].value is None
    round_ = codesign_round(status=RoundStatus.CLOSED, closed_at=at(2))
    for role in (UnitRole.SOCIAL_WORKER, UnitRole.CLINICIAN):
        Participant.objects.create(round=round_, user=org.people[role])
    Participant.objects.create(round=round_, user=UserFactory())  # in no unit
    members = len(UnitRole)
    m = measure("s-purpose-staff-part", [org.unit_a.pk, org.unit_b.pk])
    assert m[org.unit_a.pk].value == pytest.approx(100 * 2 / members)
    assert m[org.unit_b.pk].value is None  # one member: too few
    # Before the round closed there was no closed round.
    assert measure("s-purpose-staff-part", [org.unit_a.pk], days_ago(3))[org.unit_a.pk].value is None
    _count_same("s-purpose-staff-part", org, django_assert_num_queries)


def test_purpose_published_and_groups(db):
    assert measure("s-purpose-published", [])[0].value is None
    codesign_round(
        status=RoundStatus.PUBLISHED,
        closed_at=at(120),
        published_at=at(100),
        staff_count=12,
        children_count=4,
        parents_count=3,
    )
    assert measure("s-purpose-published", [])[0].value == 100
    groups = measure("s-purpose-groups", [])[0]
    assert groups.value == 3 and groups.sample == 19
    assert measure("s-purpose-groups", [], days_ago(101))[0].value is None


def test_near_misses(org, django_assert_num_queries):
    assert measure("s-reviews-near-misses", [org.unit_a.pk])[org.unit_a.pk].value is None
    for n in (10, 200):
        NearMissFactory(unit=org.unit_a, reported_at=at(n), hide_name=True)
    NearMissFactory(unit=org.unit_a, reported_at=at(400))  # more than 12 months ago
    m = measure("s-reviews-near-misses", [org.unit_a.pk, org.unit_b.pk])
    assert m[org.unit_a.pk].value == 2
    assert m[org.unit_b.pk].value == 0  # near misses are recorded, none for unit B
    assert measure("s-reviews-near-misses", [org.unit_a.pk], days_ago(20))[org.unit_a.pk].value == 1
    evidence = registry.get("s-reviews-near-misses").evidence(
        org.people[UnitRole.CHILD_PRACTITIONER], org.unit_a, TODAY
    )
    assert evidence.total == 2 and evidence.hidden == 2 and not evidence.rows
    _count_same("s-reviews-near-misses", org, django_assert_num_queries)


def test_review_actions_on_time(org, django_assert_num_queries):
    review = ReviewFactory(unit=org.unit_a)
    owner = org.people[UnitRole.SOCIAL_WORKER]

    def action(due, done=None):
        ReviewAction.objects.create(
            review=review,
            description="Share the learning at the unit meeting",
            owner=owner,
            due_on=days_ago(due),
            status=ActionStatus.DONE if done is not None else ActionStatus.OPEN,
            done_at=at(done) if done is not None else None,
            created_at=at(100),
        )

    action(10, done=12)  # on time
    action(20, done=15)  # late
    action(5)  # not done
    action(30, done=30)  # on the due day
    action(-5)  # not due yet
    m = measure("s-reviews-actions-on-time", [org.unit_a.pk, org.unit_b.pk])
    assert m[org.unit_a.pk].value == 50
    assert m[org.unit_b.pk].value is None
    # As at 14 days ago: due then were the actions due 20 and 30 days ago; the late one was not yet done.
    assert measure("s-reviews-actions-on-time", [org.unit_a.pk], days_ago(14))[org.unit_a.pk].value is None
    _count_same("s-reviews-actions-on-time", org, django_assert_num_queries)


def test_reviews_published(db):
    ReviewFactory(status=ReviewStatus.PUBLISHED, published_at=at(30))
    ReviewFactory(kind=ReviewKind.RAPID, status=ReviewStatus.PUBLISHED, published_at=at(60))
    ReviewFactory(kind=ReviewKind.RAPID, status=ReviewStatus.PUBLISHED, published_at=at(400))
    ReviewFactory(kind=ReviewKind.RAPID)  # a draft
    assert measure("s-reviews-published", [])[0].value == 2
    assert measure("s-reviews-success", [])[0].value == 1
    assert measure("s-reviews-success", [], days_ago(40))[0].value == 0


def test_listening(org, django_assert_num_queries):
    assert measure("s-listening-acted", [org.unit_a.pk])[org.unit_a.pk].value is None
    for status in [FeedbackStatus.ACTED] * 3 + [FeedbackStatus.NOT_ACTED, FeedbackStatus.UNREAD]:
        ResponseFactory(unit=org.unit_a, status=status, received_on=days_ago(14), marked_at=at(13))
    sender = org.people[UnitRole.SOCIAL_WORKER]
    for i in range(8):
        FeedbackInvitation.objects.create(
            unit=org.unit_a,
            sent_by=sender,
            recipient=Recipient.PARENT,
            token_hash=uuid.uuid4().hex,
            code_hash=uuid.uuid4().hex,
            sent_at=at(20),
            expires_at=at(-8),
            used=i < 2,
        )
    m = measure("s-listening-acted", [org.unit_a.pk, org.unit_b.pk])
    assert m[org.unit_a.pk].value == 60 and m[org.unit_b.pk].value is None
    assert measure("s-listening-response-rate", [org.unit_a.pk])[org.unit_a.pk].value == 25
    _count_same("s-listening-acted", org, django_assert_num_queries)


def test_workforce_rates(org, django_assert_num_queries):
    for _ in range(4):
        StaffRecordFactory(unit=org.unit_a)
    StaffRecordFactory(unit=org.unit_a, left_on=days_ago(100))
    StaffRecordFactory(unit=org.unit_a, left_on=days_ago(500))  # left more than 12 months ago
    StaffRecordFactory(unit=org.unit_a, contract=Contract.AGENCY)
    StaffRecordFactory(unit=org.unit_a, started_on=TODAY + datetime.timedelta(days=5))  # not started
    for _ in range(6):
        PostFactory(unit=org.unit_a)
    m = {
        key: measure(f"s-retention-{key}", [org.unit_a.pk, org.unit_b.pk])
        for key in ("turnover", "vacancy", "agency")
    }
    assert m["turnover"][org.unit_a.pk].value == 25.0  # 1 FTE left of 4 FTE in post
    assert m["vacancy"][org.unit_a.pk].value == pytest.approx(33.3)  # (6 − 4) ÷ (2 + 4)
    assert m["agency"][org.unit_a.pk].value == 20.0  # 1 ÷ (1 + 4)
    for key in m:
        assert m[key][org.unit_b.pk].value is None, key
    _count_same("s-retention-turnover", org, django_assert_num_queries)


def test_pulse_only_for_groups_of_five(org, django_assert_num_queries):
    assert measure("s-retention-pulse", [org.unit_a.pk])[org.unit_a.pk].value is None
    pulse_round = open_round(opens_on=days_ago(20), closes_on=days_ago(2))
    responses(pulse_round, org.unit_a, 6, support=2, intention_to_stay=3)  # workload and safe agree
    responses(pulse_round, org.unit_b, 5)
    m = measure("s-retention-pulse", [org.unit_a.pk, org.unit_b.pk])
    assert m[org.unit_a.pk].value == 50.0  # 12 agreeing answers of 24
    assert m[org.unit_b.pk].value == 100.0
    # A closed round not yet closed on the day does not count.
    assert measure("s-retention-pulse", [org.unit_a.pk], days_ago(2))[org.unit_a.pk].value is None
    _count_same("s-retention-pulse", org, django_assert_num_queries)


def test_pulse_hides_a_unit_that_could_be_worked_out_by_subtraction(org):
    pulse_round = open_round(opens_on=days_ago(20), closes_on=days_ago(2))
    responses(pulse_round, org.unit_a, 6)
    responses(pulse_round, org.unit_b, 4)
    m = measure("s-retention-pulse", [org.unit_a.pk, org.unit_b.pk])
    # Unit B is under five; showing unit A would give B away as the authority minus A.
    assert m[org.unit_a.pk].value is None and m[org.unit_b.pk].value is None


def test_audit_coverage(org, django_assert_num_queries):
    worker = org.people[UnitRole.SOCIAL_WORKER]
    children = [ChildFactory(unit=org.unit_a, unit__lead_worker=worker) for _ in range(5)]
    for child in children:
        referral_for(child)
    closed = ChildFactory(unit=org.unit_a, unit__lead_worker=worker)  # no open episode: not counted
    CaseAuditFactory(unit=org.unit_a, child=closed, status=AuditStatus.COMPLETED, finished_at=at(5))
    for child in children[:2]:
        CaseAuditFactory(unit=org.unit_a, child=child, status=AuditStatus.COMPLETED, finished_at=at(30))
    CaseAuditFactory(unit=org.unit_a, child=children[2], status=AuditStatus.MODERATED, finished_at=at(400))
    CaseAuditFactory(unit=org.unit_a, child=children[3], status=AuditStatus.IN_PROGRESS)
    m = measure("s-quality-audit-coverage", [org.unit_a.pk, org.unit_b.pk])
    assert m[org.unit_a.pk].value == 40.0
    assert m[org.unit_b.pk].value is None
    children[0].restriction = Restriction.HIGH_PROFILE
    children[0].save(update_fields=["restriction"])
    evidence = registry.get("s-quality-audit-coverage").evidence(worker, org.unit_a, TODAY)
    assert evidence.total == 5 and evidence.hidden == 1 and children[0].pk not in evidence.child_ids
    _count_same("s-quality-audit-coverage", org, django_assert_num_queries)


def test_supervision_on_time(org, django_assert_num_queries):
    manager = org.people["team-manager"]
    sw, cp, csw = (
        org.people[UnitRole.SOCIAL_WORKER],
        org.people[UnitRole.CHILD_PRACTITIONER],
        org.people[UnitRole.CONSULTANT_SOCIAL_WORKER],
    )
    for person in (sw, cp, csw):
        agreement(manager, person)
    supervision(manager, [sw], days_ago=3)  # up to date
    supervision(manager, [csw], days_ago=40)  # a month has passed: overdue
    # The child practitioner has never been supervised in 200 days: overdue.
    m = measure("s-supervision-on-time", [org.unit_a.pk, org.unit_b.pk])
    assert m[org.unit_a.pk].value == pytest.approx(100 / 3)
    assert m[org.unit_b.pk].value is None
    # As at 35 days ago: the session 3 days ago had not happened (overdue); the one 40 days ago was recent.
    past = measure("s-supervision-on-time", [org.unit_a.pk], days_ago(35))[org.unit_a.pk]
    assert (past.numerator, past.denominator) == (1, 3)
    _count_same("s-supervision-on-time", org, django_assert_num_queries)


def test_every_characteristic_of_these_groups_has_a_unit_indicator():
    for key in ("c10", "s-purpose", "s-reviews", "s-listening", "s-retention", "s-quality", "s-supervision"):
        assert any(i.scope == "unit" for i in registry.of_characteristic(key)), key
