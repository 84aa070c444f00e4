"""Adding a child: the record and, in the same transaction, the case's allocation.

It lives in casework, above `people`, because adding a child opens their case: it writes the child's
record (people) and allocates the case (cases).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from hearth.core.models import AuditLog
from hearth.people.models import Child
from hearth.people.services import DETAIL_FIELDS, next_la_child_id, set_disabilities

from .allocation import allocate


def create_child(
    *, by, details: dict, disabilities=(), la_child_id: str = "", unit=None, request=None
) -> Child:
    """Add a child's record, allocate it and audit it, all or nothing.

    A blank LA child ID gets the next generated one (retried if someone else took it meanwhile). When the
    person adding the child is a member of `unit`, the case is allocated to that unit with them as lead
    worker; a manager who is not a member sets only the unit (the unit allocates a lead worker).
    """
    fields = {name: details.get(name) for name in DETAIL_FIELDS if name in details}
    for attempt in range(5):
        try:
            with transaction.atomic():
                child = Child(la_child_id=la_child_id or next_la_child_id(), **fields)
                child.full_clean(exclude=["allocated_unit", "lead_worker"])
                child.save()
                set_disabilities(child, disabilities)
                AuditLog.record(
                    actor=by, action="child.create", obj=child, child_id=child.pk, request=request
                )
                if unit is not None:
                    if unit.pk in by.unit_ids:
                        allocate(
                            by=by,
                            child=child,
                            unit=unit,
                            lead_worker=by,
                            reason="New record",
                            request=request,
                        )
                    else:
                        child.allocated_unit = unit
                        child.save(update_fields=["allocated_unit", "updated_at"])
                return child
        except IntegrityError:
            if la_child_id or attempt == 4:
                raise
    raise AssertionError("unreachable")
