"""Lists of children: my work, a unit's caseload and search.

None of these pages is a view of a child's record (each row links to the record, which is audited when
opened), so they write no per-child audit row; a search writes one row saying what kind of query ran.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from itertools import groupby

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from hearth.core import extensions
from hearth.core.models import AuditLog
from hearth.core.permissions import permission_required, require

from ..permissions import Perm
from ..selectors import lists as selectors

PAGE_SIZE = 50


# --- forms ---------------------------------------------------------------------------------------


class MyWorkFilterForm(forms.Form):
    mine = forms.BooleanField(required=False, label="Only children I lead")


class ChildSearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=100,
        label="Search for a child",
        help_text="Name, date of birth (for example 27/03/2015), LA child ID, UPN or NHS number",
    )

    def clean_q(self) -> selectors.ChildQuery:
        try:
            return selectors.parse_child_query(self.cleaned_data["q"])
        except selectors.QueryError as error:
            raise forms.ValidationError(str(error)) from None


# --- presenters ----------------------------------------------------------------------------------


def age_in_words(child, today: datetime.date) -> str:
    if child.is_unborn:
        return "Unborn"
    age = child.age_on(today)
    if age is None:
        return "Not recorded"
    return "Under 1" if age == 0 else str(age)


def ago_in_words(moment: datetime.datetime | None, today: datetime.date) -> str:
    if moment is None:
        return "No visit recorded"
    days = (today - timezone.localdate(moment)).days
    if days <= 0:
        return "Today"
    if days == 1:
        return "Yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    months = days // 30
    return f"{months} months ago"


_EPISODE_TAGS = [
    (selectors.CP_PLAN, "Child protection plan", "red"),
    (selectors.LOOKED_AFTER, "Looked after", "purple"),
    (selectors.CIN_PLAN, "Child in need plan", "blue"),
    (selectors.ASSESSMENT, "Assessment", "turquoise"),
]

_VISIT_TAGS = {
    "overdue": ("Overdue", "red"),
    "due-soon": ("Due soon", "yellow"),
    "none-recorded": ("Visit needed", "red"),
}


@dataclass
class CaseRow:
    """One child on a list, as the page shows them."""

    child: object
    url: str
    age: str
    lead_worker: str
    lead_is_you: bool
    last_visit: str
    next_visit_due: datetime.date | None
    visit_tag: tuple[str, str] | None
    episodes: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def case_row(
    child, user, today: datetime.date, kinds: frozenset[str], interval: int | None = None
) -> CaseRow:
    due = selectors.next_visit_due(child, kinds, interval)
    episodes = [(text, colour) for kind, text, colour in _EPISODE_TAGS if kind in kinds]
    if not episodes and selectors.REFERRAL in kinds:
        episodes.append(("Open referral", "grey"))
    flags = [
        label
        for label, on in (
            ("Restricted", child.is_restricted),
            ("UASC", child.uasc),
            ("Unborn", child.is_unborn),
        )
        if on
    ]
    return CaseRow(
        child=child,
        url=child_url_pattern().format(pk=child.pk),
        age=age_in_words(child, today),
        lead_worker=str(child.lead_worker) if child.lead_worker_id else "Not allocated",
        lead_is_you=child.lead_worker_id == user.pk,
        last_visit=ago_in_words(child.last_visit_at, today),
        next_visit_due=due,
        visit_tag=_VISIT_TAGS.get(selectors.visit_status(due, today)),
        episodes=episodes,
        flags=flags,
    )


@functools.cache
def child_url_pattern() -> str:
    """The address of a child's record with a `{pk}` slot, reversed once: a reverse per row of a long
    list costs more than the rest of the row."""
    return reverse("people:child", args=[0]).replace("/0/", "/{pk}/")


def case_rows(
    children, user, today: datetime.date, open_kinds: dict | None = None, intervals: dict | None = None
) -> list[CaseRow]:
    """Rows for a page of children; `open_kinds` and `intervals` when the caller already has them (a
    unit's totals). Intervals between visits come from the intensity tiers when installed."""
    children = list(children)
    if open_kinds is None:
        open_kinds = selectors.open_kinds_by_child(child.pk for child in children)
    if intervals is None:
        intervals = extensions.visit_intervals([child.pk for child in children], open_kinds)
    return [
        case_row(child, user, today, open_kinds.get(child.pk, frozenset()), intervals.get(child.pk))
        for child in children
    ]


def rows_by_unit(children, user, today: datetime.date) -> list[tuple[object, list[CaseRow]]]:
    """(unit, rows) pairs in page order: the queryset is ordered by unit first."""
    rows = case_rows(children, user, today)
    return [(unit, list(group)) for unit, group in groupby(rows, key=lambda row: row.child.allocated_unit)]


def totals_rows(totals: selectors.CaseloadTotals) -> list[dict]:
    return [
        {"key": "Children", "value": str(totals.children)},
        {"key": "Open child protection plans", "value": str(totals.open_cp_plans)},
        {"key": "Looked after", "value": str(totals.looked_after)},
        {"key": "Visits overdue or not yet made", "value": str(totals.overdue_visits)},
        {"key": "Children per member of the unit", "value": totals.children_per_member},
    ]


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- views ---------------------------------------------------------------------------------------


@permission_required(Perm.VIEW_MY_WORK)
def my_work(request):
    form = MyWorkFilterForm(request.GET or None)
    lead_only = bool(form.is_valid() and form.cleaned_data["mine"])
    children = selectors.caseload(request.user, request.user.reach_unit_ids, lead_only=lead_only)
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "cases/lists/my_work.html",
        {
            "work_items": extensions.work_items_for(request.user, today),
            "today": today,
            "form": form,
            "lead_only": lead_only,
            "page_obj": page,
            "groups": rows_by_unit(page, request.user, today),
            "query_string": _query_string(request),
        },
    )


@permission_required(Perm.FIND_CHILDREN)
def unit_caseload(request, code):
    unit = selectors.unit_by_code(code)
    if unit is None:
        raise Http404("No such unit")
    require(request.user, Perm.VIEW_UNIT_CASELOAD, unit, "Only the unit and its managers see its caseload.")
    today = timezone.localdate()
    page = Paginator(selectors.caseload(request.user, [unit.pk]), PAGE_SIZE).get_page(request.GET.get("page"))
    totals = selectors.caseload_totals(request.user, unit, today)
    return render(
        request,
        "cases/lists/unit_caseload.html",
        {
            "unit": unit,
            "totals_rows": totals_rows(totals),
            "page_obj": page,
            "rows": case_rows(page, request.user, today, totals.open_kinds, totals.intervals),
            "query_string": _query_string(request),
        },
    )


@permission_required(Perm.FIND_CHILDREN)
def search(request):
    form = ChildSearchForm(request.GET if "q" in request.GET else None)
    page = None
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        results = selectors.search_children(request.user, query)
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        # The words searched for may be a child's name: only the kind of query is written down.
        AuditLog.record(
            actor=request.user, action="child.search", request=request, detail=f"query kind: {query.kind}"
        )
    return render(
        request,
        "cases/lists/search.html",
        {
            "form": form,
            "page_obj": page,
            "rows": case_rows(page, request.user, timezone.localdate()) if page is not None else [],
            "query_string": _query_string(request),
        },
    )
