"""What the meeting pages show, worked out from the models so that templates stay simple."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse

from hearth.cases.selectors.chronology import datetime_in_words, time_in_words
from hearth.core.presenters import date_in_words

from .models import Action, Discussion, DiscussionRequest, RequestStatus, RequestWhen


@dataclass
class ActionRow:
    action: Action
    owner: str
    due: str
    done: str
    overdue: bool
    can_complete: bool
    url: str


def action_row(action: Action, user, today: datetime.date, *, unit_role: str | None) -> ActionRow:
    return ActionRow(
        action=action,
        owner=str(action.owner),
        due=date_in_words(action.due_on),
        done=date_in_words(action.done_at) if action.done_at else "",
        overdue=action.is_overdue(today),
        can_complete=not action.is_done
        and (action.owner_id == user.pk or unit_role == "consultant-social-worker"),
        url=reverse("meetings:action", args=[action.pk]),
    )


@dataclass
class RequestRow:
    request: DiscussionRequest
    child_name: str
    child_url: str
    asked_by: str
    asked_on: str
    question: str
    ad_hoc: bool
    status: str
    status_colour: str
    discussion_url: str = ""
    on_agenda_of: str = ""
    meeting_url: str = ""


def request_row(asked: DiscussionRequest) -> RequestRow:
    discussion = asked.discussion
    if asked.status == RequestStatus.DISCUSSED:
        status, colour = "Discussed", "green"
    elif discussion is not None:
        status, colour = "On the agenda", "blue"
    else:
        status, colour = "Waiting", "yellow"
    return RequestRow(
        request=asked,
        child_name=asked.child.full_name,
        child_url=asked.child.get_absolute_url(),
        asked_by=str(asked.requested_by),
        asked_on=date_in_words(asked.created_at),
        question=asked.question,
        ad_hoc=asked.when == RequestWhen.AD_HOC,
        status=status,
        status_colour=colour,
        discussion_url=reverse("meetings:discussion", args=[discussion.pk]) if discussion else "",
        on_agenda_of=discussion.meeting.title if discussion else "",
        meeting_url=discussion.meeting.get_absolute_url() if discussion else "",
    )


@dataclass
class AgendaItem:
    """One child on the meeting's agenda, with the forms to record the unit's thinking."""

    discussion: Discussion
    number: int
    anchor: str
    child_name: str
    child_url: str
    status: str
    status_colour: str
    last_saved: str
    form: object = None
    action_form: object = None
    actions: list[ActionRow] = field(default_factory=list)
    requests: list[RequestRow] = field(default_factory=list)
    conflict: Discussion | None = None
    conflict_saved_at: str = ""


def agenda_item(discussion: Discussion, number: int) -> AgendaItem:
    saved = ""
    if discussion.updated_by_id and discussion.version > 1:
        saved = f"Last saved by {discussion.updated_by} at {time_in_words(discussion.updated_at)}"
    return AgendaItem(
        discussion=discussion,
        number=number,
        anchor=f"discussion-{discussion.pk}",
        child_name=discussion.child.full_name,
        child_url=discussion.child.get_absolute_url(),
        status=discussion.get_status_display(),
        status_colour="green" if discussion.is_discussed else "grey",
        last_saved=saved,
    )


def saved_in_words(discussion: Discussion) -> str:
    return datetime_in_words(discussion.updated_at)
