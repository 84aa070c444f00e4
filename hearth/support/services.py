"""Writes for practical requests: one atomic function per thing a person does, each writing its audit
row. Transitions refuse impossible moves with `TransitionError` (a plain-English message)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.cases.models import EventKind
from hearth.cases.services.chronology import add_to_chronology
from hearth.core.models import AuditLog
from hearth.core.presenters import date_in_words

from .models import PracticalRequest, ProgressNote, RequestKind, Status, TransitionError
from .permissions import Perm


def _locked(practical: PracticalRequest) -> PracticalRequest:
    """The request as saved now, locked for the change (row lock on PostgreSQL)."""
    return PracticalRequest.objects.select_for_update().select_related("child").get(pk=practical.pk)


@transaction.atomic
def raise_request(
    *, by, child, kind: str, needed: str, due_on: datetime.date, request=None, today=None
) -> PracticalRequest:
    today = today or timezone.localdate()
    if not by.has_perm(Perm.RAISE, child) or child.allocated_unit_id is None:
        raise ValidationError("Only members and managers of the unit that holds the case can ask for help")
    errors = {}
    if kind not in RequestKind.values:
        errors["kind"] = "Choose what kind of help is needed"
    needed = (needed or "").strip()
    if not needed:
        errors["needed"] = "Write what is needed"
    if due_on is None:
        errors["due_on"] = "Enter the date it is needed by"
    elif due_on < today:
        errors["due_on"] = "The date it is needed by must be today or in the future"
    if errors:
        raise ValidationError(errors)
    practical = PracticalRequest.objects.create(
        unit_id=child.allocated_unit_id, child=child, requested_by=by, kind=kind, needed=needed, due_on=due_on
    )
    add_to_chronology(
        children=[child],
        occurred_at=practical.created_at,
        kind=EventKind.SUPPORT,
        title=f"Practical help asked for: {practical.get_kind_display()}",
        summary=f"{needed} Needed by {date_in_words(due_on)}. Asked by {by.full_name}.",
        source=practical,
    )
    AuditLog.record(
        actor=by, action="support.request.raise", obj=practical, child_id=child.pk, request=request
    )
    return practical


@transaction.atomic
def take_request(*, by, practical: PracticalRequest, request=None) -> PracticalRequest:
    practical = _locked(practical)
    if not by.has_perm(Perm.WORK_QUEUE, practical):
        raise TransitionError("Only the unit coordinator can take this request")
    practical.check_can_take(by)
    practical.status = Status.TAKEN
    practical.assigned_to = by
    practical.taken_at = timezone.now()
    practical.save(update_fields=["status", "assigned_to", "taken_at", "updated_at"])
    AuditLog.record(
        actor=by, action="support.request.take", obj=practical, child_id=practical.child_id, request=request
    )
    return practical


@transaction.atomic
def add_progress_note(*, by, practical: PracticalRequest, text: str, request=None) -> ProgressNote:
    practical = _locked(practical)
    if not by.has_perm(Perm.WORK_QUEUE, practical):
        raise TransitionError("Only the unit coordinator can record what was done")
    practical.check_can_add_note()
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write what was done"})
    note = ProgressNote.objects.create(request=practical, author=by, text=text)
    practical.save(update_fields=["updated_at"])
    AuditLog.record(
        actor=by, action="support.request.note", obj=practical, child_id=practical.child_id, request=request
    )
    return note


@transaction.atomic
def close_request(
    *, by, practical: PracticalRequest, done: bool, outcome: str, request=None, now=None
) -> PracticalRequest:
    """Close as done (with what was done) or as cannot be done (with the reason)."""
    practical = _locked(practical)
    if not by.has_perm(Perm.WORK_QUEUE, practical):
        raise TransitionError("Only the unit coordinator can close this request")
    practical.check_can_close()
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": "Write what was done" if done else "Write why it cannot be done"})
    practical.status = Status.DONE if done else Status.CANNOT
    practical.closed_at = now or timezone.now()
    practical.closed_by = by
    practical.outcome = outcome
    practical.save(update_fields=["status", "closed_at", "closed_by", "outcome", "updated_at"])
    what = practical.get_kind_display()
    add_to_chronology(
        children=[practical.child_id],
        occurred_at=practical.closed_at,
        kind=EventKind.SUPPORT,
        title=f"Practical help done: {what}" if done else f"Practical help could not be done: {what}",
        summary=outcome if done else f"Reason: {outcome}",
        source=practical,
    )
    AuditLog.record(
        actor=by,
        action="support.request.done" if done else "support.request.cannot",
        obj=practical,
        child_id=practical.child_id,
        request=request,
    )
    return practical
