"""Writes of the workforce app: one atomic function per thing a person does, each with its audit row.

Answering the pulse is written so that the answers cannot be joined to the person
(docs/adr/0007-workforce-privacy-thresholds.md): the response has no person, time or sequential key;
the participation row says only that the person answered the round; the audit row says the same; and
the counts by protected characteristic are added to rows made when the round opened.
"""

from __future__ import annotations

import datetime
import functools
import operator

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from hearth.core.models import AuditLog
from hearth.organisation.models import Unit

from .codes import CHARACTERISTICS, NOT_GIVEN, PULSE_STATEMENTS, Discrimination, characteristic_groups
from .models import (
    Conversation,
    ConversationFactor,
    CpdRecord,
    EqualityRecord,
    ExtraHours,
    PulseParticipation,
    PulseResponse,
    PulseRound,
    PulseTally,
    RetentionAction,
    SicknessAbsence,
    StaffRecord,
)
from .redaction import remove_names


class PulseError(Exception):
    """A pulse answer that cannot be taken, with the reason in plain English."""


# --- staff records ------------------------------------------------------------------------------------


@transaction.atomic
def save_staff_record(*, by, form, request=None) -> StaffRecord:
    creating = form.instance.pk is None
    record = form.save()
    AuditLog.record(
        actor=by,
        action="workforce.staff.create" if creating else "workforce.staff.update",
        obj=record,
        request=request,
        detail=", ".join(form.changed_data),
    )
    return record


@transaction.atomic
def record_leaving(
    *, by, staff: StaffRecord, left_on: datetime.date, reason: str, request=None
) -> StaffRecord:
    staff = StaffRecord.objects.select_for_update().get(pk=staff.pk)
    staff.left_on = left_on
    staff.leaving_reason = reason
    staff.full_clean()
    staff.save(update_fields=["left_on", "leaving_reason", "updated_at"])
    AuditLog.record(actor=by, action="workforce.staff.leave", obj=staff, request=request, detail=reason)
    return staff


@transaction.atomic
def add_cpd(*, by, staff: StaffRecord, completed_on, title: str, kind: str, hours, request=None) -> CpdRecord:
    record = CpdRecord.objects.create(
        staff=staff, completed_on=completed_on, title=title, kind=kind, hours=hours
    )
    AuditLog.record(actor=by, action="workforce.cpd.create", obj=record, request=request)
    return record


@transaction.atomic
def add_absence(*, by, staff: StaffRecord, starts_on, ends_on, request=None) -> SicknessAbsence:
    absence = SicknessAbsence.objects.create(
        staff=staff, starts_on=starts_on, ends_on=ends_on, recorded_by=by
    )
    AuditLog.record(actor=by, action="workforce.absence.create", obj=absence, request=request)
    return absence


@transaction.atomic
def add_conversation(
    *, by, staff: StaffRecord, kind: str, held_on, summary: str, push=(), pull=(), request=None
) -> Conversation:
    conversation = Conversation.objects.create(
        staff=staff, kind=kind, held_on=held_on, summary=summary, recorded_by=by
    )
    ConversationFactor.objects.bulk_create(
        [ConversationFactor(conversation=conversation, kind="push", factor=code) for code in push]
        + [ConversationFactor(conversation=conversation, kind="pull", factor=code) for code in pull]
    )
    AuditLog.record(
        actor=by, action="workforce.conversation.create", obj=conversation, request=request, detail=kind
    )
    return conversation


@transaction.atomic
def save_post(*, by, form, request=None):
    post = form.save()
    AuditLog.record(actor=by, action="workforce.post.create", obj=post, request=request)
    return post


@transaction.atomic
def add_retention_action(*, by, form, request=None) -> RetentionAction:
    action = form.save(commit=False)
    action.created_by = by
    action.save()
    AuditLog.record(actor=by, action="workforce.retention_action.create", obj=action, request=request)
    return action


# --- the wellbeing pulse ---------------------------------------------------------------------------------

RESPONDENTS = "respondents"


def tally_keys() -> list[tuple[str, str, str, str]]:
    """Every (characteristic, group, question, answer) a round counts."""
    answers = [(RESPONDENTS, "")]
    for name, _, _ in PULSE_STATEMENTS:
        answers += [(name, str(n)) for n in range(1, 6)]
    answers += [("discrimination", value) for value in Discrimination.values]
    return [
        (characteristic, group, question, answer)
        for characteristic, _, choices in CHARACTERISTICS
        for group in characteristic_groups(choices)
        for question, answer in answers
    ]


@transaction.atomic
def open_round(*, by, title: str, opens_on, closes_on, request=None) -> PulseRound:
    """A new round, with every count it will keep made now (all at 0), so that no row is ever made
    when someone answers."""
    pulse_round = PulseRound.objects.create(
        title=title, opens_on=opens_on, closes_on=closes_on, created_by=by
    )
    PulseTally.objects.bulk_create(
        [
            PulseTally(round=pulse_round, characteristic=c, group=g, question=q, answer=a)
            for c, g, q, a in tally_keys()
        ],
        batch_size=1000,
    )
    AuditLog.record(actor=by, action="workforce.pulse.open_round", obj=pulse_round, request=request)
    return pulse_round


def pulse_grouping(user) -> tuple[int | None, int | None]:
    """(service area, unit) a person's answers count towards: their unit (the first, if several); for a
    line manager, the service area of the units they manage when there is one; else neither."""
    if user.unit_ids:
        unit = (
            Unit.objects.filter(pk__in=user.unit_ids)
            .order_by("pk")
            .values_list("pk", "service_area_id")
            .first()
        )
        if unit:
            return unit[1], unit[0]
    if user.managed_unit_ids:
        areas = set(
            Unit.objects.filter(pk__in=user.managed_unit_ids).values_list("service_area_id", flat=True)
        )
        if len(areas) == 1:
            return areas.pop(), None
    return None, None


def _groups_of(user) -> dict[str, str]:
    record = EqualityRecord.objects.filter(user=user).first()
    return {name: (getattr(record, name, "") or NOT_GIVEN) for name, _, _ in CHARACTERISTICS}


@transaction.atomic
def answer_pulse(*, user, pulse_round: PulseRound, answers: dict, request=None) -> None:
    """Take a person's answers. Nothing returned and nothing written links the answers to them."""
    if not pulse_round.is_open():
        raise PulseError("This pulse survey is closed")
    try:
        with transaction.atomic():
            PulseParticipation.objects.create(round=pulse_round, user=user)
    except IntegrityError:
        raise PulseError("You have already answered this pulse survey") from None
    area_id, unit_id = pulse_grouping(user)
    PulseResponse.objects.create(
        round=pulse_round,
        service_area_id=area_id,
        unit_id=unit_id,
        workload=int(answers["workload"]),
        support=int(answers["support"]),
        safe_to_discuss=int(answers["safe_to_discuss"]),
        intention_to_stay=int(answers["intention_to_stay"]),
        discrimination=answers["discrimination"],
        push_factors=sorted(answers.get("push_factors") or []),
        pull_factors=sorted(answers.get("pull_factors") or []),
        comment=remove_names(answers.get("comment", "")),
    )
    counted = [(RESPONDENTS, "")] + [(name, str(answers[name])) for name, _, _ in PULSE_STATEMENTS]
    counted.append(("discrimination", answers["discrimination"]))
    matches = [
        Q(characteristic=characteristic, group=group, question=question, answer=answer)
        for characteristic, group in _groups_of(user).items()
        for question, answer in counted
    ]
    PulseTally.objects.filter(functools.reduce(operator.or_, matches), round=pulse_round).update(
        count=F("count") + 1
    )
    AuditLog.record(
        actor=user, action="workforce.pulse.answer", request=request, detail=f"round {pulse_round.pk}"
    )


# --- what people record about themselves ------------------------------------------------------------------


@transaction.atomic
def save_equality_record(*, user, data: dict, request=None) -> EqualityRecord:
    """The person's own choices (nothing about what they chose goes into the audit row)."""
    record, _ = EqualityRecord.objects.update_or_create(
        user=user, defaults={name: data.get(name, "") for name, _, _ in CHARACTERISTICS}
    )
    AuditLog.record(actor=user, action="workforce.equality.update", request=request)
    return record


@transaction.atomic
def log_extra_hours(*, user, week_starting: datetime.date, hours, request=None) -> ExtraHours:
    area_id, unit_id = pulse_grouping(user)
    entry, _ = ExtraHours.objects.update_or_create(
        user=user,
        week_starting=week_starting,
        defaults={"hours": hours, "service_area_id": area_id, "unit_id": unit_id},
    )
    AuditLog.record(actor=user, action="workforce.extra_hours.log", obj=entry, request=request)
    return entry
