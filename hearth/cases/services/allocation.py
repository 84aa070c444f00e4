"""Allocating a child's case to a unit and a lead worker in it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hearth.core.models import AuditLog

from ..models import Allocation, EventKind, TransitionError
from .chronology import add_to_chronology


@transaction.atomic
def allocate(*, by, child, unit, lead_worker, reason: str = "", request=None) -> Allocation:
    if lead_worker.pk not in set(unit.memberships.current().values_list("user_id", flat=True)):
        raise TransitionError(f"{lead_worker} is not a member of {unit}: add them to the unit first.")
    now = timezone.now()
    current = Allocation.objects.select_for_update().filter(child=child, ended_at__isnull=True).first()
    if current is not None:
        if current.unit_id == unit.pk and current.lead_worker_id == lead_worker.pk:
            raise TransitionError("The case is already allocated to this unit and lead worker.")
        current.ended_at = now
        current.save(update_fields=["ended_at"])
    allocation = Allocation.objects.create(
        child=child, unit=unit, lead_worker=lead_worker, started_at=now, allocated_by=by, reason=reason
    )
    child.allocated_unit = unit
    child.lead_worker = lead_worker
    child.save(update_fields=["allocated_unit", "lead_worker", "updated_at"])
    add_to_chronology(
        children=[child],
        occurred_at=now,
        kind=EventKind.ALLOCATION,
        title=f"Allocated to {unit}, lead worker {lead_worker}",
        summary=reason,
        source=allocation,
    )
    AuditLog.record(actor=by, action="child.allocate", obj=allocation, child_id=child.pk, request=request)
    return allocation
