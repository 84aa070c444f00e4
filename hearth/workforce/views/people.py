"""What staff record about themselves (equality information, extra hours) and the equality comparison."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from hearth.core.permissions import permission_required
from hearth.core.presenters import date_in_words

from .. import services
from ..codes import CHARACTERISTICS
from ..forms import EqualityForm, ExtraHoursForm
from ..models import EqualityRecord, ExtraHours
from ..permissions import Perm
from ..privacy import MIN_GROUP_SIZE
from ..selectors import equality as selectors
from ..selectors.pulse import MEASURE_LABELS, characteristic_results
from ..selectors.retention import latest_round

MY_HOURS_SHOWN = 12


@permission_required(Perm.VIEW_EQUALITY)
def equality(request):
    pulse_round = latest_round()
    return render(
        request,
        "workforce/equality.html",
        {
            "sections": selectors.comparison(),
            "pulse_round": pulse_round,
            "pulse_sections": characteristic_results(pulse_round) if pulse_round else [],
            "measure_labels": MEASURE_LABELS,
            "minimum": MIN_GROUP_SIZE,
        },
    )


@permission_required(Perm.RECORD_OWN)
def my_equality(request):
    record = EqualityRecord.objects.filter(user=request.user).first()
    initial = {name: getattr(record, name, "") for name, _, _ in CHARACTERISTICS} if record else {}
    form = EqualityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_equality_record(user=request.user, data=form.cleaned_data, request=request)
        messages.success(request, "Thank you: your equality information has been saved")
        return redirect("workforce:my-equality")
    return render(
        request, "workforce/my_equality.html", {"form": form, "record": record, "minimum": MIN_GROUP_SIZE}
    )


@permission_required(Perm.RECORD_OWN)
def extra_hours(request):
    form = ExtraHoursForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = services.log_extra_hours(user=request.user, request=request, **form.cleaned_data)
        messages.success(
            request,
            f"{entry.hours:g} extra hours saved for the week starting {date_in_words(entry.week_starting)}",
        )
        return redirect("workforce:extra-hours")
    entries = ExtraHours.objects.filter(user=request.user).order_by("-week_starting")[:MY_HOURS_SHOWN]
    return render(
        request, "workforce/extra_hours.html", {"form": form, "entries": entries, "minimum": MIN_GROUP_SIZE}
    )
