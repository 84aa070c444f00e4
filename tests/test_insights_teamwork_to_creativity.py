"""Health-check indicators of characteristics 1 to 4: each worked out by hand on a small fixture and
compared with `measure`; too little data says so; records after the day are ignored; evidence hides
children the viewer may not see; and the number of queries does not grow with the number of units."""

import datetime
import statistics

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.cases.models import Allocation, Referral
from hearth.insights.indicators import registry
from hearth.insights.indicators.bureaucracy import period
from hearth.learning.models import Experiment, ExperimentStatus, LearningEntry
from hearth.meetings.models import DiscussionStatus, MeetingKind
from hearth.priorities.models import Activity, TimeEntry
from hearth.support.models import PracticalRequest, Status

from .factories import ChildFactory
from .factories_learning import ExperimentFactory, ReviewFactory
from .factories_meetings import DiscussionFactory, MeetingFactory
from .factories_priorities import looked_after, referral_for
from .factories_support import PracticalRequestFactory

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    """The day `n` days before today (negative: after today)."""
    return TODAY - datetime.timedelta(days=n)


def at(days_ago: float, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(days(days_ago), datetime.time(hour)))


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


# --- c1 teamwork ---------------------------------------------------------------------------------


@pytest.fixture
def meetings(org):
    """Unit A holds 11 open cases (10 referrals, 1 looked after) and a closed one; unit B one open case
    and no meeting in the 8 weeks."""
    worker = org["social-worker"]
    kids = [ChildFactory(unit=org.unit_a, unit__lead_worker=worker) for _ in range(11)]
    for kid in kids[:10]:
        referral_for(kid, days(300))
    looked_after(kids[10], days(300))
    closed = ChildFactory(unit=org.unit_a, unit__lead_worker=worker)
    Referral.objects.create(
        child=closed, cin_referral_date=days(300), referral_source="1A", cin_closure_date=days(10)
    )
    other = ChildFactory(unit=org.unit_b, unit__lead_worker=org.other_unit_worker)
    referral_for(other, days(300))
    MeetingFactory(unit=org.unit_b, held_on=days(80))

    recent = MeetingFactory(unit=org.unit_a, held_on=days(10))
    earlier = MeetingFactory(unit=org.unit_a, held_on=days(20))
    too_old = MeetingFactory(unit=org.unit_a, held_on=days(80))
    later = MeetingFactory(unit=org.unit_a, kind=MeetingKind.AD_HOC, held_on=days(-1))

    def talk(meeting, kid, *, alternatives=(), hypothesis="", done=False):
        DiscussionFactory(
            meeting=meeting,
            child=kid,
            added_by=worker,
            hypothesis=hypothesis or ("Dad's shifts changed" if alternatives or done else ""),
            alternatives=list(alternatives),
            decision="Visit after school" if done else "",
            status=DiscussionStatus.DISCUSSED if done else DiscussionStatus.AGENDA,
        )

    talk(recent, kids[0], alternatives=["Mum is unwell"], done=True)
    talk(earlier, kids[0], alternatives=["School changed"], done=True)  # the same case twice: once
    talk(recent, kids[1], hypothesis="Money is short")  # discussed, no alternative yet
    talk(recent, kids[2])  # on the agenda, nothing written: not discussed
    talk(too_old, kids[3], alternatives=["A new partner"], done=True)  # before the 8 weeks
    talk(earlier, kids[4], alternatives=["Grandma moved in"], done=True)
    talk(later, kids[5], alternatives=["A new baby"], done=True)  # after the day
    talk(earlier, kids[7], alternatives=["Bullying"], done=True)
    talk(recent, kids[8], alternatives=["Housing"], hypothesis="Overcrowding")  # saved, not marked
    talk(earlier, kids[9], hypothesis="Sleep")
    talk(recent, closed, alternatives=["Moved away"], done=True)  # not an open case
    Allocation.objects.update(started_at=at(400))  # every case held since long before
    return kids


@pytest.mark.django_db
def test_cases_discussed_by_hand(org, meetings, django_assert_num_queries):
    result = measure("c1-discussed", [org.unit_a, org.unit_b])
    # Open: 11. Discussed in the 8 weeks: kids 0, 1, 4, 7, 8, 9 (not 2: nothing written; not 3: too old;
    # not 5: after the day; not the closed case).
    a = result[org.unit_a.pk]
    assert a.value == pytest.approx(100 * 6 / 11)
    assert (a.numerator, a.denominator) == (6, 11)
    # Unit B met 80 days ago only: not enough data, not 0%.
    assert result[org.unit_b.pk].value is None
    assert "No unit meeting" in result[org.unit_b.pk].note
    assert assert_fixed_queries("c1-discussed", org, django_assert_num_queries) == 3


@pytest.mark.django_db
def test_alternative_hypotheses_by_hand(org, meetings, django_assert_num_queries):
    result = measure("c1-alternatives", [org.unit_a, org.unit_b])
    # Of the 6 discussed, an alternative was written for kids 0, 4, 7 and 8.
    a = result[org.unit_a.pk]
    assert a.value == pytest.approx(100 * 4 / 6)
    assert (a.numerator, a.denominator) == (4, 6)
    assert result[org.unit_b.pk].value is None
    assert assert_fixed_queries("c1-alternatives", org, django_assert_num_queries) == 3


@pytest.mark.django_db
def test_cases_discussed_as_at_a_past_day(org, meetings):
    # 15 days ago: the meeting 10 days ago had not happened; the closed case was still open (12 cases);
    # discussed: kids 0, 4, 7, 9 at the meeting 20 days ago.
    a = measure("c1-discussed", [org.unit_a], days(15))[org.unit_a.pk]
    assert (a.numerator, a.denominator) == (4, 12)


@pytest.mark.django_db
def test_unit_with_no_meetings_shows_not_enough_data(org):
    kids = [ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"]) for _ in range(6)]
    for kid in kids:
        referral_for(kid, days(100))
    for key in ("c1-discussed", "c1-alternatives"):
        assert measure(key, [org.unit_a])[org.unit_a.pk].value is None


@pytest.mark.django_db
def test_teamwork_evidence_hides_children_the_viewer_may_not_see(org, meetings):
    indicator = registry.get("c1-discussed")
    seen = indicator.evidence(org["team-manager"], org.unit_a, TODAY)
    assert (seen.total, len(seen.rows), seen.hidden) == (11, 11, 0)
    assert sorted(seen.child_ids) == sorted(k.pk for k in meetings)
    assert sum(row.cells[1] == "Yes" for row in seen.rows) == 6
    assert all(row.url.startswith("/") for row in seen.rows)
    unseen = indicator.evidence(org.other_unit_worker, org.unit_a, TODAY)
    assert (unseen.rows, unseen.hidden, unseen.child_ids) == ([], 11, [])
    discussed = registry.get("c1-alternatives").evidence(org["team-manager"], org.unit_a, TODAY)
    assert discussed.total == 6
    assert sum(row.cells[3] == "Yes" for row in discussed.rows) == 4


# --- c2 administrative support -------------------------------------------------------------------


def _request(org, child, *, raised, closed=None, status=Status.RAISED, due=None):
    """A practical request in unit A raised `raised` days ago, closed at the moment `closed`."""
    request = PracticalRequestFactory(
        unit=org.unit_a, child=child, requested_by=org["social-worker"], due_on=due or days(-30)
    )
    PracticalRequest.objects.filter(pk=request.pk).update(
        created_at=at(raised), status=status, closed_at=closed
    )
    return request


@pytest.mark.django_db
def test_time_to_done_by_hand(org, django_assert_num_queries):
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    for raised, took in ((20, 1), (30, 2), (40, 3), (50, 4), (60, 10)):
        _request(org, child, raised=raised, closed=at(raised - took), status=Status.DONE)
    _request(org, child, raised=120, closed=at(100), status=Status.DONE)  # done before the 90 days
    _request(org, child, raised=5, closed=at(-1), status=Status.DONE)  # done after the day
    _request(org, child, raised=30, closed=at(25), status=Status.CANNOT)  # could not be done
    _request(org, child, raised=3)  # still open
    other = ChildFactory(unit=org.unit_b, unit__lead_worker=org.other_unit_worker)
    PracticalRequestFactory(unit=org.unit_b, child=other, requested_by=org.other_unit_worker)

    result = measure("c2-time-to-done", [org.unit_a, org.unit_b])
    assert result[org.unit_a.pk].value == pytest.approx(statistics.median([1, 2, 3, 4, 10])) == 3
    assert result[org.unit_a.pk].sample == 5
    assert result[org.unit_b.pk].value is None  # nothing done: not 0 days
    # As at 35 days ago: only the requests done by then (raised 40, 50, 60 days ago): below 5.
    assert measure("c2-time-to-done", [org.unit_a], days(35))[org.unit_a.pk].value is None
    assert assert_fixed_queries("c2-time-to-done", org, django_assert_num_queries) == 1

    evidence = registry.get("c2-time-to-done").evidence(org["team-manager"], org.unit_a, TODAY)
    assert (evidence.total, evidence.hidden, evidence.child_ids) == (5, 0, [child.pk])
    hidden = registry.get("c2-time-to-done").evidence(org.other_unit_worker, org.unit_a, TODAY)
    assert (hidden.rows, hidden.hidden, hidden.child_ids) == ([], 5, [])


@pytest.mark.django_db
def test_done_by_the_day_needed_by_hand(org, django_assert_num_queries):
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    _request(org, child, raised=9, due=days(5), closed=at(6), status=Status.DONE)  # in time
    _request(org, child, raised=9, due=days(5), closed=at(3), status=Status.DONE)  # late
    _request(org, child, raised=9, due=days(2))  # still open: late
    _request(org, child, raised=15, due=days(10), closed=at(10, 23), status=Status.DONE)  # on the day
    _request(org, child, raised=15, due=days(10), closed=at(12), status=Status.CANNOT)  # left out
    _request(org, child, raised=15, due=days(10), closed=at(8), status=Status.CANNOT)  # late
    _request(org, child, raised=30, due=days(20), closed=at(25), status=Status.DONE)  # in time
    _request(org, child, raised=2, due=days(-1))  # needed after the day
    _request(org, child, raised=120, due=days(100), closed=at(101), status=Status.DONE)  # before the 90

    result = measure("c2-done-in-time", [org.unit_a, org.unit_b])
    a = result[org.unit_a.pk]
    assert (a.numerator, a.denominator) == (3, 6)
    assert a.value == 50
    assert result[org.unit_b.pk].value is None
    assert assert_fixed_queries("c2-done-in-time", org, django_assert_num_queries) == 1
    evidence = registry.get("c2-done-in-time").evidence(org.other_unit_worker, org.unit_a, TODAY)
    assert (evidence.rows, evidence.hidden) == ([], 6)


# --- c3 bureaucracy -------------------------------------------------------------------------------


def test_period_is_three_whole_months():
    assert period(datetime.date(2026, 5, 20)) == (datetime.date(2026, 2, 1), datetime.date(2026, 5, 1))
    assert period(datetime.date(2026, 5, 31)) == (datetime.date(2026, 3, 1), datetime.date(2026, 6, 1))
    assert period(datetime.date(2026, 1, 3)) == (datetime.date(2025, 10, 1), datetime.date(2026, 1, 1))


def _log(user, unit, monday, activity, minutes, created=None):
    return TimeEntry.objects.create(
        user=user,
        unit=unit,
        week_starting=monday,
        activity=activity,
        minutes=minutes,
        created_at=created or timezone.make_aware(datetime.datetime.combine(monday, datetime.time(17))),
    )


@pytest.mark.django_db
def test_time_shares_by_hand(org, django_assert_num_queries):
    as_of = datetime.date(2026, 5, 20)  # the period is February to April 2026
    worker, other = org["social-worker"], org.other_unit_worker
    first, second = datetime.date(2026, 2, 2), datetime.date(2026, 3, 30)  # Mondays in the period
    _log(worker, org.unit_a, first, Activity.DIRECT, 2000)
    _log(worker, org.unit_a, second, Activity.DIRECT, 1000)
    _log(worker, org.unit_a, first, Activity.RECORDING, 1500)
    _log(worker, org.unit_a, second, Activity.TRAVEL, 900)
    _log(worker, org.unit_a, second, Activity.ADMIN, 600)
    # Ignored: a week in January, a week in May, time for a week in the period logged after the day.
    _log(worker, org.unit_a, datetime.date(2026, 1, 26), Activity.RECORDING, 5000)
    _log(worker, org.unit_a, datetime.date(2026, 5, 4), Activity.RECORDING, 5000)
    _log(worker, org.unit_a, second, Activity.RECORDING, 5000, created=at(-1))
    _log(other, org.unit_b, first, Activity.DIRECT, 3000)  # 50 hours: too few

    family = measure("c3-family-time", [org.unit_a, org.unit_b], as_of)
    # 6,000 minutes = 100 hours logged (exactly the minimum); 3,000 with families; 1,500 recording.
    assert family[org.unit_a.pk].value == 50
    assert (family[org.unit_a.pk].numerator, family[org.unit_a.pk].denominator) == (50, 100)
    assert family[org.unit_b.pk].value is None
    recording = measure("c3-recording-time", [org.unit_a, org.unit_b], as_of)
    assert recording[org.unit_a.pk].value == 25
    assert recording[org.unit_b.pk].value is None
    for key in ("c3-family-time", "c3-recording-time"):
        assert assert_fixed_queries(key, org, django_assert_num_queries, as_of) == 1
    evidence = registry.get("c3-family-time").evidence(org["team-manager"], org.unit_a, as_of)
    assert [row.cells for row in evidence.rows] == [
        ("February 2026", "58.3", "33.3", "25"),
        ("March 2026", "41.7", "16.7", "0"),
    ]
    assert evidence.child_ids == []


@pytest.mark.django_db
def test_no_time_logged_is_not_enough_data(org):
    assert measure("c3-family-time", [org.unit_a])[org.unit_a.pk].value is None


# --- c4 creativity --------------------------------------------------------------------------------


def _experiment(org, unit, status, *, decided=None, finished=None, published=None, created=400):
    experiment = ExperimentFactory(unit=unit, proposed_by=org["social-worker"], status=status)
    Experiment.objects.filter(pk=experiment.pk).update(
        created_at=at(created),
        decided_at=decided and at(decided),
        finished_at=finished and at(finished),
        published_at=published and at(published),
    )
    return experiment


@pytest.mark.django_db
def test_experiments_and_learning_by_hand(org, django_assert_num_queries):
    a, b = org.unit_a, org.unit_b
    _experiment(org, a, ExperimentStatus.RUNNING, decided=30, created=40)  # counts
    finished = _experiment(org, a, ExperimentStatus.PUBLISHED, decided=200, finished=100, published=50)
    old = _experiment(org, a, ExperimentStatus.PUBLISHED, decided=500, finished=400, published=390)
    _experiment(org, a, ExperimentStatus.NOT_AGREED, decided=20)
    _experiment(org, a, ExperimentStatus.PROPOSED, created=5)
    _experiment(org, a, ExperimentStatus.RUNNING, decided=-1)  # agreed after the day
    review = ReviewFactory(unit=a, opened_by=org["team-manager"])
    LearningEntry.objects.create(
        source="experiment",
        kind_label="Practice experiment",
        title="Evenings",
        experiment=finished,
        published_at=at(50),
    )
    LearningEntry.objects.create(
        source="experiment",
        kind_label="Practice experiment",
        title="Old",
        experiment=old,
        published_at=at(390),
    )
    LearningEntry.objects.create(
        source="review",
        kind_label="Serious success review",
        title="A success",
        review=review,
        published_at=at(10),
    )
    LearningEntry.objects.create(
        source="review",
        kind_label="Serious success review",
        title="Later",
        review=ReviewFactory(unit=a, opened_by=org["team-manager"]),
        published_at=at(-1),
    )

    experiments = measure("c4-experiments", [a, b])
    assert experiments[a.pk].value == 2
    assert experiments[b.pk].value == 0  # the authority runs experiments; unit B ran none
    learning = measure("c4-learning-published", [a, b])
    assert learning[a.pk].value == 2
    assert learning[b.pk].value == 0
    # A year before the running one was agreed: only the old one was running (finished 400 days ago).
    assert measure("c4-experiments", [a], days(360))[a.pk].value == 1
    for key in ("c4-experiments", "c4-learning-published"):
        assert_fixed_queries(key, org, django_assert_num_queries)
    evidence = registry.get("c4-experiments").evidence(org.other_unit_worker, a, TODAY)
    assert evidence.total == 2 and evidence.child_ids == []
    assert registry.get("c4-learning-published").evidence(org["team-manager"], a, TODAY).total == 2


@pytest.mark.django_db
def test_no_experiments_in_the_authority_is_not_enough_data(org):
    assert measure("c4-experiments", [org.unit_a])[org.unit_a.pk].value is None
    assert measure("c4-learning-published", [org.unit_a])[org.unit_a.pk].value is None
