"""The workforce dashboard: live figures for a part of the organisation, month by month, and their export."""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.shortcuts import render

from hearth.core.models import AuditLog
from hearth.core.permissions import permission_required

from .. import figures as f
from ..forms import ScopeForm
from ..permissions import Perm, whole_authority
from ..selectors import figures as selectors
from ..selectors.scopes import child_scopes, organisation, resolve_scope


def _chosen(request):
    org = organisation()
    scope, scopes = resolve_scope(request.user, org, request.GET.get("scope"))
    social_workers_only = request.GET.get("staff") != "all"
    return org, scope, scopes, social_workers_only


@permission_required(Perm.VIEW_FIGURES)
def dashboard(request):
    org, scope, scopes, social_workers_only = _chosen(request)
    form = ScopeForm(
        initial={"scope": scope.value, "staff": "social-workers" if social_workers_only else "all"},
        scopes=scopes,
    )
    data = selectors.dashboard(
        scope, child_scopes(scope, scopes, org), org, social_workers_only=social_workers_only
    )
    return render(
        request,
        "workforce/dashboard.html",
        {
            "form": form,
            "data": data,
            "measures": f.MEASURES,
            "national": f.NATIONAL,
            "social_workers_only": social_workers_only,
            "export_query": request.GET.urlencode(),
            "whole_authority": whole_authority(request.user),
        },
    )


@permission_required(Perm.VIEW_FIGURES)
def figures_csv(request):
    org, scope, scopes, social_workers_only = _chosen(request)
    rows = selectors.export_rows(
        scope, child_scopes(scope, scopes, org), org, social_workers_only=social_workers_only
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="workforce-figures.csv"'
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([_safe_cell(value) for value in row])
    AuditLog.record(
        actor=request.user, action="workforce.figures.export", request=request, detail=scope.value
    )
    return response


def _safe_cell(value):
    """Spreadsheet programs run a cell starting with =, +, - or @ as a formula: quote it."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
