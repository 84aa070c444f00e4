"""The wellbeing pulse: answering it, opening rounds, and results for groups of at least five."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from hearth.core.models import AuditLog
from hearth.core.permissions import permission_required

from .. import services
from ..forms import PulseForm, PulseRoundForm
from ..permissions import Perm, whole_authority
from ..privacy import MIN_GROUP_SIZE
from ..selectors import pulse as selectors
from ..selectors.scopes import organisation


@permission_required(Perm.ANSWER_PULSE)
def pulse(request):
    pulse_round = selectors.open_round()
    answered = pulse_round is not None and selectors.has_answered(request.user, pulse_round)
    form = None
    if pulse_round is not None and not answered:
        form = PulseForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.answer_pulse(
                    user=request.user, pulse_round=pulse_round, answers=form.cleaned_data, request=request
                )
            except services.PulseError as error:
                messages.info(request, str(error))
                return redirect("workforce:pulse")
            messages.success(request, "Thank you: your answers have been saved, without your name")
            return redirect("workforce:pulse")
    return render(
        request,
        "workforce/pulse.html",
        {"round": pulse_round, "answered": answered, "form": form, "minimum": MIN_GROUP_SIZE},
    )


def _chosen_round(request, rounds):
    value = request.GET.get("round")
    if not value:
        today = timezone.localdate()
        started = [r for r in rounds if r.opens_on <= today]
        return started[0] if started else None
    for pulse_round in rounds:
        if str(pulse_round.pk) == value:
            return pulse_round
    raise Http404("No such pulse round")


@permission_required(Perm.VIEW_PULSE_RESULTS)
def results(request):
    rounds = selectors.rounds_with_responses()
    pulse_round = _chosen_round(request, rounds)
    whole = whole_authority(request.user)
    org = organisation()
    context = {
        "rounds": rounds,
        "round": pulse_round,
        "whole_authority": whole,
        "minimum": MIN_GROUP_SIZE,
        "measure_labels": selectors.MEASURE_LABELS,
        "can_open_round": request.user.has_perm(Perm.MANAGE_PULSE),
        "can_read_comments": request.user.has_perm(Perm.VIEW_PULSE_COMMENTS),
    }
    if pulse_round is not None:
        context["results"] = selectors.round_results(request.user, pulse_round, org, whole=whole)
        if whole:
            context["characteristics"] = selectors.characteristic_results(pulse_round)
            context["trend"] = selectors.trend(rounds[:8])
    return render(request, "workforce/pulse_results.html", context)


@permission_required(Perm.MANAGE_PULSE)
def round_add(request):
    form = PulseRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pulse_round = services.open_round(by=request.user, request=request, **form.cleaned_data)
        messages.success(request, f"{pulse_round.title} has been set up")
        return redirect("workforce:pulse-results")
    return render(request, "workforce/pulse_round_form.html", {"form": form})


@permission_required(Perm.VIEW_PULSE_COMMENTS)
def comments(request):
    rounds = selectors.rounds_with_responses()
    pulse_round = _chosen_round(request, rounds)
    sections = selectors.comments(pulse_round, organisation()) if pulse_round else []
    if pulse_round is not None:
        AuditLog.record(
            actor=request.user, action="workforce.pulse.comments.view", obj=pulse_round, request=request
        )
    return render(
        request,
        "workforce/pulse_comments.html",
        {"round": pulse_round, "rounds": rounds, "sections": sections, "minimum": MIN_GROUP_SIZE},
    )
