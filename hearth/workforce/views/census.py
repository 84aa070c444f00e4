"""A staff record's census details (the workforce census' items the staff record does not hold), for the
workforce lead, who changes staff records. Date of birth and ethnicity are shown to nobody else; opening
the page and every change are audited."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from hearth.core.models import AuditLog
from hearth.core.permissions import permission_required

from ..forms_census import CensusDetailsForm
from ..permissions import Perm
from ..selectors.census import census_details_of
from ..services_census import save_census_details
from .staff import _staff_or_404


@permission_required(Perm.MANAGE_STAFF_RECORDS)
def census_details(request, staff_id):
    record = _staff_or_404(staff_id)
    form = CensusDetailsForm(request.POST or None, instance=census_details_of(record))
    if request.method == "POST" and form.is_valid():
        save_census_details(by=request.user, form=form, request=request)
        messages.success(request, f"{record}'s census details have been updated")
        return redirect(record)
    if request.method == "GET":
        AuditLog.record(actor=request.user, action="workforce.census.view", obj=record, request=request)
    return render(request, "workforce/census_form.html", {"form": form, "record": record})
