"""Writes for supervision, observations and mentoring. One atomic function per thing a person does;
each writes its audit rows. Reads of records are audited here too (`record_*_viewed`)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.cases.models import EventKind
from hearth.cases.services.chronology import add_to_chronology
from hearth.core.models import AuditLog

from .models import (
    Attendance,
    CaseDiscussion,
    Mentoring,
    MentoringGoal,
    MentoringNote,
    Observation,
    ObservationRating,
    PrivateReflection,
    SessionKind,
    SupervisionAgreement,
    SupervisionSession,
)
from .selectors import default_supervisor

DECISION_TITLE = "Decision agreed in supervision"


class SupervisionError(Exception):
    """A change the rules refuse, with a message in plain English."""


# --- agreements ----------------------------------------------------------------------------------


@transaction.atomic
def make_agreement(
    *, by, supervisee, supervisor=None, frequency="", asye_started_on=None, started_on, request=None
) -> SupervisionAgreement:
    """A new agreement; it replaces the supervisee's open one (which ends the day the new one starts)."""
    supervisor = supervisor or default_supervisor(supervisee)
    if supervisor is None:
        raise SupervisionError(
            "Choose a supervisor: their unit has no consultant social worker or team manager to default to"
        )
    if supervisor.pk == supervisee.pk:
        raise SupervisionError("A person cannot supervise themselves")
    current = (
        SupervisionAgreement.objects.select_for_update()
        .filter(supervisee=supervisee, ended_on__isnull=True)
        .first()
    )
    if current is not None:
        if started_on <= current.started_on:
            raise SupervisionError(
                f"The new agreement must start after the current one, which started on "
                f"{current.started_on:%d/%m/%Y}"
            )
        current.ended_on = started_on
        current.save(update_fields=["ended_on", "updated_at"])
        AuditLog.record(actor=by, action="supervision.agreement_end", obj=current, request=request)
    agreement = SupervisionAgreement.objects.create(
        supervisor=supervisor,
        supervisee=supervisee,
        frequency=frequency,
        asye_started_on=asye_started_on,
        started_on=started_on,
        made_by=by,
    )
    AuditLog.record(actor=by, action="supervision.agreement_create", obj=agreement, request=request)
    return agreement


@transaction.atomic
def change_agreement(*, by, agreement, frequency, asye_started_on, ended_on=None, request=None):
    if ended_on is not None and ended_on < agreement.started_on:
        raise SupervisionError("The end date must be on or after the date the agreement started")
    agreement.frequency = frequency
    agreement.asye_started_on = asye_started_on
    agreement.ended_on = ended_on
    agreement.save(update_fields=["frequency", "asye_started_on", "ended_on", "updated_at"])
    AuditLog.record(actor=by, action="supervision.agreement_update", obj=agreement, request=request)
    return agreement


def record_agreement_viewed(*, by, agreement, request=None) -> None:
    AuditLog.record(actor=by, action="supervision.agreement_view", obj=agreement, request=request)


def record_overview_viewed(*, by, request=None) -> None:
    AuditLog.record(actor=by, action="supervision.list_view", request=request)


# --- supervision records -------------------------------------------------------------------------


@transaction.atomic
def record_supervision(
    *,
    by,
    supervisees: list,
    held_on: datetime.date,
    focus: str = "",
    wellbeing: str = "",
    private_text: str = "",
    request=None,
) -> SupervisionSession:
    """One-to-one (one supervisee) or group supervision led by `by`.

    The private reflective part (one-to-one only, here) goes to its own table.
    """
    if not supervisees:
        raise SupervisionError("Choose who was supervised")
    if held_on > timezone.localdate():
        raise SupervisionError("The date of supervision must be today or in the past")
    kind = SessionKind.ONE_TO_ONE if len(supervisees) == 1 else SessionKind.GROUP
    session = SupervisionSession.objects.create(
        kind=kind, supervisor=by, held_on=held_on, focus=focus, wellbeing=wellbeing, recorded_by=by
    )
    Attendance.objects.bulk_create(
        [Attendance(session=session, supervisee=person, held_on=held_on) for person in supervisees]
    )
    AuditLog.record(actor=by, action="supervision.create", obj=session, request=request, detail=kind)
    if private_text.strip() and kind == SessionKind.ONE_TO_ONE:
        reflection = PrivateReflection.objects.create(
            session=session, supervisee=supervisees[0], text=private_text.strip(), updated_by=by
        )
        AuditLog.record(actor=by, action="supervision.private_create", obj=reflection, request=request)
    return session


@transaction.atomic
def change_supervision(
    *,
    by,
    session: SupervisionSession,
    version: int,
    held_on: datetime.date,
    focus: str,
    wellbeing: str,
    request=None,
) -> SupervisionSession:
    """The supervisor corrects a saved record: its date, what was reflected on and how the worker is.

    Refused when someone changed the record since `version` was read (nothing is saved, so the form can
    show both). The earlier text stays in the record's history.
    """
    locked = SupervisionSession.objects.select_for_update().get(pk=session.pk)
    if locked.supervisor_id != by.pk:
        raise SupervisionError("Only the supervisor changes a supervision record")
    if locked.version != version:
        raise SupervisionError(
            "This record was changed by someone else after you opened it. Your changes are below and have "
            "not been saved: check the record again before saving"
        )
    if held_on > timezone.localdate():
        raise SupervisionError("The date of supervision must be today or in the past")
    changed = [
        name
        for name, value in (("held_on", held_on), ("focus", focus), ("wellbeing", wellbeing))
        if getattr(locked, name) != value
    ]
    if not changed:
        return locked
    locked.held_on, locked.focus, locked.wellbeing = held_on, focus, wellbeing
    locked.version += 1
    locked.save()
    if "held_on" in changed:
        locked.attendances.update(held_on=held_on)
    AuditLog.record(
        actor=by, action="supervision.change", obj=locked, request=request, detail=", ".join(changed)
    )
    return locked


def _occurred_at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


@transaction.atomic
def add_case_discussion(*, by, session, child, brought_by, prompts: dict, decision: str = "", request=None):
    """A child discussed in supervision; the decision (if one was agreed) goes to the child's chronology."""
    if brought_by.pk not in {a.supervisee_id for a in session.attendances.all()}:
        raise SupervisionError("Choose a supervisee who was in this supervision")
    discussion = CaseDiscussion(
        session=session,
        child=child,
        brought_by=brought_by,
        decision=decision.strip(),
        recorded_by=by,
        **prompts,
    )
    try:
        discussion.full_clean(exclude=["session", "child", "brought_by", "recorded_by"])
    except ValidationError as error:
        raise SupervisionError("; ".join(error.messages)) from error
    discussion.save()
    if discussion.decision:
        add_to_chronology(
            children=[child],
            occurred_at=_occurred_at(session.held_on),
            kind=EventKind.SUPERVISION,
            title=DECISION_TITLE,
            summary=discussion.decision,
            source=discussion,
        )
    AuditLog.record(
        actor=by, action="supervision.discussion_create", obj=discussion, child_id=child.pk, request=request
    )
    return discussion


def record_session_viewed(*, by, session, children, private_parts, request=None) -> None:
    """A read of a supervision record: one row per child shown, and one per private part read."""
    AuditLog.record(actor=by, action="supervision.view", obj=session, children=children, request=request)
    for reflection in private_parts:
        AuditLog.record(actor=by, action="supervision.private_view", obj=reflection, request=request)


@transaction.atomic
def write_reflections(*, by, session, own_reflections: str, private_text: str | None, request=None):
    """The supervisee's own reflections (their line manager sees them) and their private part (only
    they and the supervisor see it)."""
    attendance = Attendance.objects.select_for_update().get(session=session, supervisee=by)
    attendance.own_reflections = own_reflections.strip()
    attendance.reflections_updated_at = timezone.now()
    attendance.save(update_fields=["own_reflections", "reflections_updated_at"])
    AuditLog.record(actor=by, action="supervision.reflections_update", obj=session, request=request)
    if private_text is None:
        return attendance
    text = private_text.strip()
    reflection = PrivateReflection.objects.filter(session=session, supervisee=by).first()
    if reflection is None and text:
        reflection = PrivateReflection.objects.create(
            session=session, supervisee=by, text=text, updated_by=by
        )
        AuditLog.record(actor=by, action="supervision.private_create", obj=reflection, request=request)
    elif reflection is not None and text != reflection.text:
        if text:
            reflection.text = text
            reflection.updated_by = by
            reflection.save(update_fields=["text", "updated_by", "updated_at"])
            AuditLog.record(actor=by, action="supervision.private_update", obj=reflection, request=request)
        else:
            AuditLog.record(actor=by, action="supervision.private_delete", obj=reflection, request=request)
            reflection.delete()
    return attendance


def record_private_read(*, by, reflection, request=None) -> None:
    AuditLog.record(actor=by, action="supervision.private_view", obj=reflection, request=request)


# --- practice observations -----------------------------------------------------------------------


@transaction.atomic
def record_observation(
    *, by, observed, observed_on, setting, context, summary, ratings: list[tuple[str, str, str]], request=None
) -> Observation:
    if observed.pk == by.pk:
        raise SupervisionError("You cannot observe your own practice")
    if not ratings:
        raise SupervisionError("Grade at least one part of the practice model")
    observation = Observation.objects.create(
        observer=by,
        observed=observed,
        observed_on=observed_on,
        setting=setting,
        context=context,
        summary=summary,
    )
    ObservationRating.objects.bulk_create(
        [
            ObservationRating(observation=observation, criterion=criterion, grade=grade, comments=comments)
            for criterion, grade, comments in ratings
        ]
    )
    AuditLog.record(actor=by, action="observation.create", obj=observation, request=request)
    return observation


@transaction.atomic
def respond_to_observation(*, by, observation, response: str, request=None) -> Observation:
    if observation.observed_id != by.pk:
        raise SupervisionError("Only the worker who was observed can respond")
    observation.response = response.strip()
    observation.responded_at = timezone.now()
    observation.save(update_fields=["response", "responded_at", "updated_at"])
    AuditLog.record(actor=by, action="observation.respond", obj=observation, request=request)
    return observation


def record_observation_viewed(*, by, observation, request=None) -> None:
    AuditLog.record(actor=by, action="observation.view", obj=observation, request=request)


# --- mentoring -----------------------------------------------------------------------------------


@transaction.atomic
def start_mentoring(*, by, mentee, started_on, goals: list[str], request=None) -> Mentoring:
    goals = [g.strip() for g in goals if g.strip()]
    if not goals:
        raise SupervisionError("Write at least one goal you have agreed together")
    if mentee.pk == by.pk:
        raise SupervisionError("You cannot mentor yourself")
    mentoring = Mentoring.objects.create(mentor=by, mentee=mentee, started_on=started_on)
    MentoringGoal.objects.bulk_create([MentoringGoal(mentoring=mentoring, text=text[:500]) for text in goals])
    AuditLog.record(actor=by, action="mentoring.create", obj=mentoring, request=request)
    return mentoring


@transaction.atomic
def add_mentoring_note(*, by, mentoring, written_on, text, achieved_goals=(), request=None) -> MentoringNote:
    note = MentoringNote.objects.create(
        mentoring=mentoring, author=by, written_on=written_on, text=text.strip()
    )
    ids = [g.pk for g in achieved_goals if g.mentoring_id == mentoring.pk]
    MentoringGoal.objects.filter(pk__in=ids, achieved_on__isnull=True).update(achieved_on=written_on)
    AuditLog.record(actor=by, action="mentoring.note_create", obj=mentoring, request=request)
    return note


def record_mentoring_viewed(*, by, mentoring, request=None) -> None:
    AuditLog.record(actor=by, action="mentoring.view", obj=mentoring, request=request)
