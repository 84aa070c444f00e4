"""Changing a staff record's census details. Date of birth and ethnicity are sensitive: the audit row
names the fields that changed, never their values."""

from __future__ import annotations

from django.db import transaction

from hearth.core.models import AuditLog

from .models import CensusDetails


@transaction.atomic
def save_census_details(*, by, form, request=None) -> CensusDetails:
    creating = form.instance.pk is None
    details = form.save()
    AuditLog.record(
        actor=by,
        action="workforce.census.create" if creating else "workforce.census.update",
        obj=details.staff,
        request=request,
        detail="changed: " + (", ".join(form.changed_data) or "nothing"),
    )
    return details
