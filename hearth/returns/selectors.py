"""Reads for returns and data quality, and the providers for lower apps' pages (a child's record)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from hearth.core import extensions
from hearth.core.models import AuditLog
from hearth.core.roles import MANAGING_ROLES

from .models import DataProblem, ReturnName, ReturnRun
from .permissions import Perm

CHILD_SECTION_LIMIT = 20


def runs():
    """Every run, newest first, without the archives (they can be large)."""
    return ReturnRun.objects.select_related("started_by").defer("archive", "subjects", "comparison")


def run_for_page(pk: int) -> ReturnRun | None:
    return ReturnRun.objects.select_related("started_by").defer("archive", "subjects").filter(pk=pk).first()


def run_with_archive(pk: int) -> ReturnRun | None:
    return (
        ReturnRun.objects.filter(pk=pk).only("pk", "status", "archive", "archive_name", "return_name").first()
    )


# --- data quality --------------------------------------------------------------------------------


def problems_for(user, return_name: str):
    """The data problems of one return the person may see on the data-quality page: all for the
    performance team and the director, those of the units they manage for line managers."""
    qs = DataProblem.objects.filter(return_name=return_name)
    if user.has_org_role(*MANAGING_ROLES):
        qs = qs.filter(unit_id__in=user.managed_unit_ids)
    return qs


def quality_counts(user, return_name: str) -> dict:
    """Counts by rule, unit and worker (three queries), with how many are explained."""
    qs = problems_for(user, return_name)
    explained = Count("pk", filter=Q(explained_at__isnull=False))
    by_rule = list(
        qs.values("code")
        .annotate(total=Count("pk"), explained=explained, subjects=Count("subject_id", distinct=True))
        .order_by("-total", "code")
    )
    by_unit = list(
        qs.values("unit_id", "unit__name", "unit__code")
        .annotate(total=Count("pk"), explained=explained)
        .order_by("-total", "unit__name")
    )
    by_worker = list(
        qs.values("worker_id", "worker__full_name")
        .annotate(total=Count("pk"), explained=explained)
        .order_by("-total", "worker__full_name")
    )
    return {"by_rule": by_rule, "by_unit": by_unit, "by_worker": by_worker}


def problem_list(user, return_name: str, *, code="", unit="", worker="", shown="open"):
    qs = problems_for(user, return_name).select_related("child", "unit", "worker", "explained_by")
    if code:
        qs = qs.filter(code=code)
    if unit:
        qs = qs.filter(unit_id=unit) if unit != "none" else qs.filter(unit__isnull=True)
    if worker:
        qs = qs.filter(worker_id=worker) if worker != "none" else qs.filter(worker__isnull=True)
    if shown == "open":
        qs = qs.filter(explained_at__isnull=True)
    elif shown == "explained":
        qs = qs.filter(explained_at__isnull=False)
    return qs.order_by("code", "subject_id", "pk")


def problem_for_page(user, pk: int) -> DataProblem | None:
    qs = DataProblem.objects.select_related("child", "unit", "worker", "explained_by")
    if user.has_org_role(*MANAGING_ROLES):
        qs = qs.filter(unit_id__in=user.managed_unit_ids)
    return qs.filter(pk=pk).first()


def record_problems_viewed(*, by, problems, request=None) -> None:
    """A list of problems names children: one audit row per child shown, in one query."""
    children = sorted({p.child_id for p in problems if p.child_id})
    if children:
        AuditLog.record(actor=by, action="returns.problem.view", children=children, request=request)


def my_problems(user):
    """The open problems of the children the person leads."""
    return (
        DataProblem.objects.filter(worker=user, explained_at__isnull=True, child__isnull=False)
        .select_related("child")
        .order_by("child__last_name", "child__first_name", "code", "pk")
    )


# --- a child's record ----------------------------------------------------------------------------


def child_section(user, child) -> extensions.Section | None:
    """On a child's record (whoever may see it: the page is already fetched through their reach): the
    data problems the returns' rules find in the child's record now. One query."""
    if not (user and user.is_authenticated):
        return None
    rows = list(
        DataProblem.objects.filter(child=child).order_by("explained_at", "return_name", "code", "pk")[
            : CHILD_SECTION_LIMIT + 1
        ]
    )
    if not rows:
        return None
    more = len(rows) > CHILD_SECTION_LIMIT
    rows = rows[:CHILD_SECTION_LIMIT]
    return extensions.Section(
        title="Data problems",
        template="returns/_child_section.html",
        order=90,
        context={
            "child_name": child.full_name,
            "more": more,
            "is_lead_worker": child.lead_worker_id == user.pk,
            "can_explain": user.has_perm(Perm.EXPLAIN),
            "rows": [
                {
                    "code": p.code,
                    "return": ReturnName(p.return_name).label
                    if p.return_name in ReturnName.values
                    else p.return_name,
                    "message": p.message,
                    "record": p.object_label,
                    "explained": p.is_explained,
                    "explanation": p.explanation,
                    "explain_url": reverse("returns:explain", args=[p.pk]),
                }
                for p in rows
            ],
        },
    )
