"""Reads for unit meetings. Each is a fixed number of queries, whatever the size of the data.

Also the providers that add to lower apps' pages (hearth/core/extensions.py): open actions on a
person's work list, the history of hypotheses on a child's record, the coming meeting on a unit's page.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.urls import reverse

from hearth.core import extensions
from hearth.core.models import AuditLog
from hearth.core.presenters import date_in_words
from hearth.organisation.models import Membership, Unit
from hearth.organisation.selectors import unit_if_permitted
from hearth.people.models import Child

from .models import (
    Action,
    Attendance,
    Discussion,
    DiscussionRequest,
    Meeting,
    MeetingKind,
    MeetingSchedule,
    monday_of,
)
from .permissions import Perm

#: Hypotheses shown on a child's record, newest first.
HYPOTHESES_ON_RECORD = 20


# --- units and meetings ----------------------------------------------------------------------------


def may_view_unit(user, unit: Unit) -> bool:
    return user.has_perm(Perm.VIEW_MEETINGS, unit)


def visible_child(user, child_id) -> Child | None:
    """A child this person may see, or None."""
    return Child.objects.visible_to(user).filter(pk=child_id).first()


def unit_for_meetings(user, code: str) -> Unit | None:
    """The unit, if this person may see its meetings (else None: the page answers 404)."""
    return unit_if_permitted(user, code, Perm.VIEW_MEETINGS, active_only=True)


def meeting_for_page(user, meeting_id: int) -> Meeting | None:
    return (
        Meeting.objects.visible_to(user)
        .select_related("unit", "unit__service_area", "created_by")
        .filter(pk=meeting_id)
        .first()
    )


def schedule_of(unit: Unit) -> MeetingSchedule:
    return MeetingSchedule.objects.filter(unit=unit).first() or MeetingSchedule.default_for(unit)


def this_weeks_meeting(unit: Unit, schedule: MeetingSchedule, today: datetime.date) -> Meeting | None:
    """This week's meeting (in a week without one, the next), if someone has opened it already."""
    week = monday_of(schedule.meeting_date(today))
    return Meeting.objects.filter(unit=unit, kind=MeetingKind.REGULAR, week_starting=week).first()


def meetings_of(unit: Unit):
    """The unit's meetings, newest first, with how many children each discussed."""
    return (
        Meeting.objects.filter(unit=unit)
        .annotate(
            on_agenda=Count("discussions", distinct=True),
            discussed=Count("discussions", filter=Q(discussions__status="discussed"), distinct=True),
        )
        .order_by("-held_on", "-id")
    )


def members_of(unit: Unit) -> list[Membership]:
    return list(
        Membership.objects.current()
        .filter(unit=unit)
        .select_related("user")
        .order_by("user__full_name", "user_id")
    )


def attendee_ids(meeting: Meeting) -> set[int]:
    return set(Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True))


@dataclass
class Agenda:
    discussions: list[Discussion]
    hidden: int  # children on the agenda this person may not see


def agenda_of(user, meeting: Meeting) -> Agenda:
    """The meeting's discussions of children the person may see (and how many others there are)."""
    rows = list(
        Discussion.objects.filter(meeting=meeting)
        .annotate(
            visible=ExpressionWrapper(
                Q(child__in=Child.objects.visible_to(user).values("pk")), output_field=BooleanField()
            )
        )
        .select_related("child", "updated_by")
        .order_by("position", "id")
    )
    return Agenda(discussions=[d for d in rows if d.visible], hidden=sum(1 for d in rows if not d.visible))


def actions_by_discussion(discussion_ids) -> dict[int, list[Action]]:
    grouped: dict[int, list[Action]] = defaultdict(list)
    for action in Action.objects.filter(discussion_id__in=list(discussion_ids)).select_related("owner"):
        grouped[action.discussion_id].append(action)
    return grouped


def agenda_candidates(user, meeting: Meeting) -> list[tuple[int, str]]:
    """(id, name) of the unit's children the person may see who are not on the agenda yet."""
    on_agenda = Discussion.objects.filter(meeting=meeting).values("child_id")
    rows = (
        Child.objects.visible_to(user)
        .filter(allocated_unit_id=meeting.unit_id)
        .exclude(pk__in=on_agenda)
        .order_by("last_name", "first_name", "pk")
        .values_list("pk", "first_name", "last_name")
    )
    return [(pk, f"{first} {last}") for pk, first, last in rows]


def open_requests(user, unit: Unit):
    """Open requests to discuss the unit's children (that this person may see), oldest first."""
    return (
        DiscussionRequest.objects.visible_to(user)
        .open()
        .filter(unit=unit)
        .select_related("child", "requested_by", "discussion__meeting")
        .order_by("created_at", "id")
    )


def requests_by_discussion(user, discussion_ids) -> dict[int, list[DiscussionRequest]]:
    """The requests that brought each of these discussions about (open or discussed)."""
    grouped: dict[int, list[DiscussionRequest]] = defaultdict(list)
    rows = (
        DiscussionRequest.objects.filter(discussion_id__in=list(discussion_ids))
        .select_related("child", "requested_by", "discussion__meeting")
        .order_by("created_at", "id")
    )
    for asked in rows:
        grouped[asked.discussion_id].append(asked)
    return grouped


def requests_of(user, unit: Unit, status: str = ""):
    requests = (
        DiscussionRequest.objects.visible_to(user)
        .filter(unit=unit)
        .select_related("child", "requested_by", "discussion__meeting")
        .order_by("-created_at", "-id")
    )
    if status:
        requests = requests.filter(status=status)
    return requests


def request_children(user, unit: Unit) -> list[tuple[int, str]]:
    rows = (
        Child.objects.visible_to(user)
        .filter(allocated_unit=unit)
        .order_by("last_name", "first_name", "pk")
        .values_list("pk", "first_name", "last_name")
    )
    return [(pk, f"{first} {last}") for pk, first, last in rows]


def discussion_for_page(user, discussion_id: int) -> Discussion | None:
    return (
        Discussion.objects.visible_to(user)
        .select_related("child", "meeting__unit", "updated_by", "added_by")
        .filter(pk=discussion_id)
        .first()
    )


def action_for_page(user, action_id: int) -> Action | None:
    return (
        Action.objects.visible_to(user)
        .select_related("owner", "done_by", "created_by", "discussion__child", "discussion__meeting__unit")
        .filter(pk=action_id)
        .first()
    )


def record_discussions_viewed(*, by, discussions, request=None, obj=None) -> None:
    """Every read of a discussion about a child is audited: one row per child, in one query."""
    children = [d.child_id for d in discussions]
    if children:
        AuditLog.record(
            actor=by, action="meetings.discussion.view", obj=obj, children=children, request=request
        )


# --- providers for lower apps' pages (registered in apps.py) ---------------------------------------


def action_work_items(user, today: datetime.date) -> list[extensions.WorkItem]:
    """The person's open meeting actions, for "Things to do" on my work. One query; none for people in
    no unit (only members of a unit own actions)."""
    if not (user and user.is_authenticated and user.unit_ids):
        return []
    actions = (
        Action.objects.visible_to(user)
        .open()
        .filter(owner=user)
        .select_related("discussion__child")
        .order_by("due_on", "id")[:100]
    )
    return [
        extensions.WorkItem(
            kind="Unit meeting action",
            title=action.text,
            url=reverse("meetings:action", args=[action.pk]),
            due=action.due_on,
            about=action.discussion.child.full_name,
            sort_key=(action.pk,),
        )
        for action in actions
    ]


@dataclass
class HypothesisRow:
    discussion: Discussion
    date: str
    where: str
    hypothesis: str
    alternatives: list[str]
    distinguishing: str
    decision: str
    url: str


def hypotheses_section(user, child) -> extensions.Section | None:
    """The history of the unit's hypotheses about the child's family, newest first. One query and an
    audit row (when there is something to read); nothing for people who reach no child's meetings."""
    if not (user and user.is_authenticated):
        return None
    if not (user.has_authority_wide_case_access or user.reach_unit_ids):
        return None
    rows = list(
        Discussion.objects.filter(child=child)
        .with_hypothesis()
        .select_related("meeting__unit")
        .order_by("-meeting__held_on", "-id")[: HYPOTHESES_ON_RECORD + 1]
    )
    more = len(rows) > HYPOTHESES_ON_RECORD
    rows = rows[:HYPOTHESES_ON_RECORD]
    record_discussions_viewed(by=user, discussions=rows)
    unit = child.allocated_unit if child.allocated_unit_id else None
    may_request = unit is not None and user.has_perm(Perm.RUN_MEETINGS, unit)
    return extensions.Section(
        title="How the unit's thinking has changed",
        template="meetings/_hypotheses_section.html",
        order=50,
        context={
            "rows": [
                HypothesisRow(
                    discussion=d,
                    date=date_in_words(d.meeting.held_on),
                    where=d.meeting.get_kind_display() + f" of {d.meeting.unit}",
                    hypothesis=d.hypothesis,
                    alternatives=d.alternatives,
                    distinguishing=d.distinguishing,
                    decision=d.decision,
                    url=reverse("meetings:discussion", args=[d.pk]),
                )
                for d in rows
            ],
            "more": more,
            "child_name": child.full_name,
            "request_url": (
                reverse("meetings:request-add", args=[unit.code]) + f"?child={child.pk}"
                if may_request
                else ""
            ),
        },
    )


def unit_meeting_section(user, unit) -> extensions.Section | None:
    """Links to the unit's meetings, for its members and managers (and, to read, authority-wide roles).

    No query at all (the unit page's query count is shared by every app that adds to it): when the
    unit meets is on the meetings page and the meeting itself."""
    if not (user and user.is_authenticated):
        return None
    if not may_view_unit(user, unit):
        return None
    can_run = user.has_perm(Perm.RUN_MEETINGS, unit)
    return extensions.Section(
        title="Unit meetings",
        template="meetings/_unit_section.html",
        order=20,
        context={
            "can_run": can_run,
            "meeting_url": reverse("meetings:this-week", args=[unit.code]),
            "meetings_url": reverse("meetings:unit-meetings", args=[unit.code]),
            "requests_url": reverse("meetings:requests", args=[unit.code]),
        },
    )
