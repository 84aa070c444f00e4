"""Unit meetings (hearth.meetings): the schedule, the agenda, discussions with hypotheses (autosaved,
optimistic locking), actions on the work list and the chronology, and case discussion requests."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.cases.models import ChronologyEntry, EventKind
from hearth.core.models import AuditLog
from hearth.core.roles import OrgRole
from hearth.meetings import services
from hearth.meetings.models import (
    Action,
    Attendance,
    Cadence,
    Discussion,
    DiscussionRequest,
    Meeting,
    MeetingKind,
    MeetingSchedule,
    RequestStatus,
    TransitionError,
    Weekday,
)
from hearth.people.models import Child

from .factories import ChildFactory, MembershipFactory, UserFactory
from .factories_meetings import ActionFactory, DiscussionFactory, DiscussionRequestFactory, discussed

TODAY = datetime.date(2026, 3, 4)  # a Wednesday


@pytest.fixture
def consultant(org):
    return org["consultant-social-worker"]


@pytest.fixture
def worker(org):
    return org["social-worker"]


@pytest.fixture
def child(org, worker):
    return ChildFactory(unit=org.unit_a, unit__lead_worker=worker, first_name="Ava", last_name="Testington")


@pytest.fixture
def meeting(org, consultant):
    return services.open_this_weeks_meeting(by=consultant, unit=org.unit_a)


@pytest.fixture
def discussion(meeting, child, consultant):
    return services.add_to_agenda(by=consultant, meeting=meeting, child=child)


def save_url(discussion) -> str:
    return reverse("meetings:discussion-save", args=[discussion.pk])


def discussion_post(discussion, *, version=None, intent="save", **fields) -> dict:
    prefix = f"d{discussion.pk}"
    data = {
        f"{prefix}-version": str(version if version is not None else discussion.version),
        f"{prefix}-hypothesis": fields.get("hypothesis", ""),
        f"{prefix}-alternative_1": fields.get("alternative_1", ""),
        f"{prefix}-alternative_2": fields.get("alternative_2", ""),
        f"{prefix}-distinguishing": fields.get("distinguishing", ""),
        f"{prefix}-decision": fields.get("decision", ""),
        "intent": intent,
    }
    return data


def autosave(client, discussion, **kwargs):
    return client.post(save_url(discussion), discussion_post(discussion, **kwargs), HTTP_X_AUTOSAVE="1")


# --- the schedule and this week's meeting ---------------------------------------------------------


def test_a_unit_meets_weekly_on_tuesday_by_default(org):
    schedule = MeetingSchedule.default_for(org.unit_a)
    assert schedule.cadence_weeks == Cadence.WEEKLY
    assert schedule.meeting_date(TODAY) == datetime.date(2026, 3, 3)
    assert schedule.meeting_date(datetime.date(2026, 3, 2)) == datetime.date(2026, 3, 3)


def test_a_fortnightly_unit_in_its_week_off_opens_next_weeks_meeting(org):
    schedule = MeetingSchedule(
        unit=org.unit_a, cadence_weeks=Cadence.FORTNIGHTLY, weekday=Weekday.THURSDAY, first_week=TODAY
    )
    assert schedule.meeting_date(TODAY) == datetime.date(2026, 3, 5)
    assert schedule.meeting_date(TODAY + datetime.timedelta(days=7)) == datetime.date(2026, 3, 19)


def test_this_weeks_meeting_is_made_once_when_first_opened(org, client_for, consultant, worker):
    url = reverse("meetings:this-week", args=["unit-a"])
    first = client_for(consultant).get(url)
    assert first.status_code == 302
    second = client_for(worker).get(url)
    assert second["Location"] == first["Location"]
    assert Meeting.objects.filter(unit=org.unit_a, kind=MeetingKind.REGULAR).count() == 1


def test_read_only_roles_do_not_make_a_meeting_by_opening_it(org, client_for):
    response = client_for(org[OrgRole.DIRECTOR]).get(reverse("meetings:this-week", args=["unit-a"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:unit-meetings", args=["unit-a"])
    assert not Meeting.objects.exists()


def test_consultant_changes_the_cadence_and_the_social_worker_may_not(org, client_for, consultant, worker):
    url = reverse("meetings:schedule", args=["unit-a"])
    assert client_for(worker).get(url).status_code == 403
    response = client_for(consultant).post(
        url, {"cadence_weeks": "2", "weekday": "3", "starts_at": "2:30pm"}, follow=True
    )
    assert "Unit A now meets every two weeks on thursday" in response.content.decode()
    schedule = MeetingSchedule.objects.get(unit=org.unit_a)
    assert (schedule.cadence_weeks, schedule.weekday, schedule.starts_at) == (2, 3, datetime.time(14, 30))


def test_a_manager_changes_the_cadence_too(org, client_for):
    response = client_for(org[OrgRole.TEAM_MANAGER]).post(
        reverse("meetings:schedule", args=["unit-a"]),
        {"cadence_weeks": "4", "weekday": "0", "starts_at": "9am"},
    )
    assert response.status_code == 302
    assert MeetingSchedule.objects.get(unit=org.unit_a).cadence_weeks == Cadence.FOUR_WEEKLY


def test_schedule_form_shows_errors_and_changes_nothing(org, client_for, consultant):
    response = client_for(consultant).post(
        reverse("meetings:schedule", args=["unit-a"]), {"cadence_weeks": "2", "starts_at": "25 o'clock"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Select the day the unit meets" in page and "Enter a real time" in page
    assert not MeetingSchedule.objects.exists()


# --- the agenda ------------------------------------------------------------------------------------


def test_a_member_adds_children_of_the_unit_to_the_agenda(org, client_for, meeting, child, worker):
    other = ChildFactory(unit=org.unit_a)
    client = client_for(worker)
    url = reverse("meetings:agenda-add", args=[meeting.pk])
    assert client.post(url, {"child": child.pk}).status_code == 302
    assert client.post(url, {"child": other.pk}).status_code == 302
    assert list(meeting.discussions.values_list("child_id", flat=True)) == [child.pk, other.pk]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "1. Ava Testington" in page and f"2. {other.full_name}" in page


def test_a_child_of_another_unit_cannot_be_added(org, meeting, consultant):
    stranger = ChildFactory(unit=org.unit_b)
    with pytest.raises(ValidationError, match="held by the unit"):
        services.add_to_agenda(by=consultant, meeting=meeting, child=stranger)


def test_a_child_the_person_may_not_see_cannot_be_added(org, meeting, consultant):
    restricted = ChildFactory(unit=org.unit_a)
    Child.objects.filter(pk=restricted.pk).update(restriction="high-profile")
    restricted.refresh_from_db()
    with pytest.raises(ValidationError, match="held by the unit"):
        services.add_to_agenda(by=consultant, meeting=meeting, child=restricted)


def test_the_agenda_form_refuses_another_units_child_with_a_message(org, client_for, meeting, consultant):
    stranger = ChildFactory(unit=org.unit_b)
    response = client_for(consultant).post(
        reverse("meetings:agenda-add", args=[meeting.pk]), {"child": stranger.pk}
    )
    assert response.status_code == 200
    assert "Choose a child whose case is held by the unit" in response.content.decode()
    assert not meeting.discussions.exists()


def test_a_child_is_on_the_agenda_once(meeting, discussion, child, consultant):
    with pytest.raises(ValidationError, match="already on the agenda"):
        services.add_to_agenda(by=consultant, meeting=meeting, child=child)


def test_a_child_not_yet_discussed_can_be_taken_off(client_for, worker, discussion):
    response = client_for(worker).post(
        reverse("meetings:discussion-remove", args=[discussion.pk]), follow=True
    )
    assert "Ava Testington has been taken off the agenda" in response.content.decode()
    assert not Discussion.objects.filter(pk=discussion.pk).exists()


def test_removing_a_discussed_child_is_refused_with_a_message(client_for, worker, discussion):
    discussed(discussion)
    response = client_for(worker).post(
        reverse("meetings:discussion-remove", args=[discussion.pk]), follow=True
    )
    assert "Ava Testington has been discussed, so cannot be taken off the agenda" in response.content.decode()
    assert Discussion.objects.filter(pk=discussion.pk).exists()


def test_removing_a_child_with_something_written_or_actions_is_refused(discussion, consultant, worker):
    services.add_action(
        by=consultant, discussion=discussion, text="Visit", owner=worker, due_on=timezone.localdate()
    )
    with pytest.raises(TransitionError, match="Actions were agreed"):
        services.remove_from_agenda(by=consultant, discussion=discussion)
    other = DiscussionFactory(meeting=discussion.meeting, hypothesis="Something")
    with pytest.raises(TransitionError, match="Clear what was written first"):
        services.remove_from_agenda(by=consultant, discussion=other)


# --- attendance ------------------------------------------------------------------------------------


def test_attendance_is_ticked_from_the_units_members(org, client_for, meeting, consultant, worker):
    client = client_for(consultant)
    url = reverse("meetings:attendance", args=[meeting.pk])
    assert client.post(url, {"present": [consultant.pk, worker.pk]}).status_code == 302
    assert set(Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True)) == {
        consultant.pk,
        worker.pk,
    }
    response = client.post(url, {"present": [org.other_unit_worker.pk]})
    assert response.status_code == 200
    assert "Choose members of the unit" in response.content.decode()
    answer = client.post(url, {"present": [worker.pk]}, HTTP_X_AUTOSAVE="1")
    assert answer.json()["saved"] is True
    assert list(Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True)) == [worker.pk]


# --- discussions: autosave, optimistic locking, marking discussed ---------------------------------


def test_autosave_keeps_what_is_typed_and_moves_the_version_on(client_for, consultant, discussion):
    response = autosave(
        client_for(consultant), discussion, hypothesis="Dad's new shifts", alternative_1="Bullying at school"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True and body["version"] == 2 and body["message"].startswith("Saved at")
    discussion.refresh_from_db()
    assert discussion.hypothesis == "Dad's new shifts"
    assert discussion.alternatives == ["Bullying at school"]
    assert discussion.version == 2
    assert discussion.status == "agenda"  # saving is not marking discussed


def test_autosave_from_an_old_version_changes_nothing_and_returns_both_versions(
    client_for, consultant, worker, discussion
):
    assert autosave(client_for(worker), discussion, hypothesis="The worker's thinking").status_code == 200
    response = autosave(client_for(consultant), discussion, version=1, hypothesis="The consultant's thinking")
    assert response.status_code == 409
    body = response.json()
    assert body["conflict"] is True and body["saved"] is False and body["version"] == 2
    assert "The worker&#x27;s thinking" in body["html"] or "The worker's thinking" in body["html"]
    assert "while you were writing" in body["message"]
    discussion.refresh_from_db()
    assert discussion.hypothesis == "The worker's thinking"


def test_a_conflict_without_javascript_shows_both_versions_and_keeps_what_was_typed(
    client_for, consultant, worker, discussion
):
    autosave(client_for(worker), discussion, hypothesis="Saved first")
    client = client_for(consultant)
    response = client.post(
        save_url(discussion), discussion_post(discussion, version=1, hypothesis="Typed second")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Not saved" in page and "Saved first" in page and "Typed second" in page
    # The hidden version moved on: saving again is a deliberate choice to keep this version.
    assert f'name="d{discussion.pk}-version" value="2"' in page
    again = client.post(
        save_url(discussion), discussion_post(discussion, version=2, hypothesis="Typed second")
    )
    assert again.status_code == 302
    discussion.refresh_from_db()
    assert discussion.hypothesis == "Typed second" and discussion.version == 3


def test_two_saves_from_the_same_version_cannot_both_win(consultant, worker, discussion):
    services.save_discussion(
        by=worker, discussion=discussion, data=services.DiscussionData(hypothesis="A"), expected_version=1
    )
    with pytest.raises(services.DiscussionConflict) as clash:
        services.save_discussion(
            by=consultant,
            discussion=discussion,
            data=services.DiscussionData(hypothesis="B"),
            expected_version=1,
        )
    assert clash.value.current.hypothesis == "A"


def test_autosave_refuses_text_that_is_too_long_and_says_why(client_for, consultant, discussion):
    response = autosave(client_for(consultant), discussion, hypothesis="x" * 5001)
    assert response.status_code == 400
    assert "5,000 characters or fewer" in response.json()["message"]
    discussion.refresh_from_db()
    assert discussion.hypothesis == ""


def test_a_form_with_errors_comes_back_with_what_was_typed(client_for, consultant, discussion):
    response = client_for(consultant).post(
        save_url(discussion),
        discussion_post(discussion, hypothesis="Kept hypothesis", decision="x" * 5001),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Kept hypothesis" in page
    assert page.count("5,000 characters or fewer") >= 2  # summary and inline
    assert response.context["error_form"] is not None


def test_marking_discussed_needs_a_hypothesis_an_alternative_and_a_decision(
    client_for, consultant, discussion
):
    response = client_for(consultant).post(
        save_url(discussion), discussion_post(discussion, intent="discussed", hypothesis="Only this")
    )
    page = response.content.decode()
    assert "Write at least one alternative hypothesis before marking the discussion done" in page
    assert "Write the decision before marking the discussion done" in page
    discussion.refresh_from_db()
    assert discussion.status == "agenda" and discussion.hypothesis == ""
    with pytest.raises(TransitionError, match="the decision"):
        services.save_discussion(
            by=consultant,
            discussion=discussion,
            data=services.DiscussionData(hypothesis="H", alternatives=["A"]),
            expected_version=1,
            mark_discussed=True,
        )


def test_marking_discussed_writes_the_chronology_with_the_decision(client_for, consultant, discussion, child):
    request = DiscussionRequestFactory(unit=discussion.meeting.unit, child=child, requested_by=consultant)
    request.discussion = discussion
    request.save()
    response = client_for(consultant).post(
        save_url(discussion),
        discussion_post(
            discussion,
            intent="discussed",
            hypothesis="Mum is isolated",
            alternative_1="Money worries",
            decision="Visit weekly",
        ),
        follow=True,
    )
    assert (
        "The discussion of Ava Testington is recorded and is on their chronology" in response.content.decode()
    )
    entry = ChronologyEntry.objects.get(child=child, kind=EventKind.MEETING)
    assert entry.summary == "Decision: Visit weekly"
    assert entry.source_type == "meetings.discussion" and entry.source_id == discussion.pk
    assert "Unit A" in entry.title
    request.refresh_from_db()
    assert request.status == RequestStatus.DISCUSSED and request.discussed_at is not None
    # A later change to the decision follows on the chronology (no second entry).
    discussion.refresh_from_db()
    services.save_discussion(
        by=consultant,
        discussion=discussion,
        data=services.DiscussionData(
            hypothesis="Mum is isolated", alternatives=["Money"], decision="Visit twice"
        ),
        expected_version=discussion.version,
    )
    entry.refresh_from_db()
    assert entry.summary == "Decision: Visit twice"
    assert ChronologyEntry.objects.filter(child=child, kind=EventKind.MEETING).count() == 1


def test_the_chronology_links_a_discussion_to_its_page(client_for, worker, discussion, child):
    discussed(discussion)
    services_entry = ChronologyEntry.objects.create(
        child=child,
        occurred_at=timezone.now(),
        kind=EventKind.MEETING,
        title="Discussed",
        source_type="meetings.discussion",
        source_id=discussion.pk,
    )
    page = client_for(worker).get(reverse("cases:chronology", args=[child.pk])).content.decode()
    assert reverse("meetings:discussion", args=[services_entry.source_id]) in page


def test_add_another_alternative_gives_one_more_box(client_for, consultant, discussion):
    client = client_for(consultant)
    response = client.post(
        save_url(discussion),
        discussion_post(discussion, intent="add-alternative", alternative_1="One", alternative_2="Two"),
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert f'name="d{discussion.pk}-alternative_3"' in page
    assert "Alternative hypothesis 3" in page


# --- actions ---------------------------------------------------------------------------------------


def test_an_action_needs_an_owner_from_the_unit_and_a_due_date_not_in_the_past(
    org, discussion, consultant, worker
):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.add_action(
            by=consultant,
            discussion=discussion,
            text="Ring school",
            owner=org.other_unit_worker,
            due_on=today,
        )
    assert "owner" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.add_action(
            by=consultant,
            discussion=discussion,
            text="Ring school",
            owner=worker,
            due_on=today - datetime.timedelta(days=1),
        )
    assert error.value.message_dict["due_on"] == ["The due date must be today or in the future"]
    assert not Action.objects.exists()


def test_the_action_form_shows_errors_and_keeps_what_was_typed(client_for, consultant, discussion):
    prefix = f"a{discussion.pk}"
    response = client_for(consultant).post(
        reverse("meetings:action-add", args=[discussion.pk]),
        {f"{prefix}-text": "Ring the school", f"{prefix}-owner": "", f"{prefix}-due_on": "1/1/2020"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose who will do it" in page and "The due date must be today or in the future" in page
    assert 'value="Ring the school"' in page
    assert not Action.objects.exists()


def test_an_action_goes_on_the_chronology_and_the_owners_work_list(
    client_for, consultant, worker, discussion, child
):
    due = timezone.localdate() + datetime.timedelta(days=3)
    prefix = f"a{discussion.pk}"
    response = client_for(consultant).post(
        reverse("meetings:action-add", args=[discussion.pk]),
        {
            f"{prefix}-text": "Ring the school",
            f"{prefix}-owner": worker.pk,
            f"{prefix}-due_on": due.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    entry = ChronologyEntry.objects.get(child=child, kind=EventKind.ACTION)
    assert entry.title == "Action agreed: Ring the school"
    assert worker.full_name in entry.summary
    assert entry.source_type == "meetings.action" and entry.source_id == action.pk

    client = client_for(worker)
    my_work = client.get(reverse("cases:my-work")).content.decode()
    assert "Ring the school" in my_work and "Unit meeting action" in my_work
    assert reverse("meetings:action", args=[action.pk]) in my_work
    chronology = client.get(reverse("cases:chronology", args=[child.pk])).content.decode()
    assert "Action agreed: Ring the school" in chronology
    assert reverse("meetings:action", args=[action.pk]) in chronology


def test_only_open_actions_of_the_person_are_on_their_work_list(
    org, client_for, consultant, worker, discussion
):
    ActionFactory(discussion=discussion, owner=worker, text="Still to do")
    ActionFactory(discussion=discussion, owner=worker, text="Already done", done_at=timezone.now())
    ActionFactory(discussion=discussion, owner=consultant, text="The consultant's")
    page = client_for(worker).get(reverse("cases:my-work")).content.decode()
    assert "Still to do" in page
    assert "Already done" not in page and "The consultant&#x27;s" not in page


def test_overdue_actions_are_marked_on_the_work_list(client_for, worker, discussion):
    ActionFactory(
        discussion=discussion, owner=worker, due_on=timezone.localdate() - datetime.timedelta(days=2)
    )
    page = client_for(worker).get(reverse("cases:my-work")).content.decode()
    assert "Overdue" in page


def test_the_owner_or_the_consultant_marks_an_action_done(
    org, client_for, consultant, worker, discussion, child
):
    services.add_action(
        by=consultant, discussion=discussion, text="Ring school", owner=worker, due_on=timezone.localdate()
    )
    action = Action.objects.get()
    url = reverse("meetings:action-done", args=[action.pk])
    assert client_for(org["child-practitioner"]).post(url).status_code == 403
    response = client_for(worker).post(url, follow=True)
    assert "‘Ring school’ is done" in response.content.decode()
    action.refresh_from_db()
    assert action.is_done and action.done_by == worker
    entry = ChronologyEntry.objects.get(child=child, kind=EventKind.ACTION)
    assert "Done on" in entry.summary
    assert "Ring school" not in client_for(worker).get(reverse("cases:my-work")).content.decode()
    # Twice is refused with a message, and changes nothing.
    response = client_for(consultant).post(url, follow=True)
    assert "already done" in response.content.decode()


def test_the_consultant_may_mark_a_colleagues_action_done(client_for, consultant, worker, discussion):
    action = ActionFactory(discussion=discussion, owner=worker)
    assert client_for(consultant).post(reverse("meetings:action-done", args=[action.pk])).status_code == 302
    action.refresh_from_db()
    assert action.done_by == consultant


# --- the child's record and the unit's page --------------------------------------------------------


def test_the_childs_record_shows_how_the_units_thinking_changed_newest_first(
    org, client_for, worker, child, consultant
):
    older = services.open_this_weeks_meeting(
        by=consultant, unit=org.unit_a, today=timezone.localdate() - datetime.timedelta(days=14)
    )
    newer = services.open_this_weeks_meeting(by=consultant, unit=org.unit_a)
    discussed(
        DiscussionFactory(meeting=older, child=child, added_by=consultant),
        hypothesis="First thinking: neglect",
        alternatives=["Poverty", "Illness"],
        decision="Assess",
    )
    discussed(
        DiscussionFactory(meeting=newer, child=child, added_by=consultant),
        hypothesis="Now: a carer in crisis",
        decision="Support the carer",
    )
    response = client_for(worker).get(reverse("people:child", args=[child.pk]))
    page = response.content.decode()
    assert "How the unit&#x27;s thinking has changed" in page or "How the unit's thinking has changed" in page
    assert page.index("Now: a carer in crisis") < page.index("First thinking: neglect")
    assert "Poverty" in page and "Illness" in page and "Support the carer" in page
    assert AuditLog.objects.filter(
        action="meetings.discussion.view", child_id=child.pk, actor=worker
    ).exists()


def test_the_units_page_shows_the_meeting_to_members_and_managers_only(org, client_for, worker):
    url = reverse("organisation:unit", args=["unit-a"])
    this_week = reverse("meetings:this-week", args=["unit-a"])
    assert this_week in client_for(worker).get(url).content.decode()
    assert this_week in client_for(org[OrgRole.HEAD_OF_SERVICE]).get(url).content.decode()
    for outsider in (org.other_unit_worker, org[OrgRole.WORKFORCE_LEAD], org[OrgRole.SYSTEM_ADMINISTRATOR]):
        page = client_for(outsider).get(url).content.decode()
        assert "Unit meetings" not in page, outsider


# --- reading and audit -----------------------------------------------------------------------------


def test_every_read_of_a_discussion_is_audited(client_for, worker, discussion, child):
    client = client_for(worker)
    client.get(discussion.meeting.get_absolute_url())
    client.get(reverse("meetings:discussion", args=[discussion.pk]))
    rows = AuditLog.objects.filter(action="meetings.discussion.view", child_id=child.pk, actor=worker)
    assert rows.count() == 2


def test_read_only_roles_read_the_meeting_without_forms_and_cannot_save(org, client_for, discussion):
    discussed(discussion, hypothesis="Read me")
    director = client_for(org[OrgRole.DIRECTOR])
    page = director.get(discussion.meeting.get_absolute_url()).content.decode()
    assert "Read me" in page and "You can read this meeting" in page
    assert reverse("meetings:discussion-save", args=[discussion.pk]) not in page
    assert director.post(save_url(discussion), discussion_post(discussion)).status_code == 403


def test_a_child_who_moved_to_another_unit_is_hidden_from_the_old_unit(
    org, client_for, worker, discussion, child
):
    discussed(discussion, hypothesis="Private thinking")
    Child.objects.filter(pk=child.pk).update(allocated_unit=org.unit_b)
    page = client_for(worker).get(discussion.meeting.get_absolute_url()).content.decode()
    assert "Private thinking" not in page and "Ava Testington" not in page
    assert "1 other child is on this agenda whose record you cannot see" in page
    assert client_for(worker).get(reverse("meetings:discussion", args=[discussion.pk])).status_code == 404
    # The unit now holding the child reads the history.
    other = client_for(org.other_unit_worker)
    assert other.get(reverse("meetings:discussion", args=[discussion.pk])).status_code == 200
    assert "Private thinking" in other.get(reverse("people:child", args=[child.pk])).content.decode()


# --- case discussion requests ----------------------------------------------------------------------


def test_a_member_asks_for_a_case_to_be_discussed_and_it_is_suggested_for_the_agenda(
    org, client_for, worker, consultant, child
):
    url = reverse("meetings:request-add", args=["unit-a"])
    form = client_for(worker).get(url, {"child": child.pk}).content.decode()
    assert f'<option value="{child.pk}" selected>' in form
    response = client_for(worker).post(
        url,
        {"child": child.pk, "question": "Why does Ava miss Mondays?", "when": "next-meeting"},
        follow=True,
    )
    assert "Your request to discuss Ava Testington has been added" in response.content.decode()
    asked = DiscussionRequest.objects.get()
    assert asked.status == RequestStatus.OPEN and asked.requested_by == worker

    meeting = services.open_this_weeks_meeting(by=consultant, unit=org.unit_a)
    client = client_for(consultant)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Asked for by members of the unit" in page and "Why does Ava miss Mondays?" in page
    client.post(reverse("meetings:agenda-add", args=[meeting.pk]), {"child": child.pk})
    asked.refresh_from_db()
    assert asked.discussion is not None and asked.status == RequestStatus.OPEN
    listing = client.get(reverse("meetings:requests", args=["unit-a"])).content.decode()
    assert "On the agenda" in listing
    assert reverse("meetings:discussion", args=[asked.discussion_id]) in listing


def test_the_request_form_refuses_another_units_child(org, client_for, worker):
    stranger = ChildFactory(unit=org.unit_b)
    response = client_for(worker).post(
        reverse("meetings:request-add", args=["unit-a"]),
        {"child": stranger.pk, "question": "Q", "when": "ad-hoc"},
    )
    assert response.status_code == 200
    assert "Choose a child whose case is held by the unit" in response.content.decode()
    assert not DiscussionRequest.objects.exists()


def test_an_ad_hoc_request_is_discussed_now(org, client_for, consultant, child):
    asked = DiscussionRequestFactory(unit=org.unit_a, child=child, requested_by=consultant, when="ad-hoc")
    response = client_for(consultant).post(reverse("meetings:ad-hoc", args=["unit-a"]), {"request": asked.pk})
    meeting = Meeting.objects.get(kind=MeetingKind.AD_HOC)
    assert response["Location"] == meeting.get_absolute_url()
    asked.refresh_from_db()
    assert asked.discussion.meeting == meeting


def test_the_request_list_filters_by_status(org, client_for, worker, child):
    DiscussionRequestFactory(unit=org.unit_a, child=child, requested_by=worker, question="Open one")
    DiscussionRequestFactory(
        unit=org.unit_a, child=child, requested_by=worker, question="Done one", status=RequestStatus.DISCUSSED
    )
    client = client_for(worker)
    url = reverse("meetings:requests", args=["unit-a"])
    assert "Open one" in client.get(url).content.decode()
    assert "Done one" not in client.get(url).content.decode()
    assert "Done one" in client.get(url, {"status": "discussed"}).content.decode()
    both = client.get(url, {"status": "all"}).content.decode()
    assert "Open one" in both and "Done one" in both


# --- query counts do not grow with data -----------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _fill_meeting(org, meeting, n: int, by):
    for _ in range(n):
        member = UserFactory()
        MembershipFactory(unit=org.unit_a, user=member)
        Attendance.objects.create(meeting=meeting, user=member)
        kid = ChildFactory(unit=org.unit_a, unit__lead_worker=by)
        d = discussed(DiscussionFactory(meeting=meeting, child=kid, added_by=by))
        ActionFactory(discussion=d, owner=member)
        ActionFactory(discussion=d, owner=by, done_at=timezone.now())
        DiscussionRequestFactory(unit=org.unit_a, child=kid, requested_by=by, discussion=d)
        DiscussionRequestFactory(unit=org.unit_a, child=ChildFactory(unit=org.unit_a), requested_by=by)


@pytest.mark.parametrize("role", ["consultant-social-worker", OrgRole.DIRECTOR])
def test_meeting_page_query_count_is_flat(org, client_for, meeting, role):
    client = client_for(org[role])
    _fill_meeting(org, meeting, 1, org["consultant-social-worker"])
    few = _queries(client, meeting.get_absolute_url())
    _fill_meeting(org, meeting, 9, org["consultant-social-worker"])
    assert _queries(client, meeting.get_absolute_url()) == few


def test_request_list_query_count_is_flat(org, client_for, worker):
    client = client_for(worker)
    url = reverse("meetings:requests", args=["unit-a"]) + "?status=all"
    meeting = services.open_this_weeks_meeting(by=worker, unit=org.unit_a)
    _fill_meeting(org, meeting, 1, worker)
    few = _queries(client, url)
    _fill_meeting(org, meeting, 9, worker)
    assert _queries(client, url) == few


def test_unit_meetings_list_query_count_is_flat(org, client_for, worker, consultant):
    client = client_for(worker)
    url = reverse("meetings:unit-meetings", args=["unit-a"])
    today = timezone.localdate()
    services.open_this_weeks_meeting(by=consultant, unit=org.unit_a, today=today)
    few = _queries(client, url)
    for weeks in range(1, 10):
        services.open_this_weeks_meeting(
            by=consultant, unit=org.unit_a, today=today - datetime.timedelta(weeks=weeks)
        )
    assert _queries(client, url) == few


def test_work_list_and_record_providers_make_a_fixed_number_of_queries(
    org, client_for, worker, consultant, child
):
    meeting = services.open_this_weeks_meeting(by=consultant, unit=org.unit_a)
    discussion = discussed(DiscussionFactory(meeting=meeting, child=child, added_by=consultant))
    ActionFactory(discussion=discussion, owner=worker)
    client = client_for(worker)
    my_work, record = reverse("cases:my-work"), reverse("people:child", args=[child.pk])
    few = (_queries(client, my_work), _queries(client, record))
    for days in range(1, 10):
        older = services.open_this_weeks_meeting(
            by=consultant, unit=org.unit_a, today=timezone.localdate() - datetime.timedelta(weeks=days)
        )
        d = discussed(DiscussionFactory(meeting=older, child=child, added_by=consultant))
        ActionFactory(discussion=d, owner=worker)
    assert (_queries(client, my_work), _queries(client, record)) == few


def test_providers_make_no_query_for_people_with_no_reason(org, django_assert_num_queries, child):
    from hearth.meetings import selectors

    admin = org[OrgRole.SYSTEM_ADMINISTRATOR]
    _ = admin.unit_ids  # their (empty) units are read once per request anyway
    with django_assert_num_queries(0):
        assert selectors.action_work_items(admin, timezone.localdate()) == []
        assert selectors.hypotheses_section(admin, child) is None
        assert selectors.unit_meeting_section(admin, org.unit_a) is None


def test_the_unit_page_section_makes_no_query(org, django_assert_num_queries, worker):
    from hearth.meetings import selectors

    _ = worker.unit_ids  # read once per request by the page anyway
    with django_assert_num_queries(0):
        section = selectors.unit_meeting_section(worker, org.unit_a)
    assert section.context["meeting_url"] == reverse("meetings:this-week", args=["unit-a"])


def test_autosave_json_is_plain(client_for, consultant, discussion):
    response = autosave(client_for(consultant), discussion, hypothesis="H")
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["saved"] is True
