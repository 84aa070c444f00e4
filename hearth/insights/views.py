"""The health check's pages.

The heatmap and the service and authority summaries read the latest snapshot (worked out in the
background, so they answer quickly and say when the figures were worked out); a unit's own page and an
indicator's page are worked out live. Units are fetched through reach first (404), after the permission
to see any of the health check (403).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.core.forms import add_validation_error
from hearth.core.permissions import permission_required
from hearth.organisation.selectors import unit_if_permitted

from . import presenters, selectors, services
from .characteristics import BY_KEY
from .forms import ThresholdForm
from .indicators import registry
from .indicators.base import EVIDENCE_LIMIT, SCOPE_AUTHORITY
from .permissions import Perm

SESSION_PROPOSAL = "insights-threshold-proposal"
VIEWS = ("table", "heatmap")


def _unit_or_404(request, code):
    unit = unit_if_permitted(request.user, code, Perm.VIEW, active_only=True)
    if unit is None:
        raise Http404("No such unit")
    return unit


def _indicator_or_404(key):
    indicator = registry.get(key)
    if indicator is None:
        raise Http404("No such indicator")
    return indicator


# --- the heatmap ------------------------------------------------------------------------------------


@permission_required(Perm.VIEW)
def heatmap(request):
    """Every unit the person may see × the characteristics, from the latest snapshot: a table by
    default, or the same figures as a coloured grid."""
    shown = request.GET.get("view") if request.GET.get("view") in VIEWS else "table"
    snapshot = selectors.latest_snapshot()
    groups = presenters.heatmap_groups(selectors.scores_for(request.user, snapshot)) if snapshot else []
    areas = [(g.area_id, g.name) for g in groups]
    area_id = None
    if request.GET.get("area", "").isdigit():
        area_id = int(request.GET["area"])
        if area_id in {a for a, _n in areas}:
            groups = [g for g in groups if g.area_id == area_id]
        else:
            area_id = None
    sees_all = request.user.has_perm(Perm.VIEW_ALL)
    presenters.with_cells_html(groups, grid=shown == "heatmap")
    return render(
        request,
        "insights/heatmap.html",
        {
            "snapshot": presenters.snapshot_line(snapshot),
            "groups": groups,
            "columns": presenters.columns(),
            "areas": areas,
            "area_id": area_id,
            "shown": shown,
            "colour_key": presenters.colour_key(),
            "can_refresh": request.user.has_perm(Perm.REFRESH),
            "sees_all": sees_all,
            "area_query": f"&area={area_id}" if area_id else "",
            # Without figures yet, each unit's own page (always worked out live) is still there.
            "live_units": [] if snapshot else list(selectors.units_for(request.user)),
        },
    )


@require_POST
@permission_required(Perm.REFRESH)
def refresh(request):
    services.request_refresh(by=request.user, request=request)
    messages.success(
        request, "The figures are being worked out again. Reload the page in a few minutes to see them."
    )
    return redirect("insights:heatmap")


# --- a unit and one of its indicators ---------------------------------------------------------------


@permission_required(Perm.VIEW)
def unit_page(request, code):
    """A unit's figures worked out now, each characteristic with its indicators, and its 12-month trend."""
    unit = _unit_or_404(request, code)
    today = timezone.localdate()
    assessment = selectors.live_assessment(unit, today)
    return render(
        request,
        "insights/unit.html",
        {
            "unit": unit,
            "today": presenters.date_in_words(today),
            "sections": presenters.unit_sections(unit, assessment),
            "trend": presenters.trend(unit, selectors.unit_trend(unit, today)),
            "sees_all": request.user.has_perm(Perm.VIEW_ALL),
        },
    )


@permission_required(Perm.VIEW)
def indicator_page(request, code, key):
    """How one indicator is worked out, the unit's value, the threshold and the records behind it."""
    unit = _unit_or_404(request, code)
    indicator = _indicator_or_404(key)
    today = timezone.localdate()
    rated = selectors.live_indicator(indicator, unit, today)
    evidence = indicator.evidence(request.user, unit, today)
    services.record_evidence_viewed(
        by=request.user, unit=unit, indicator_key=indicator.key, evidence=evidence, request=request
    )
    rows = evidence.rows[:EVIDENCE_LIMIT]
    total = max(evidence.total, len(evidence.rows))
    return render(
        request,
        "insights/indicator.html",
        {
            "unit": unit,
            "indicator": indicator,
            "characteristic": BY_KEY[indicator.characteristic],
            "authority_scope": indicator.scope == SCOPE_AUTHORITY,
            "line": presenters.indicator_line(rated, ""),
            "direction": presenters.direction_in_words(indicator),
            "origin": presenters.limits_origin(indicator, rated.limits),
            "default": presenters.threshold_in_words(
                indicator, float(indicator.good), float(indicator.concern)
            ),
            "default_in_force": rated.limits.is_default,
            "evidence": evidence,
            "rows": rows,
            "total": total,
            "today": presenters.date_in_words(today),
        },
    )


# --- a service area and the authority ----------------------------------------------------------------


@permission_required(Perm.VIEW_ALL)
def service(request, area_id):
    area = selectors.service_area(area_id)
    if area is None:
        raise Http404("No such service area")
    snapshot = selectors.latest_snapshot()
    values = selectors.score_values(snapshot, area_id=area.pk) if snapshot else []
    return render(
        request,
        "insights/service.html",
        {
            "area": area,
            "snapshot": presenters.snapshot_line(snapshot),
            "lines": presenters.summary(values),
            "units": len({v["unit_id"] for v in values}),
        },
    )


@permission_required(Perm.VIEW_ALL)
def authority(request):
    snapshot = selectors.latest_snapshot()
    values = selectors.score_values(snapshot) if snapshot else []
    return render(
        request,
        "insights/authority.html",
        {
            "snapshot": presenters.snapshot_line(snapshot),
            "lines": presenters.summary(values),
            "units": len({v["unit_id"] for v in values}),
            "authority_lines": presenters.authority_lines(selectors.authority_values(snapshot))
            if snapshot
            else [],
            "areas": list(selectors.service_areas()),
        },
    )


# --- thresholds --------------------------------------------------------------------------------------


@permission_required(Perm.VIEW)
def thresholds(request):
    return render(
        request,
        "insights/thresholds.html",
        {
            "groups": presenters.threshold_groups(selectors.current_limits()),
            "can_set": request.user.has_perm(Perm.SET_THRESHOLDS),
        },
    )


def _threshold_page(request, indicator, form=None, status=200):
    limits = selectors.limits_for(indicator)
    can_set = request.user.has_perm(Perm.SET_THRESHOLDS)
    history = [
        {
            "when": presenters.date_in_words(t.set_at),
            "who": t.set_by.get_full_name() or t.set_by.email,
            "threshold": presenters.threshold_in_words(indicator, float(t.good), float(t.concern)),
            "reason": t.reason,
        }
        for t in selectors.threshold_history(indicator.key)
    ]
    return render(
        request,
        "insights/threshold.html",
        {
            "indicator": indicator,
            "characteristic": BY_KEY[indicator.characteristic],
            "threshold": presenters.threshold_in_words(indicator, limits.good, limits.concern),
            "origin": presenters.limits_origin(indicator, limits),
            "default": presenters.threshold_in_words(
                indicator, float(indicator.good), float(indicator.concern)
            ),
            "direction": presenters.direction_in_words(indicator),
            "history": history,
            "can_set": can_set,
            "form": form if form is not None else (ThresholdForm(indicator=indicator) if can_set else None),
        },
        status=status,
    )


@permission_required(Perm.VIEW)
def threshold(request, key):
    """An indicator's threshold in force and its history; those who may change it, a form that leads to a
    check-answers page (nothing is saved until they confirm)."""
    indicator = _indicator_or_404(key)
    if request.method != "POST":
        saved = request.session.get(SESSION_PROPOSAL)
        form = None
        if saved and saved.get("key") == indicator.key and request.GET.get("back"):
            form = ThresholdForm(indicator=indicator, initial=ThresholdForm.initial_from(saved))
        return _threshold_page(request, indicator, form)
    if not request.user.has_perm(Perm.SET_THRESHOLDS):
        raise PermissionDenied(
            "Only the director, the principal social worker and the quality lead can change thresholds."
        )
    form = ThresholdForm(request.POST, indicator=indicator)
    if not form.is_valid():
        return _threshold_page(request, indicator, form)
    request.session[SESSION_PROPOSAL] = form.proposal()
    return redirect("insights:threshold-check", key=indicator.key)


@permission_required(Perm.SET_THRESHOLDS)
def threshold_check(request, key):
    indicator = _indicator_or_404(key)
    proposal = request.session.get(SESSION_PROPOSAL)
    if not proposal or proposal.get("key") != indicator.key:
        return redirect("insights:threshold", key=indicator.key)
    good, concern = Decimal(proposal["good"]), Decimal(proposal["concern"])
    if request.method == "POST":
        try:
            services.set_threshold(
                by=request.user,
                indicator_key=indicator.key,
                good=good,
                concern=concern,
                reason=proposal["reason"],
                request=request,
            )
        except ValidationError as error:
            form = ThresholdForm(
                {"good": proposal["good"], "concern": proposal["concern"], "reason": proposal["reason"]},
                indicator=indicator,
            )
            form.is_valid()
            add_validation_error(form, error)
            return _threshold_page(request, indicator, form)
        request.session.pop(SESSION_PROPOSAL, None)
        messages.success(request, f"The new threshold for '{indicator.title}' is in force from now")
        return redirect("insights:threshold", key=indicator.key)
    limits = selectors.limits_for(indicator)
    return render(
        request,
        "insights/threshold_check.html",
        {
            "indicator": indicator,
            "now": presenters.threshold_in_words(indicator, limits.good, limits.concern),
            "new": presenters.threshold_in_words(indicator, float(good), float(concern)),
            "reason": proposal["reason"],
            "change_url": reverse("insights:threshold", args=[indicator.key]) + "?back=1#change",
        },
    )
