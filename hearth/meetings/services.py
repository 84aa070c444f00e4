"""Writes for unit meetings: one atomic function per thing a person does, each writing its audit row.

Discussions are saved with optimistic locking (a version number that goes up with every save): a save
made from an older version changes nothing and raises `DiscussionConflict` with what is saved now, so
the page can show both versions. Nothing typed is lost: the person's version stays in their form.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from hearth.cases.models import EventKind
from hearth.cases.services.chronology import add_to_chronology, update_chronology_for
from hearth.core.models import AuditLog
from hearth.core.presenters import date_in_words
from hearth.organisation.models import Membership

from .models import (
    MAX_ALTERNATIVES,
    Action,
    Attendance,
    Discussion,
    DiscussionRequest,
    DiscussionStatus,
    Meeting,
    MeetingKind,
    RequestStatus,
    TransitionError,
    monday_of,
)
from .selectors import schedule_of


class DiscussionConflict(Exception):
    """Someone saved the discussion after the version this save started from."""

    def __init__(self, current: Discussion):
        super().__init__("This discussion was saved by someone else while you were writing.")
        self.current = current


@dataclass
class DiscussionData:
    hypothesis: str = ""
    alternatives: list[str] = field(default_factory=list)
    distinguishing: str = ""
    decision: str = ""

    def cleaned(self) -> DiscussionData:
        return DiscussionData(
            hypothesis=self.hypothesis.strip(),
            alternatives=[a.strip() for a in self.alternatives if a and a.strip()][:MAX_ALTERNATIVES],
            distinguishing=self.distinguishing.strip(),
            decision=self.decision.strip(),
        )


def _member_ids(unit) -> set[int]:
    return set(Membership.objects.current().filter(unit=unit).values_list("user_id", flat=True))


# --- the schedule and the meetings themselves ------------------------------------------------------


@transaction.atomic
def save_schedule(*, by, unit, cadence_weeks: int, weekday: int, starts_at: datetime.time, request=None):
    schedule = schedule_of(unit)
    today = timezone.localdate()
    if schedule.pk is None or schedule.cadence_weeks != cadence_weeks:
        # Count the weeks of a new cadence from the coming meeting's week, so that it starts now.
        schedule.first_week = monday_of(today)
    schedule.cadence_weeks = cadence_weeks
    schedule.weekday = weekday
    schedule.starts_at = starts_at
    schedule.changed_by = by
    schedule.save()
    AuditLog.record(actor=by, action="meetings.schedule.change", obj=schedule, request=request)
    return schedule


@transaction.atomic
def open_this_weeks_meeting(*, by, unit, today: datetime.date | None = None, request=None) -> Meeting:
    """This week's meeting of the unit (in a week without one, the next), made when first opened."""
    schedule = schedule_of(unit)
    day = schedule.meeting_date(today or timezone.localdate())
    meeting, created = Meeting.objects.get_or_create(
        unit=unit,
        kind=MeetingKind.REGULAR,
        week_starting=monday_of(day),
        defaults={"held_on": day, "starts_at": schedule.starts_at, "created_by": by},
    )
    if created:
        AuditLog.record(actor=by, action="meetings.meeting.create", obj=meeting, request=request)
    return meeting


@transaction.atomic
def open_ad_hoc_meeting(*, by, unit, request=None) -> Meeting:
    """An ad hoc discussion today (one a day per unit: opening it again finds the same one)."""
    today = timezone.localdate()
    meeting = Meeting.objects.filter(unit=unit, kind=MeetingKind.AD_HOC, held_on=today).first()
    if meeting is None:
        meeting = Meeting.objects.create(
            unit=unit,
            kind=MeetingKind.AD_HOC,
            held_on=today,
            week_starting=monday_of(today),
            starts_at=timezone.localtime().time().replace(second=0, microsecond=0),
            created_by=by,
        )
        AuditLog.record(actor=by, action="meetings.meeting.create", obj=meeting, request=request)
    return meeting


@transaction.atomic
def save_attendance(*, by, meeting: Meeting, user_ids, request=None) -> int:
    """Who was at the meeting: members of the unit only. Returns how many."""
    wanted = {int(pk) for pk in user_ids}
    outsiders = wanted - _member_ids(meeting.unit)
    if outsiders:
        raise ValidationError("Choose people who are members of the unit")
    present = set(Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True))
    Attendance.objects.filter(meeting=meeting, user_id__in=present - wanted).delete()
    Attendance.objects.bulk_create([Attendance(meeting=meeting, user_id=pk) for pk in wanted - present])
    AuditLog.record(
        actor=by,
        action="meetings.attendance.save",
        obj=meeting,
        request=request,
        detail=f"{len(wanted)} present",
    )
    return len(wanted)


# --- the agenda ------------------------------------------------------------------------------------


@transaction.atomic
def add_to_agenda(*, by, meeting: Meeting, child, request=None) -> Discussion:
    """Put one of the unit's children (that the person may see) on the meeting's agenda.

    Open requests to discuss the child in this unit that are on no agenda yet are linked to it.
    """
    from hearth.people.models import Child

    if not Child.objects.visible_to(by).filter(pk=child.pk, allocated_unit_id=meeting.unit_id).exists():
        raise ValidationError("Choose a child whose case is held by the unit")
    if Discussion.objects.filter(meeting=meeting, child=child).exists():
        raise ValidationError(f"{child.full_name} is already on the agenda")
    last = Discussion.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"] or 0
    discussion = Discussion.objects.create(meeting=meeting, child=child, position=last + 1, added_by=by)
    DiscussionRequest.objects.filter(
        unit_id=meeting.unit_id, child=child, status=RequestStatus.OPEN, discussion__isnull=True
    ).update(discussion=discussion)
    AuditLog.record(
        actor=by, action="meetings.agenda.add", obj=discussion, child_id=child.pk, request=request
    )
    return discussion


@transaction.atomic
def remove_from_agenda(*, by, discussion: Discussion, request=None) -> None:
    """Take a child off the agenda before they are discussed (refused afterwards, with the reason)."""
    discussion = Discussion.objects.select_for_update().select_related("child").get(pk=discussion.pk)
    discussion.check_can_remove(has_actions=discussion.actions.exists())
    child_id = discussion.child_id
    AuditLog.record(
        actor=by, action="meetings.agenda.remove", obj=discussion, child_id=child_id, request=request
    )
    discussion.delete()  # linked requests go back to waiting for an agenda (SET_NULL)


# --- discussions -----------------------------------------------------------------------------------


def _meeting_title(meeting: Meeting) -> str:
    if meeting.kind == MeetingKind.AD_HOC:
        return f"Discussed by {meeting.unit} (ad hoc)"
    return f"Discussed at {meeting.unit}'s unit meeting"


def _decision_summary(decision: str) -> str:
    return f"Decision: {decision}" if decision else ""


@transaction.atomic
def save_discussion(
    *,
    by,
    discussion: Discussion,
    data: DiscussionData,
    expected_version: int,
    mark_discussed: bool = False,
    request=None,
) -> Discussion:
    """Save what the unit thinks about the child; with `mark_discussed`, record that it was discussed.

    Raises DiscussionConflict (nothing changed) when the discussion was saved by someone else since
    `expected_version`; TransitionError when it cannot yet be marked discussed.
    """
    data = data.cleaned()
    now = timezone.now()
    becomes_discussed = mark_discussed and discussion.status != DiscussionStatus.DISCUSSED
    if mark_discussed:
        candidate = Discussion(
            child=discussion.child,
            hypothesis=data.hypothesis,
            alternatives=data.alternatives,
            decision=data.decision,
        )
        candidate.check_can_mark_discussed()
    fields = {
        "hypothesis": data.hypothesis,
        "alternatives": data.alternatives,
        "distinguishing": data.distinguishing,
        "decision": data.decision,
        "updated_by": by,
        "updated_at": now,
        "version": F("version") + 1,
    }
    if becomes_discussed:
        fields |= {"status": DiscussionStatus.DISCUSSED, "discussed_at": now}
    # One conditional UPDATE: two saves from the same version cannot both succeed, on any database.
    changed = Discussion.objects.filter(pk=discussion.pk, version=expected_version).update(**fields)
    if not changed:
        current = Discussion.objects.select_related("updated_by", "child").filter(pk=discussion.pk).first()
        if current is None:
            raise TransitionError("This child has been taken off the agenda")
        raise DiscussionConflict(current)
    saved = Discussion.objects.select_related("meeting__unit", "child").get(pk=discussion.pk)
    if becomes_discussed:
        meeting = saved.meeting
        occurred = now if meeting.held_on == timezone.localdate(now) else meeting.moment()
        add_to_chronology(
            children=[saved.child_id],
            occurred_at=occurred,
            kind=EventKind.MEETING,
            title=_meeting_title(meeting),
            summary=_decision_summary(saved.decision),
            source=saved,
        )
        DiscussionRequest.objects.filter(discussion=saved, status=RequestStatus.OPEN).update(
            status=RequestStatus.DISCUSSED, discussed_at=now
        )
    elif saved.status == DiscussionStatus.DISCUSSED:
        update_chronology_for(
            saved, title=_meeting_title(saved.meeting), summary=_decision_summary(saved.decision)
        )
    AuditLog.record(
        actor=by,
        action="meetings.discussion.discussed" if becomes_discussed else "meetings.discussion.save",
        obj=saved,
        child_id=saved.child_id,
        request=request,
        detail=f"version {saved.version}",
    )
    return saved


# --- actions ---------------------------------------------------------------------------------------


def _action_summary(action: Action, owner_name: str, meeting: Meeting) -> str:
    summary = f"For {owner_name}, due by {date_in_words(action.due_on)}. Agreed on {date_in_words(meeting.held_on)}."
    if action.done_at is not None:
        summary += f" Done on {date_in_words(action.done_at)}."
    return summary


@transaction.atomic
def add_action(
    *, by, discussion: Discussion, text: str, owner, due_on: datetime.date, request=None
) -> Action:
    """An action for the child with an owner from the unit and a due date (today or later)."""
    meeting = discussion.meeting
    errors = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = "Write what needs to be done"
    if owner is None or owner.pk not in _member_ids(meeting.unit):
        errors["owner"] = "Choose a member of the unit to do it"
    if due_on is None:
        errors["due_on"] = "Enter the date it is due by"
    elif due_on < timezone.localdate():
        errors["due_on"] = "The due date must be today or in the future"
    if errors:
        raise ValidationError(errors)
    action = Action.objects.create(
        discussion=discussion, text=text, owner=owner, due_on=due_on, created_by=by
    )
    add_to_chronology(
        children=[discussion.child_id],
        occurred_at=timezone.now(),
        kind=EventKind.ACTION,
        title=f"Action agreed: {text}",
        summary=_action_summary(action, str(owner), meeting),
        source=action,
    )
    AuditLog.record(
        actor=by, action="meetings.action.add", obj=action, child_id=discussion.child_id, request=request
    )
    return action


@transaction.atomic
def complete_action(*, by, action: Action, request=None) -> Action:
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.done_at is not None:
        raise TransitionError("This action is already done")
    action.done_at = timezone.now()
    action.done_by = by
    action.save(update_fields=["done_at", "done_by", "updated_at"])
    action = Action.objects.select_related("owner", "discussion__meeting").get(pk=action.pk)
    update_chronology_for(
        action,
        title=f"Action agreed: {action.text}",
        summary=_action_summary(action, str(action.owner), action.discussion.meeting),
    )
    AuditLog.record(
        actor=by,
        action="meetings.action.done",
        obj=action,
        child_id=action.discussion.child_id,
        request=request,
    )
    return action


# --- case discussion requests ----------------------------------------------------------------------


@transaction.atomic
def request_discussion(*, by, unit, child, question: str, when: str, request=None) -> DiscussionRequest:
    from hearth.people.models import Child

    if not Child.objects.visible_to(by).filter(pk=child.pk, allocated_unit=unit).exists():
        raise ValidationError({"child": "Choose a child whose case is held by the unit"})
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": "Write the question you want help with"})
    asked = DiscussionRequest.objects.create(
        unit=unit, child=child, requested_by=by, question=question, when=when
    )
    AuditLog.record(actor=by, action="meetings.request.add", obj=asked, child_id=child.pk, request=request)
    return asked
