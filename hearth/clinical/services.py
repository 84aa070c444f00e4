"""Writes for clinical requests: one atomic function per thing a person does, each writing its audit row.
Transitions refuse impossible moves with `TransitionError` (a plain-English message)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.cases.models import EventKind
from hearth.cases.services.chronology import add_to_chronology
from hearth.core.models import AuditLog

from .models import ClinicalInput, ClinicalRequest, Service, Status, TransitionError
from .permissions import Perm


def _locked(clinical: ClinicalRequest) -> ClinicalRequest:
    return ClinicalRequest.objects.select_for_update().get(pk=clinical.pk)


def _check_clinician(by, clinical) -> None:
    if not by.has_perm(Perm.WORK_QUEUE, clinical):
        raise TransitionError("Only a clinician of the unit can work on this request")


@transaction.atomic
def ask(*, by, child, service: str, question: str, request=None) -> ClinicalRequest:
    if not by.has_perm(Perm.ASK, child) or child.allocated_unit_id is None:
        raise ValidationError("Only members and managers of the unit that holds the case can ask for this")
    errors = {}
    if service not in Service.values:
        errors["service"] = "Choose a consultation or the service to refer to"
    question = (question or "").strip()
    if not question:
        errors["question"] = "Write the question you want answered"
    if errors:
        raise ValidationError(errors)
    clinical = ClinicalRequest.objects.create(
        unit_id=child.allocated_unit_id, child=child, requested_by=by, service=service, question=question
    )
    AuditLog.record(actor=by, action="clinical.request.ask", obj=clinical, child_id=child.pk, request=request)
    return clinical


@transaction.atomic
def take(*, by, clinical: ClinicalRequest, request=None) -> ClinicalRequest:
    clinical = _locked(clinical)
    _check_clinician(by, clinical)
    clinical.check_can_take(by)
    clinical.status = Status.TAKEN
    clinical.clinician = by
    clinical.taken_at = timezone.now()
    clinical.save(update_fields=["status", "clinician", "taken_at", "updated_at"])
    AuditLog.record(
        actor=by, action="clinical.request.take", obj=clinical, child_id=clinical.child_id, request=request
    )
    return clinical


@transaction.atomic
def record_first_contact(
    *, by, clinical: ClinicalRequest, day: datetime.date, request=None, today=None
) -> ClinicalRequest:
    clinical = _locked(clinical)
    _check_clinician(by, clinical)
    clinical.check_can_record_contact(day, today or timezone.localdate())
    clinical.first_contact_on = day
    clinical.save(update_fields=["first_contact_on", "updated_at"])
    AuditLog.record(
        actor=by,
        action="clinical.request.first-contact",
        obj=clinical,
        child_id=clinical.child_id,
        request=request,
    )
    return clinical


@transaction.atomic
def record_input(*, by, clinical: ClinicalRequest, text: str, request=None) -> ClinicalInput:
    clinical = _locked(clinical)
    _check_clinician(by, clinical)
    clinical.check_can_record_input()
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write your input"})
    entry = ClinicalInput.objects.create(request=clinical, author=by, text=text)
    add_to_chronology(
        children=[clinical.child_id],
        occurred_at=entry.created_at,
        kind=EventKind.CLINICAL,
        title=f"Clinical input ({clinical.get_service_display()}) from {by.full_name}",
        summary=text,
        source=clinical,
    )
    AuditLog.record(
        actor=by, action="clinical.request.input", obj=clinical, child_id=clinical.child_id, request=request
    )
    return entry


@transaction.atomic
def close(*, by, clinical: ClinicalRequest, request=None) -> ClinicalRequest:
    clinical = _locked(clinical)
    _check_clinician(by, clinical)
    clinical.check_can_close(has_input=clinical.inputs.exists())
    clinical.status = Status.CLOSED
    clinical.closed_at = timezone.now()
    clinical.closed_by = by
    clinical.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    AuditLog.record(
        actor=by, action="clinical.request.close", obj=clinical, child_id=clinical.child_id, request=request
    )
    return clinical
