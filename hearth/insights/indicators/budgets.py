"""Indicators of characteristic 5: budgetary control for front-line staff.

Both read the unit's spends (budgets.Spend): the unit is the one whose budget the money came from, so a
past month's figure does not move when cases move. A spend is approved "within the worker's own
delegated authority" when it needed no approver (approved at once when it was recorded, the amount being
within the limit of the person who asked for it).
"""

from __future__ import annotations

import datetime
import statistics

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from hearth.budgets.models import Spend
from hearth.budgets.money import pounds
from hearth.core.presenters import date_in_words

from .base import (
    Direction,
    Evidence,
    EvidenceRow,
    Indicator,
    Kind,
    Measure,
    day_end,
    day_start,
    evidence_from,
    no_data,
    shares_by_unit,
    window_start,
)
from .registry import register

WINDOW_DAYS = 365


def _window(as_of: datetime.date) -> Q:
    return Q(
        requested_at__gte=day_start(window_start(as_of, WINDOW_DAYS)),
        requested_at__lt=day_end(as_of),
    )


def _approved_at(spend_row) -> datetime.datetime | None:
    """When the last approval a spend needed was given (None while approvals are missing)."""
    needed, first, second = spend_row
    if needed >= 2:
        return second
    return first


def _days(start: datetime.datetime, end: datetime.datetime) -> float:
    return (end - start).total_seconds() / 86400


def _spend_evidence(user, unit, as_of, *, waiting_only: bool) -> Evidence:
    spends = Spend.objects.filter(_window(as_of), budget__unit=unit).order_by("-requested_at", "-id")
    if waiting_only:
        spends = spends.filter(approvals_needed__gt=0)
    spends = list(
        spends.values_list(
            "pk",
            "child_id",
            "child__first_name",
            "child__last_name",
            "amount_pence",
            "approvals_needed",
            "requested_at",
            "first_approved_at",
            "second_approved_at",
            "closed_at",
        )
    )
    end = day_end(as_of)

    def row(spend) -> EvidenceRow:
        pk, _child_id, first, last, pence, needed, requested_at, first_at, second_at, closed_at = spend
        if needed == 0:
            approval, waited = "Within the worker's own authority", ""
        else:
            approved_at = _approved_at((needed, first_at, second_at))
            approval = f"Needed {needed} approver{'s' if needed > 1 else ''}"
            if approved_at is not None and approved_at < end:
                waited = f"{_days(requested_at, approved_at):.1f} days"
            elif closed_at is not None and closed_at < end:
                waited = "Refused or cancelled"
            else:
                waited = "Not approved by the day"
        return EvidenceRow(
            (
                date_in_words(timezone.localtime(requested_at).date()),
                f"{first} {last}",
                pounds(pence),
                approval,
                waited,
            ),
            url=reverse("budgets:spend", args=[pk]),
        )

    return evidence_from(
        user,
        spends,
        children=lambda spend: [spend[1]],
        row=row,
        columns=("Requested", "Child", "Amount", "Approval", "Time to approval"),
        links=[("The unit's budget", reverse("budgets:unit", args=[unit.code]))],
    )


@register
class OwnAuthority(Indicator):
    key = "c5-own-authority"
    characteristic = "c5"
    title = "Spends within the worker's own authority"
    definition = (
        "Of the spends for children asked for from the unit's budget in the 12 months to the day, the "
        "share that were within the delegated authority of the person who asked, so were approved at "
        "once with no approver. Spends later refused or cancelled count too: what matters is whether "
        "the worker could decide."
    )
    formula = "spends approved at once (no approver needed) ÷ spends asked for in the 12 months × 100"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 60
    concern = 40
    source = (
        "Hearth default: most everyday spends for families should be within front-line authority "
        "(no national figure exists)"
    )
    minimum_sample = 5

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        rows = (
            Spend.objects.filter(_window(as_of), budget__unit_id__in=unit_ids)
            .values("budget__unit_id")
            .annotate(total=Count("id"), own=Count("id", filter=Q(approvals_needed=0)))
            .order_by()
        )
        return shares_by_unit(
            unit_ids,
            rows,
            key="budget__unit_id",
            part="own",
            whole="total",
            minimum=self.minimum_sample,
            of_what="spends asked for",
            missing="No spends asked for from the unit's budget in the 12 months",
        )

    def evidence(self, user, unit, as_of) -> Evidence:
        return _spend_evidence(user, unit, as_of, waiting_only=False)


@register
class ApprovalTime(Indicator):
    key = "c5-approval-days"
    characteristic = "c5"
    title = "Time to approve spends above the worker's authority"
    definition = (
        "For spends asked for from the unit's budget in the 12 months to the day that needed one or two "
        "approvers and were fully approved by the day: the median time from asking to the last approval "
        "needed, in days (to one decimal place, counted in hours)."
    )
    formula = "median of (time of last approval needed − time asked for), in days"
    kind = Kind.DAYS
    direction = Direction.LOWER
    good = 1
    concern = 3
    source = (
        "Hearth default: families' practical needs are urgent, so a decision within a working day "
        "(no national figure exists)"
    )
    minimum_sample = 3

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        end = day_end(as_of)
        waits: dict[int, list[float]] = {unit_id: [] for unit_id in unit_ids}
        rows = (
            Spend.objects.filter(_window(as_of), budget__unit_id__in=unit_ids, approvals_needed__gt=0)
            .filter(
                Q(approvals_needed=1, first_approved_at__lt=end)
                | Q(approvals_needed__gte=2, second_approved_at__lt=end)
            )
            .values_list(
                "budget__unit_id",
                "requested_at",
                "approvals_needed",
                "first_approved_at",
                "second_approved_at",
            )
            .order_by()
        )
        for unit_id, requested_at, needed, first_at, second_at in rows:
            waits[unit_id].append(_days(requested_at, _approved_at((needed, first_at, second_at))))
        result = {}
        for unit_id in unit_ids:
            days = waits[unit_id]
            if len(days) < self.minimum_sample:
                result[unit_id] = no_data(
                    f"{len(days)} spends needing approval were approved in the 12 months: fewer than "
                    f"{self.minimum_sample}, too few for a median",
                    sample=len(days),
                )
                continue
            median = round(statistics.median(days), 1)
            result[unit_id] = Measure(
                median,
                sample=len(days),
                note=f"median of {len(days)} approved spends: {median} days",
            )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        return _spend_evidence(user, unit, as_of, waiting_only=True)
