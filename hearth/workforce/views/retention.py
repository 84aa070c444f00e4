"""The retention strategy: the strongest push factors, the actions against them and what moved."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from hearth.core.permissions import permission_required

from .. import services
from ..forms import RetentionActionForm
from ..permissions import Perm, whole_authority
from ..privacy import MIN_GROUP_SIZE
from ..selectors import retention as selectors
from ..selectors.scopes import organisation


@permission_required(Perm.VIEW_FIGURES)
def retention(request):
    org = organisation()
    whole = whole_authority(request.user)
    pulse_round = selectors.latest_round()
    actions = selectors.actions_in_reach(request.user, org, whole=whole)
    return render(
        request,
        "workforce/retention.html",
        {
            "factors": selectors.strongest_factors(request.user, org, whole=whole),
            "pulse_round": pulse_round,
            "pulse_factors": selectors.pulse_factors(request.user, org, pulse_round, whole=whole),
            "actions": selectors.action_rows(actions, org),
            "can_add_action": request.user.has_perm(Perm.MANAGE_RETENTION),
            "minimum": MIN_GROUP_SIZE,
        },
    )


@permission_required(Perm.MANAGE_RETENTION)
def action_add(request):
    form = RetentionActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = services.add_retention_action(by=request.user, form=form, request=request)
        messages.success(request, f"'{action.title}' has been added to the retention strategy")
        return redirect("workforce:retention")
    return render(request, "workforce/action_form.html", {"form": form})
