"""What supervision adds to lower apps' pages (hearth/core/extensions.py), registered in apps.py.

Each provider makes at most one query, and none when the person has no reason to see anything.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from hearth.core import extensions
from hearth.core.presenters import date_in_words

from . import selectors
from .permissions import takes_part_in_supervision


def overdue_supervision(user, today) -> list[extensions.WorkItem]:
    """Overdue supervision, for the supervisee, the supervisor and the supervisee's line manager."""
    if not takes_part_in_supervision(user):
        return []
    items = []
    for agreement, due in selectors.overdue_agreements(user, today):
        url = reverse("supervision:agreement", args=[agreement.pk])
        if agreement.supervisee_id == user.pk:
            title, about = "Your supervision is overdue", f"With {agreement.supervisor}"
        else:
            title, about = f"Supervision with {agreement.supervisee} is overdue", str(agreement.supervisee)
        items.append(
            extensions.WorkItem(kind="Supervision", title=title, url=url, due=due, about=about, sort_key=(0,))
        )
    return items


def supervision_decisions(user, child) -> extensions.Section | None:
    """Decisions agreed in supervision about the child (never the reflection around them)."""
    decisions = selectors.decisions_for_child(child)
    if not decisions:
        return None
    rows = [
        {
            "date": date_in_words(d.session.held_on),
            "decision": d.decision,
            "worker": d.brought_by,
            "url": reverse("supervision:decision", args=[d.pk]),
        }
        for d in decisions
    ]
    return extensions.Section(
        title="Decisions from supervision",
        template="supervision/sections/decisions.html",
        context={"rows": rows},
        order=60,
    )


def senior_direct_work(user, unit) -> extensions.Section | None:
    """How much of the unit's direct work its most experienced members do: members and managers only."""
    if unit.pk not in user.reach_unit_ids:
        return None
    share = selectors.direct_work_share(unit, timezone.now())
    return extensions.Section(
        title="Direct work by senior practitioners",
        template="supervision/sections/direct_work.html",
        context={"share": share, "days": selectors.DIRECT_WORK_DAYS},
        order=50,
    )
