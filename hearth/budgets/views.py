"""Devolved budgets pages: budgets in reach, a unit's budget (with chart, table and CSV for finance),
recording a spend from a child's record, a spend and its decisions, approvals, allocations and
transfers, and delegated authority.

Each view declares its permission; a unit or spend outside the person's reach answers 404, and a
person who may see it but not do this gets 403. Writes go through one service each; a refused money
movement comes back as a message with nothing changed and nothing typed lost.
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.core.permissions import permission_required, require
from hearth.organisation.models import Unit
from hearth.organisation.selectors import unit_if_permitted
from hearth.people.access import get_child_or_deny

from . import forms, selectors, services
from .models import Category, LimitKey, SpendStatus
from .money import financial_year, pounds, pounds_plain, year_label
from .permissions import Perm

PAGE_SIZE = 25
CHART_WIDTH = 100  # per cent of the bar area


def _page(request, rows, param="page", size=PAGE_SIZE):
    return Paginator(rows, size).get_page(request.GET.get(param))


def _unit_in_reach(request, code) -> Unit:
    unit = unit_if_permitted(request.user, code, Perm.VIEW_UNIT_BUDGET)
    if unit is None:
        raise Http404("No unit found")
    return unit


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return financial_year(timezone.localdate())
    return year if 2000 <= year <= 2100 else financial_year(timezone.localdate())


# --- budgets in reach -------------------------------------------------------------------------


@permission_required(Perm.VIEW_BUDGETS)
def overview(request):
    year = financial_year(timezone.localdate())
    page_obj = _page(request, selectors.units_for(request.user), size=50)
    rows = selectors.overview_rows(list(page_obj), year)
    return render(
        request,
        "budgets/overview.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "year_label": year_label(year),
            "can_approve": request.user.has_perm(Perm.APPROVE_SPENDS),
        },
    )


# --- a unit's budget --------------------------------------------------------------------------


def _bars(values: list[tuple[str, int]]) -> list[dict]:
    """Rows of a horizontal bar chart, widths in per cent of the largest value."""
    top = max((v for _, v in values), default=0)
    return [
        {
            "label": label,
            "amount": pounds(v),
            "width": round(CHART_WIDTH * max(v, 0) / top, 1) if top > 0 else 0,
            "y": i * 28,
        }
        for i, (label, v) in enumerate(values)
    ]


@permission_required(Perm.VIEW_UNIT_BUDGET)
def unit_budget(request, code):
    unit = _unit_in_reach(request, code)
    year = _year(request)
    budget = selectors.budget_for(unit, year)
    summary = selectors.summary(budget)
    months = selectors.spend_by_month(budget)
    month_rows = [(f"{day:%B %Y}", total) for day, total in months]
    categories = [{"label": c.label, "totals": summary.by_category[c.value]} for c in Category]
    children_page = _page(request, selectors.spend_by_child(budget), param="families", size=10)
    spends_page = _page(request, selectors.spends_of_budget(budget))
    services.record_budget_viewed(by=request.user, unit=unit, request=request)
    years = selectors.years_of(unit)
    return render(
        request,
        "budgets/unit.html",
        {
            "unit": unit,
            "year": year,
            "year_label": year_label(year),
            "years": [(y, year_label(y)) for y in years],
            "budget": budget,
            "summary": summary,
            "categories": categories,
            "bars": _bars(month_rows),
            "chart_height": 28 * len(month_rows),
            "month_rows": [{"label": label, "amount": pounds(v)} for label, v in month_rows],
            "children_page": children_page,
            "spends_page": spends_page,
            "query_string": f"year={year}",
            "can_set": request.user.has_perm(Perm.SET_BUDGETS, unit),
            "can_approve": request.user.has_perm(Perm.APPROVE_SPENDS),
        },
    )


def _safe_cell(value) -> str:
    """No spreadsheet formulas from text people typed."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@permission_required(Perm.VIEW_UNIT_BUDGET)
def unit_budget_csv(request, code):
    unit = _unit_in_reach(request, code)
    year = _year(request)
    budget = selectors.budget_for(unit, year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budget-{unit.code}-{year}-{year + 1}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "Date",
            "Unit",
            "Movement",
            "Category",
            "Amount (GBP)",
            "Effect on balance (GBP)",
            "Spend reference",
            "Spend status",
            "LA child ID",
            "Purpose or note",
            "Other unit",
            "Recorded by",
        ]
    )
    from .models import AVAILABLE_SIGN, EntryKind

    if budget is not None:
        for e in selectors.ledger_for_export(budget).iterator(chunk_size=2000):
            spend = e.spend
            writer.writerow(
                [
                    timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M"),
                    unit.code,
                    e.get_kind_display(),
                    e.get_category_display(),
                    pounds_plain(e.amount_pence),
                    pounds_plain(AVAILABLE_SIGN[EntryKind(e.kind)] * e.amount_pence),
                    f"S{spend.pk}" if spend else "",
                    spend.get_status_display() if spend else "",
                    spend.child.la_child_id if spend else "",
                    _safe_cell(spend.purpose if spend else e.note),
                    e.counterpart.code if e.counterpart else "",
                    _safe_cell(e.created_by or ""),
                ]
            )
    services.record_budget_viewed(by=request.user, unit=unit, request=request, what="export")
    return response


# --- spends -----------------------------------------------------------------------------------


@permission_required(Perm.RECORD_SPEND)
def spend_add(request, child_id):
    child = get_child_or_deny(request, child_id)
    require(
        request.user,
        Perm.RECORD_SPEND,
        child,
        "Only members of the child's unit can record a spend for them.",
    )
    form = forms.SpendForm(request.POST or None)
    limits = selectors.current_limits()
    own = services.own_authority(request.user, child.allocated_unit_id, limits)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            spend = services.record_spend(
                by=request.user,
                child=child,
                category=data["category"],
                amount_pence=data["amount"],
                purpose=data["purpose"],
                request=request,
            )
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            if spend.status == SpendStatus.APPROVED:
                messages.success(request, f"Spend of {spend.amount} approved. You can go ahead and buy it")
            else:
                needed = "two approvers" if spend.approvals_needed == 2 else "an approver"
                messages.success(
                    request,
                    f"Spend of {spend.amount} recorded. It is waiting for {needed}; the money is held meanwhile",
                )
            return redirect(spend)
    return render(
        request,
        "budgets/spend_form.html",
        {
            "form": form,
            "child": child,
            "own_limit": pounds(own),
            "two_limit": pounds(limits[LimitKey.TWO_APPROVERS]),
        },
    )


def _spend_or_404(request, spend_id):
    spend = selectors.spend_for_page(request.user, spend_id)
    if spend is None:
        raise Http404("No spend found")
    return spend


@permission_required(Perm.VIEW_BUDGETS)
def spend_detail(request, spend_id):
    spend = _spend_or_404(request, spend_id)
    user = request.user
    limits = selectors.current_limits()
    authority = services.approving_authority(user, spend.budget.unit_id, limits)
    can_decide = (
        spend.status == SpendStatus.WAITING
        and user.has_perm(Perm.APPROVE_SPEND, spend)
        and spend.first_approver_id != user.pk
        and authority > 0
    )
    services.record_spend_viewed(by=user, spend=spend, request=request)
    entries = selectors.ledger_of_spend(spend)
    return render(
        request,
        "budgets/spend.html",
        {
            "spend": spend,
            "unit": spend.budget.unit,
            "entries": entries,
            "can_approve": can_decide and spend.amount_pence <= authority,
            "can_refuse": can_decide,
            "authority": pounds(authority),
            "can_pay": spend.status == SpendStatus.APPROVED and user.has_perm(Perm.HANDLE_SPEND, spend),
            "can_refund": spend.status == SpendStatus.PAID and user.has_perm(Perm.HANDLE_SPEND, spend),
            "can_cancel": spend.status in (SpendStatus.WAITING, SpendStatus.APPROVED)
            and user.has_perm(Perm.CANCEL_SPEND, spend),
        },
    )


def _act(request, spend, action, success: str):
    try:
        action()
    except services.BudgetError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(spend)


@require_POST
@permission_required(Perm.APPROVE_SPENDS)
def spend_approve(request, spend_id):
    spend = _spend_or_404(request, spend_id)
    require(request.user, Perm.APPROVE_SPEND, spend, "You cannot approve your own request.")
    return _act(
        request,
        spend,
        lambda: services.approve_spend(by=request.user, spend_id=spend.pk, request=request),
        "Spend approved",
    )


def _reason_page(request, spend, *, title, label, button, action, success, required_message):
    form = forms.ReasonForm(request.POST or None, label=label, required_message=required_message)
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data["reason"])
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return redirect(spend)
    return render(
        request, "budgets/reason_form.html", {"form": form, "spend": spend, "title": title, "button": button}
    )


@permission_required(Perm.APPROVE_SPENDS)
def spend_refuse(request, spend_id):
    spend = _spend_or_404(request, spend_id)
    require(request.user, Perm.APPROVE_SPEND, spend, "You cannot decide on your own request.")
    return _reason_page(
        request,
        spend,
        title=f"Refuse the spend of {spend.amount}",
        label="Why are you refusing it?",
        button="Refuse spend",
        action=lambda reason: services.refuse_spend(
            by=request.user, spend_id=spend.pk, reason=reason, request=request
        ),
        success="Spend refused. The money is back in the budget and the worker can see your reason",
        required_message="Enter why you are refusing this spend",
    )


@require_POST
@permission_required(Perm.HANDLE_SPEND)
def spend_paid(request, spend_id):
    spend = _spend_or_404(request, spend_id)
    require(request.user, Perm.HANDLE_SPEND, spend)
    return _act(
        request,
        spend,
        lambda: services.mark_paid(by=request.user, spend_id=spend.pk, request=request),
        "Payment recorded",
    )


@permission_required(Perm.HANDLE_SPEND)
def spend_refund(request, spend_id):
    spend = _spend_or_404(request, spend_id)
    require(request.user, Perm.HANDLE_SPEND, spend)
    return _reason_page(
        request,
        spend,
        title=f"Record a refund of {spend.amount}",
        label="Why did the money come back?",
        button="Record refund",
        action=lambda reason: services.refund_spend(
            by=request.user, spend_id=spend.pk, reason=reason, request=request
        ),
        success="Refund recorded. The money is back in the budget",
        required_message="Enter why the money came back",
    )


@require_POST
@permission_required(Perm.CANCEL_SPEND)
def spend_cancel(request, spend_id):
    spend = _spend_or_404(request, spend_id)
    require(
        request.user,
        Perm.CANCEL_SPEND,
        spend,
        "Only the person who asked for it, or a manager, can cancel it.",
    )
    return _act(
        request,
        spend,
        lambda: services.cancel_spend(by=request.user, spend_id=spend.pk, request=request),
        "Spend cancelled. The money is back in the budget",
    )


@permission_required(Perm.APPROVE_SPENDS)
def approvals(request):
    page_obj = _page(request, selectors.approvals_for(request.user))
    return render(request, "budgets/approvals.html", {"page_obj": page_obj})


# --- finance: allocations, transfers, delegated authority -------------------------------------


@permission_required(Perm.SET_BUDGETS)
def allocate(request, code):
    unit = _unit_in_reach(request, code)
    require(request.user, Perm.SET_BUDGETS, unit)
    year = _year(request)
    form = forms.AllocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.allocate(
                by=request.user,
                unit=unit,
                year=year,
                category=data["category"],
                amount_pence=data["amount"],
                reason=data["reason"],
                request=request,
            )
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"{pounds(data['amount'])} added to {unit}'s budget for {year_label(year)}"
            )
            return redirect(f"{reverse('budgets:unit', args=[unit.code])}?year={year}")
    return render(
        request,
        "budgets/allocate.html",
        {"form": form, "unit": unit, "year": year, "year_label": year_label(year)},
    )


@permission_required(Perm.SET_BUDGETS)
def transfer(request, code):
    unit = _unit_in_reach(request, code)
    require(request.user, Perm.SET_BUDGETS, unit)
    year = _year(request)
    form = forms.TransferForm(request.POST or None, units=selectors.transfer_targets(request.user, unit))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.transfer(
                by=request.user,
                from_unit=unit,
                to_unit=data["to_unit"],
                year=year,
                category=data["category"],
                amount_pence=data["amount"],
                reason=data["reason"],
                request=request,
            )
        except services.BudgetError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{pounds(data['amount'])} moved from {unit} to {data['to_unit']}")
            return redirect(f"{reverse('budgets:unit', args=[unit.code])}?year={year}")
    return render(
        request,
        "budgets/transfer.html",
        {"form": form, "unit": unit, "year": year, "year_label": year_label(year)},
    )


@permission_required(Perm.VIEW_BUDGETS)
def authority(request):
    limits = selectors.current_limits()
    can_change = request.user.has_perm(Perm.SET_AUTHORITY)
    form = forms.AuthorityForm(request.POST or None, limits=limits) if can_change else None
    if request.method == "POST":
        require(request.user, Perm.SET_AUTHORITY)
        if form.is_valid():
            changed = services.change_limits(
                by=request.user, limits=form.limits(), reason=form.cleaned_data["reason"], request=request
            )
            if changed:
                messages.success(
                    request, "Delegated authority changed. The new limits apply to spends from now on"
                )
            else:
                messages.info(request, "Nothing changed: the limits are the same as before")
            return redirect("budgets:authority")
    rows = [{"key": k.label, "value": pounds(limits[k])} for k in LimitKey if k != LimitKey.TWO_APPROVERS]
    history_page = _page(request, selectors.authority_history())
    return render(
        request,
        "budgets/authority.html",
        {
            "form": form,
            "rows": rows,
            "two_limit": pounds(limits[LimitKey.TWO_APPROVERS]),
            "history_page": history_page,
        },
    )
