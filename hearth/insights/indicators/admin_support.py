"""Indicators of characteristic 2: good administrative support.

Practical requests (support app) are raised in a unit for a child and taken and closed by the unit
coordinator. The unit is the one the request was raised in. Time to done follows the unit page's figure
(support/selectors.py `time_to_done`): days from asking to done, for requests done in the 90 days.
"""

from __future__ import annotations

import statistics

from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate
from django.urls import reverse

from hearth.core.presenters import date_in_words, days_in_words
from hearth.support.models import PracticalRequest, Status
from hearth.support.selectors import FIGURES_DAYS

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
    share,
    window_start,
)
from .registry import register


def _done_in_window(as_of):
    return PracticalRequest.objects.filter(
        status=Status.DONE,
        closed_at__gte=day_start(window_start(as_of, FIGURES_DAYS)),
        closed_at__lt=day_end(as_of),
    )


def _needed_in_window(as_of):
    """Requests needed by a day in the 90 days, less those found impossible by that day, each marked
    `in_time` when done on or before the day needed (in local time)."""
    return (
        PracticalRequest.objects.filter(
            due_on__gte=window_start(as_of, FIGURES_DAYS), due_on__lte=as_of, created_at__lt=day_end(as_of)
        )
        .annotate(closed_on=TruncDate("closed_at"))
        .exclude(status=Status.CANNOT, closed_on__lte=F("due_on"))
        .annotate(
            in_time=ExpressionWrapper(
                Q(status=Status.DONE, closed_on__lte=F("due_on")), output_field=BooleanField()
            )
        )
    )


def _rows(user, requests, cells) -> Evidence:
    """Evidence of requests, naming only the children the viewer may see."""
    return evidence_from(
        user,
        requests,
        children=lambda r: [r.child_id],
        row=lambda r: EvidenceRow(cells[1](r), url=reverse("support:request", args=[r.pk])),
        columns=cells[0],
    )


@register
class TimeToDone(Indicator):
    key = "c2-time-to-done"
    characteristic = "c2"
    title = "Days for practical requests to be done"
    definition = (
        "The median number of days from a practical request being raised in the unit to the unit "
        "coordinator recording it done, for requests done in the 90 days to the day (the figure on the "
        "unit's requests page). Requests that could not be done are not counted."
    )
    formula = "median of (done − raised) in days, over requests done in the 90 days"
    kind = Kind.DAYS
    direction = Direction.LOWER
    good = 3
    concern = 7
    source = (
        "Hearth default: most practical help (transport, a venue, a letter) done within the working week "
        "(no national figure exists)"
    )
    minimum_sample = 5

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        days: dict[int, list[float]] = {unit_id: [] for unit_id in unit_ids}
        for unit_id, created, closed in (
            _done_in_window(as_of)
            .filter(unit_id__in=list(unit_ids))
            .order_by()
            .values_list("unit_id", "created_at", "closed_at")
        ):
            days[unit_id].append((closed - created).total_seconds() / 86400)
        result = {}
        for unit_id in unit_ids:
            found = days[unit_id]
            if not found:
                result[unit_id] = no_data("No practical requests done in the 90 days")
            elif len(found) < self.minimum_sample:
                result[unit_id] = no_data(
                    f"{len(found)} requests done: fewer than {self.minimum_sample}, too few for a median",
                    sample=len(found),
                )
            else:
                median = statistics.median(found)
                result[unit_id] = Measure(
                    median, sample=len(found), note=f"median of {len(found)} requests done in the 90 days"
                )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        requests = list(
            _done_in_window(as_of).filter(unit=unit).select_related("child").order_by("-closed_at", "-pk")
        )
        return _rows(
            user,
            requests,
            (
                ("Request", "Child", "Raised", "Done", "Days"),
                lambda r: (
                    r.get_kind_display(),
                    r.child.full_name,
                    date_in_words(r.created_at),
                    date_in_words(r.closed_at),
                    days_in_words(r.days_to_done()),
                ),
            ),
        )


@register
class DoneByNeeded(Indicator):
    key = "c2-done-in-time"
    characteristic = "c2"
    title = "Practical requests done by the day needed"
    definition = (
        "Of the practical requests raised in the unit that were needed by a day in the 90 days to the "
        "day, the share recorded done on or before that day. A request found impossible on or before "
        "the day it was needed is left out; one still open, or found impossible later, counts as late."
    )
    formula = "requests done by their needed-by day ÷ requests needed in the 90 days × 100"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 90
    concern = 75
    source = "Hearth default: nine in ten practical requests done by the day the family needs them"
    minimum_sample = 5

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        counts: dict[int, list[int]] = {unit_id: [0, 0] for unit_id in unit_ids}
        for unit_id, in_time in (
            _needed_in_window(as_of)
            .filter(unit_id__in=list(unit_ids))
            .order_by()
            .values_list("unit_id", "in_time")
        ):
            counts[unit_id][0] += 1
            counts[unit_id][1] += bool(in_time)
        result = {}
        for unit_id in unit_ids:
            whole, part = counts[unit_id]
            if not whole:
                result[unit_id] = no_data("No practical requests needed in the 90 days")
            else:
                result[unit_id] = share(part, whole, minimum=self.minimum_sample, of_what="requests needed")
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        requests = list(
            _needed_in_window(as_of).filter(unit=unit).select_related("child").order_by("-due_on", "-pk")
        )
        return _rows(
            user,
            requests,
            (
                ("Request", "Child", "Needed by", "Done", "In time"),
                lambda r: (
                    r.get_kind_display(),
                    r.child.full_name,
                    date_in_words(r.due_on),
                    date_in_words(r.closed_at) if r.status == Status.DONE else r.get_status_display(),
                    "Yes" if r.in_time else "No",
                ),
            ),
        )
