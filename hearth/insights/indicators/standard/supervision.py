"""Indicators of Employer Standard 1, S1.6: trust-based reflective supervision."""

from __future__ import annotations

from django.db.models import Max
from django.urls import reverse

from hearth.core.presenters import date_in_words
from hearth.supervision.models import Attendance, SupervisionAgreement
from hearth.supervision.selectors import status_of

from ..base import (
    EVIDENCE_LIMIT,
    Direction,
    Evidence,
    EvidenceRow,
    Indicator,
    Kind,
    Measure,
    share,
)
from ..registry import register
from ._common import _members

# --- S1.6 supervision -------------------------------------------------------------------------------


def _supervision(unit_ids, as_of):
    """{unit: [(user id, agreement, last held, due, state)]} for the members on the day with an open
    supervision agreement, their state as the supervision pages work it out (`status_of`). Three
    queries."""
    members = _members(unit_ids, as_of)
    user_ids = {u for users in members.values() for u in users}
    agreements = {
        a.supervisee_id: a
        for a in SupervisionAgreement.objects.open(as_of)
        .filter(supervisee_id__in=list(user_ids))
        .select_related("supervisee")
    }
    last_held = (
        dict(
            Attendance.objects.filter(supervisee_id__in=list(agreements), held_on__lte=as_of)
            .values("supervisee_id")
            .annotate(last=Max("held_on"))
            .values_list("supervisee_id", "last")
            .order_by()
        )
        if agreements
        else {}
    )
    result: dict[int, list] = {}
    for unit_id in unit_ids:
        items = []
        for user_id in sorted(members.get(unit_id, ())):
            agreement = agreements.get(user_id)
            if agreement is None:
                continue
            due, state = status_of(agreement, last_held.get(user_id), as_of)
            items.append((user_id, agreement, last_held.get(user_id), due, state))
        result[unit_id] = items
    return result


@register
class SupervisionOnTime(Indicator):
    key = "s-supervision-on-time"
    characteristic = "s-supervision"
    title = "Supervision on time"
    definition = (
        "Of the unit's members on the day who have a supervision agreement open on the day, the share "
        "whose next supervision was not overdue: the last supervision held on or before the day (or the "
        "start of the agreement) plus the agreed interval is on or after the day, as the supervision "
        "pages work it out. Members with no agreement are not counted."
    )
    formula = "supervisees not overdue on the day ÷ supervisees with an open agreement × 100"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 90
    concern = 75
    source = "Hearth default: supervision at the agreed frequency, with few exceptions"
    minimum_sample = 3

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        rows = _supervision(unit_ids, as_of)
        return {
            u: share(
                sum(1 for *_, state in rows[u] if state != "overdue"),
                len(rows[u]),
                minimum=self.minimum_sample,
                of_what="supervisees",
            )
            for u in unit_ids
        }

    def evidence(self, user, unit, as_of) -> Evidence:
        items = _supervision([unit.pk], as_of)[unit.pk]
        words = {"overdue": "Overdue", "due-soon": "Due soon", "up-to-date": "Up to date"}
        rows = [
            EvidenceRow(
                (
                    agreement.supervisee.full_name,
                    date_in_words(last) or "None recorded",
                    date_in_words(due),
                    words.get(state, state),
                )
            )
            for _uid, agreement, last, due, state in items[:EVIDENCE_LIMIT]
        ]
        return Evidence(
            columns=("Supervisee", "Last supervision", "Next due", "On the day"),
            rows=rows,
            total=len(items),
            note="Only dates are shown: what was discussed in supervision is not.",
            links=[("Supervision", reverse("supervision:overview"))],
        )
