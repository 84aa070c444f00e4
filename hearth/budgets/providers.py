"""What budgets adds to lower apps' pages (hearth/core/extensions.py), registered in apps.py.

Each provider makes at most two queries, and none when the person has no reason to see anything.
"""

from __future__ import annotations

from django.urls import reverse

from hearth.core import extensions
from hearth.core.presenters import date_in_words

from . import selectors
from .permissions import approves_spends, sees_budgets, sees_unit_budget

MAX_WORK_ITEMS = 20


def spends_to_approve(user, today) -> list[extensions.WorkItem]:
    """Spends waiting for this person's approval (at most 20; the approvals page lists them all)."""
    if not approves_spends(user):
        return []
    items = []
    for spend in selectors.approvals_for(user)[:MAX_WORK_ITEMS]:
        about = spend.child.full_name if not spend.child.restriction else "A restricted record"
        items.append(
            extensions.WorkItem(
                kind="Spend to approve",
                title=f"{spend.amount} for {spend.get_category_display().lower()}, asked for by {spend.requested_by}",
                url=reverse("budgets:spend", args=[spend.pk]),
                about=about,
                sort_key=(spend.pk,),
            )
        )
    return items


def child_spends(user, child) -> extensions.Section | None:
    """Members of the child's unit (and its managers): record a spend, and the child's recent spends."""
    unit_id = child.allocated_unit_id
    if unit_id is None or unit_id not in user.reach_unit_ids or not sees_budgets(user):
        return None
    spends = selectors.child_spends(child)
    rows = [
        {
            "date": date_in_words(s.requested_at),
            "amount": s.amount,
            "category": s.get_category_display(),
            "purpose": s.purpose,
            "status": s.get_status_display(),
            "status_value": s.status,
            "url": reverse("budgets:spend", args=[s.pk]),
        }
        for s in spends
    ]
    return extensions.Section(
        title="Spends from the unit budget",
        template="budgets/sections/child_spends.html",
        context={
            "rows": rows,
            "can_record": unit_id in user.unit_ids,
            "record_url": reverse("budgets:spend-add", args=[child.pk]),
        },
        order=70,
    )


def unit_budget_link(user, unit) -> extensions.Section | None:
    """On a unit's page, for people who may see its budget: a link to it (no query)."""
    if not sees_unit_budget(user, unit):
        return None
    return extensions.Section(
        title="Budget",
        template="budgets/sections/unit_link.html",
        context={"url": reverse("budgets:unit", args=[unit.code])},
        order=80,
    )
