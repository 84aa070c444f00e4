"""The demo authority's unit meetings (hearth/meetings/demo.py): the shape the services produce."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from hearth.cases.models import ChronologyEntry, EventKind
from hearth.meetings.models import Action, Discussion, DiscussionRequest, Meeting, RequestStatus
from hearth.organisation.models import Unit


@pytest.fixture
def small_demo(db):
    call_command("seed_demo", "--scale", "small", "--quiet")


def test_every_unit_has_weekly_meetings_with_hypotheses_and_this_weeks_agenda(small_demo):
    today = timezone.localdate()
    for unit in Unit.objects.all():
        meetings = list(Meeting.objects.filter(unit=unit).order_by("held_on"))
        assert len(meetings) == 9, unit
        weeks = [m.week_starting for m in meetings]
        assert len(set(weeks)) == 9 and all((b - a).days == 7 for a, b in zip(weeks, weeks[1:], strict=False))
        past = [m for m in meetings if m.held_on < today - timezone.timedelta(days=6)]
        for meeting in past:
            discussed = meeting.discussions.filter(status="discussed")
            assert discussed.count() >= 3
            assert all(d.hypothesis and d.alternatives and d.decision for d in discussed)
            assert meeting.attendance.exists()
        # This week's meeting has its agenda started from members' requests.
        current = meetings[-1]
        assert current.discussions.filter(status="agenda").count() == 2
        assert (
            DiscussionRequest.objects.filter(discussion__meeting=current, status=RequestStatus.OPEN).count()
            == 2
        )


def test_discussions_and_actions_are_on_the_chronology_as_the_services_write_them(small_demo):
    discussion = Discussion.objects.filter(status="discussed").first()
    entry = ChronologyEntry.objects.get(source_type="meetings.discussion", source_id=discussion.pk)
    assert entry.child_id == discussion.child_id and entry.kind == EventKind.MEETING
    assert entry.summary == f"Decision: {discussion.decision}"
    assert ChronologyEntry.objects.filter(source_type="meetings.action").count() == Action.objects.count()
    assert ChronologyEntry.objects.filter(source_type="meetings.discussion").count() == (
        Discussion.objects.filter(status="discussed").count()
    )


def test_demo_actions_are_open_overdue_and_done_for_demo_accounts(small_demo):
    today = timezone.localdate()
    actions = Action.objects.select_related("owner")
    assert actions.filter(done_at__isnull=False).exists()
    assert actions.filter(done_at__isnull=True, due_on__lt=today).exists()
    assert actions.filter(done_at__isnull=True, due_on__gte=today).exists()
    assert all(a.owner.email.endswith("@demo.hearth.test") for a in actions)
    assert actions.filter(owner__email="social-worker@demo.hearth.test", done_at__isnull=True).exists()


def test_demo_requests_are_open_waiting_and_discussed(small_demo):
    requests = DiscussionRequest.objects.all()
    assert requests.filter(status=RequestStatus.DISCUSSED, discussion__isnull=False).exists()
    assert requests.filter(status=RequestStatus.OPEN, discussion__isnull=True, when="ad-hoc").exists()


def test_reseeding_meetings_adds_nothing(small_demo):
    counts = [m.objects.count() for m in (Meeting, Discussion, Action, DiscussionRequest, ChronologyEntry)]
    call_command("seed_demo", "--scale", "small", "--quiet")
    assert [
        m.objects.count() for m in (Meeting, Discussion, Action, DiscussionRequest, ChronologyEntry)
    ] == counts
