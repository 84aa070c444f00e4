"""Factories for devolved budgets (hearth.budgets)."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import timezone

from hearth.budgets import services
from hearth.budgets.models import Category
from hearth.budgets.money import financial_year

from .factories import ChildFactory


def this_year() -> int:
    return financial_year(timezone.localdate())


def allocate(org_or_by, unit, pounds: int, category: str = Category.PRACTICAL_HELP, year: int | None = None):
    """Give `unit` `pounds` for the category this financial year (by the director)."""
    by = org_or_by["director"] if hasattr(org_or_by, "people") else org_or_by
    return services.allocate(
        by=by,
        unit=unit,
        year=year or this_year(),
        category=category,
        amount_pence=pounds * 100,
        reason="Budget",
    )


def spend(by, child, pence: int, category: str = Category.PRACTICAL_HELP, purpose: str = "Gas meter top-up"):
    return services.record_spend(by=by, child=child, category=category, amount_pence=pence, purpose=purpose)


def budgets_case(org):
    """Unit A with £2,000 for practical help this year, a child, a £40 spend approved at once, a £600
    spend waiting for approval (asked for by the social worker), and one paid. Kept on `org`."""
    case = getattr(org, "_budgets_case", None)
    if case is not None:
        return case
    allocate(org, org.unit_a, 2000)
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    worker = org["social-worker"]
    small = spend(worker, child, 40_00)
    waiting = spend(worker, child, 600_00, purpose="A cooker")
    paid = spend(worker, child, 30_00, purpose="Bus passes")
    services.mark_paid(by=worker, spend_id=paid.pk)
    case = SimpleNamespace(child=child, small=small, waiting=waiting, paid=paid)
    org._budgets_case = case
    return case
