"""Pages: a child's need ("why"), recording a need factor, the allocation helper, the weights and tiers
(read, change, check answers), a unit's load, a service's overview, logging time and the visit digest.

Child pages fetch the child through `get_child_or_deny` (404 out of reach, audited); lists that name
children write audit rows (selectors.pages.record_children_listed).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.cases.permissions import Perm as CasePerm
from hearth.cases.services.allocation import allocate as allocate_case
from hearth.core.forms import add_validation_error
from hearth.core.permissions import permission_checked_in_view, permission_required, require
from hearth.core.presenters import date_in_words
from hearth.organisation.selectors import unit_if_permitted
from hearth.people.access import get_child_or_deny

from . import scoring, services
from .forms import AllocationChoiceForm, ConfigurationForm, DigestForm, FactorForm, TimeForm
from .models import Configuration, monday_of
from .permissions import Perm
from .selectors import load as load_selectors
from .selectors import pages, time
from .selectors.needs import configuration_versions, current_configuration, needs_for, recorded_factors

PAGE_SIZE = 50
SESSION_PROPOSAL = "priorities-proposal"


# --- a child -------------------------------------------------------------------------------------


@permission_checked_in_view(Perm.VIEW_NEED)
def child_need(request, child_id):
    child = get_child_or_deny(request, child_id, what="need_score")
    today = timezone.localdate()
    page = pages.child_need(request.user, child, today)
    need = page.need
    factors = recorded_factors(child)
    return render(
        request,
        "priorities/child.html",
        {
            "child": child,
            "page": page,
            "need": need,
            "due": date_in_words(need.next_visit_due) if need.next_visit_due else "",
            "tag": pages.STATUS_TAGS.get(need.visit_status(today)),
            "factors": factors,
            "can_record": request.user.has_perm(Perm.RECORD_FACTOR, child),
            "can_allocate": request.user.has_perm(CasePerm.ALLOCATE, child),
        },
    )


@permission_checked_in_view(Perm.RECORD_FACTOR)
def record_factor(request, child_id):
    child = get_child_or_deny(request, child_id, what="need_factor_form")
    require(
        request.user, Perm.RECORD_FACTOR, child, "Only members and managers of the child's unit record this."
    )
    form = FactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_factor(by=request.user, child=child, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, "The need factor has been recorded and the score has changed")
            return redirect("priorities:child", child_id=child.pk)
    return render(request, "priorities/factor_form.html", {"child": child, "form": form})


@permission_checked_in_view(CasePerm.ALLOCATE)
def allocation_helper(request, child_id):
    """Suggestions of units and workers with room, with reasons; the manager chooses, and the case is
    allocated by cases' own service."""
    child = get_child_or_deny(request, child_id, what="allocation_helper")
    require(
        request.user, CasePerm.ALLOCATE, child, "Only the unit's managers or consultant allocate this case."
    )
    need = needs_for([child.pk]).get(child.pk)
    suggestions, _ = load_selectors.suggestions_for(child, need, request.user)
    choices = [
        (f"{s.unit.pk}:{s.worker.user_id}", f"{s.unit.name}, lead worker {s.worker.name}")
        for s in suggestions
    ]
    form = AllocationChoiceForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        unit_id, user_id = (int(x) for x in form.cleaned_data["choice"].split(":"))
        chosen = next(s for s in suggestions if s.unit.pk == unit_id and s.worker.user_id == user_id)
        # The suggestions list current members only; the allocation service checks membership again.
        worker = load_selectors.suggested_worker(user_id)
        try:
            allocate_case(
                by=request.user,
                child=child,
                unit=chosen.unit,
                lead_worker=worker,
                reason=form.cleaned_data["reason"] or "Chosen with the allocation helper",
                request=request,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request, f"The case is allocated to {chosen.unit.name}, lead worker {worker.full_name}"
            )
            return redirect("priorities:child", child_id=child.pk)
    return render(
        request,
        "priorities/allocate.html",
        {"child": child, "need": need, "suggestions": suggestions, "form": form},
    )


# --- the weights and tiers -----------------------------------------------------------------------


@permission_required(Perm.VIEW_CONFIG)
def configuration(request):
    current = current_configuration()
    versions = Paginator(configuration_versions(), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "priorities/configuration.html",
        {
            "current": current,
            "weights": [(words, current.weights.get(key, 0)) for key, words in scoring.FACTORS.items()],
            "episode_weights": [
                (words, current.episode_weights.get(key, 0)) for key, words in scoring.EPISODE_KINDS.items()
            ],
            "tiers": current.tier_list(),
            "page_obj": versions,
            "can_change": request.user.has_perm(Perm.CHANGE_CONFIG),
        },
    )


@permission_required(Perm.CHANGE_CONFIG)
def change_configuration(request):
    current = current_configuration()
    if request.method == "POST":
        form = ConfigurationForm(request.POST, current=current)
        if form.is_valid():
            proposal = form.proposal()
            try:
                services.validate_configuration(
                    weights=proposal["weights"],
                    tiers=proposal["tiers"],
                    episode_weights=proposal["episode_weights"],
                    points_per_fte=proposal["points_per_fte"],
                )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                if not services.changes_between(current, proposal):
                    form.add_error(
                        None, "Nothing has changed: change a weight, a tier or the caseload points"
                    )
                else:
                    request.session[SESSION_PROPOSAL] = {**proposal, "based_on": current.number}
                    return redirect("priorities:configuration-check")
    else:
        saved = request.session.get(SESSION_PROPOSAL)
        initial = None
        if saved and request.GET.get("back"):
            initial = ConfigurationForm.initial_from(
                Configuration(
                    weights=saved["weights"],
                    tiers=saved["tiers"],
                    episode_weights=saved["episode_weights"],
                    points_per_fte=saved["points_per_fte"],
                )
            ) | {"reason": saved["reason"]}
        form = ConfigurationForm(current=current, initial=initial)
    return render(request, "priorities/configuration_form.html", {"form": form, "current": current})


@permission_required(Perm.CHANGE_CONFIG)
def check_configuration(request):
    proposal = request.session.get(SESSION_PROPOSAL)
    if not proposal:
        return redirect("priorities:configuration-change")
    current = current_configuration()
    changes = services.changes_between(current, proposal)
    stale = proposal.get("based_on") != current.number
    if request.method == "POST" and not stale:
        try:
            version = services.change_configuration(
                by=request.user,
                weights=proposal["weights"],
                tiers=proposal["tiers"],
                episode_weights=proposal["episode_weights"],
                points_per_fte=proposal["points_per_fte"],
                reason=proposal["reason"],
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            request.session.pop(SESSION_PROPOSAL, None)
            messages.success(request, f"Version {version.number} of the weights now applies to every score")
            return redirect("priorities:configuration")
    return render(
        request,
        "priorities/configuration_check.html",
        {"changes": changes, "proposal": proposal, "current": current, "stale": stale},
    )


# --- a unit and a service ------------------------------------------------------------------------


@permission_required(Perm.VIEW_UNIT_LOAD)
def unit_load(request, code):
    unit = unit_if_permitted(request.user, code, Perm.VIEW_UNIT_LOAD)
    if unit is None:
        raise Http404("No such unit")
    today = timezone.localdate()
    load, needs, cases, shares = pages.unit_page_data(request.user, unit, today)
    rows = pages.unit_rows(request.user, load, needs, cases, today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    pages.record_children_listed(
        by=request.user,
        child_ids=[r["child"].pk for r in page.object_list],
        request=request,
        obj=unit,
        what="unit load",
    )
    return render(
        request,
        "priorities/unit.html",
        {
            "unit": unit,
            "load": load,
            "page_obj": page,
            "rows": page.object_list,
            "family_chart": time.chart(shares, "family_percent", "Share of time with families"),
            "intensive_chart": time.chart(
                shares, "intensive_percent", "Direct work going to the most intensive tier"
            ),
        },
    )


@permission_required(Perm.VIEW_OVERVIEW)
def service_overview(request, area_id):
    area = pages.area_in_reach(request.user, area_id)
    if area is None:
        raise Http404("No such service area")
    data = pages.overview(request.user, area, request=request)
    return render(request, "priorities/overview.html", {"o": data, "area": area})


@permission_required(Perm.VIEW_OVERVIEW)
def my_overview(request):
    """The overview of the service area the person manages (the first by name), or a list to choose."""
    areas = load_selectors.areas_for_overview(request.user)
    if len(areas) == 1:
        return redirect("priorities:overview", area_id=areas[0].pk)
    return render(request, "priorities/areas.html", {"areas": areas})


# --- time ----------------------------------------------------------------------------------------


def _week(request) -> datetime.date:
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(request.GET.get("week") or request.POST.get("week") or "")
    except ValueError:
        day = today
    day = min(day, today)
    return monday_of(day)


@permission_required(Perm.LOG_TIME)
def log_time(request):
    monday = _week(request)
    suggestions = time.week_suggestions(request.user, monday)
    confirmed = time.week_confirmed(request.user, monday)
    form = TimeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_time(by=request.user, monday=monday, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, "Your time has been logged")
            return redirect(f"{request.path}?week={monday:%Y-%m-%d}")
    entries = time.week_entries(request.user, monday)
    return render(
        request,
        "priorities/time.html",
        {
            "monday": monday,
            "previous": monday - datetime.timedelta(days=7),
            "next": monday + datetime.timedelta(days=7) if monday < monday_of(timezone.localdate()) else None,
            "suggestions": suggestions,
            "suggested_minutes": sum(s.minutes for s in suggestions),
            "confirmed": confirmed,
            "entries": entries,
            "logged_minutes": sum(e.minutes for e in entries),
            "form": form,
        },
    )


@require_POST
@permission_required(Perm.LOG_TIME)
def confirm_time(request):
    monday = _week(request)
    suggestions = time.week_suggestions(request.user, monday)
    children = [s.child_id for s in suggestions if s.child_id]
    needs = needs_for(children) if children else {}
    ranks = {pk: n.tier.rank for pk, n in needs.items() if n.tier is not None}
    try:
        count = services.confirm_week(
            by=request.user, monday=monday, suggestions=suggestions, tier_ranks=ranks, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{count} entries logged for the week")
    return redirect(f"{request.path.rsplit('confirm/', 1)[0]}?week={monday:%Y-%m-%d}")


@permission_required(Perm.LOG_TIME)
def digest(request):
    pref = pages.digest_preference(request.user)
    form = DigestForm(request.POST or None, initial={"wants_email": bool(pref and pref.wants_email)})
    if request.method == "POST" and form.is_valid():
        services.set_digest(by=request.user, wants_email=form.cleaned_data["wants_email"], request=request)
        messages.success(
            request,
            "You will get the email digest"
            if form.cleaned_data["wants_email"]
            else "You will not get the email digest",
        )
        return redirect("priorities:digest")
    return render(request, "priorities/digest.html", {"form": form})
