"""Indicators of characteristic 10: focus on the most vulnerable families.

All three start from the unit's open cases and their need, as the caseload pages work them out
(`priorities.selectors.load.unit_loads`): a case is a child allocated to the unit with an open referral
or looked-after episode, and its need score, intensity tier and case weight come from the facts on the
record. The need score is worked out from today's record (plans, recorded factors, households), and the
case is counted in the unit it is allocated to today, so a figure for a past day is an approximation;
visits themselves are counted from the visit notes dated on or before the day.

A visit is a final home visit, direct work or office visit note on which the child was recorded as
seen (as `cases.services.notes` counts the last visit).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from hearth.cases.models.notes import VISIT_KINDS, NoteChild, NoteStatus
from hearth.cases.selectors.lists import add_working_days, visit_status
from hearth.core.presenters import date_in_words
from hearth.organisation.models import Unit
from hearth.people.models import Child
from hearth.priorities.selectors.load import unit_loads
from hearth.priorities.selectors.needs import current_configuration

from .base import (
    EVIDENCE_LIMIT,
    Direction,
    Evidence,
    EvidenceRow,
    Indicator,
    Kind,
    Measure,
    day_end,
    day_start,
    no_data,
    share,
    shared,
    window_start,
)
from .registry import register

INTENSITY_DAYS = 56  # 8 weeks
ON_TIME = {"", "due-soon"}  # visit_status values that are not late
LATE_MARGIN_DAYS = 14


def _open_cases(unit_ids, as_of: datetime.date):
    """{unit id: [(child id, Need)]} of the units' open cases, and the configuration's top tier name.
    Queries: the configuration, the units, then `unit_loads` (fixed, whatever the number of units);
    made once per assessment for the three indicators here."""
    key = ("focus.open_cases", tuple(sorted(unit_ids)), as_of)
    return shared(key, lambda: _read_open_cases(unit_ids, as_of))


def _read_open_cases(unit_ids, as_of: datetime.date):
    config = current_configuration()
    tiers = config.tier_list()
    top = tiers[0].name if tiers else None
    units = list(Unit.objects.filter(pk__in=list(unit_ids)).only("pk", "code", "name", "service_area_id"))
    if not units:
        return {}, top, []
    loads, needs, cases = unit_loads(units, today=as_of, config=config)
    by_unit: dict[int, list] = defaultdict(list)
    for child_id, unit_id, _lead in cases:
        need = needs.get(child_id)
        if need is not None:
            by_unit[unit_id].append((child_id, need))
    return by_unit, top, loads


def _is_top(need, top: str | None) -> bool:
    return top is not None and need.tier is not None and need.tier.name == top


def _visits(child_ids, as_of: datetime.date, *, since: datetime.date | None = None):
    """Visit notes of these children on or before the day: {child: (last visit day, visits since
    `since`)}. One query."""
    if not child_ids:
        return {}
    rows = NoteChild.objects.filter(
        child_id__in=list(child_ids),
        seen=True,
        note__status=NoteStatus.FINAL,
        note__kind__in=list(VISIT_KINDS),
        note__occurred_at__lt=day_end(as_of),
    )
    annotations = {"last": Max("note__occurred_at")}
    if since is not None:
        rows = rows.filter(note__occurred_at__gte=day_start(since))
        annotations = {"last": Max("note__occurred_at"), "n": Count("note_id", distinct=True)}
    result = {}
    for row in rows.order_by().values("child_id").annotate(**annotations):
        last = timezone.localdate(row["last"]) if row["last"] else None
        result[row["child_id"]] = (last, row.get("n", 0))
    return result


def _visible(user, child_ids) -> dict[int, Child]:
    return {
        c.pk: c
        for c in Child.objects.visible_to(user)
        .filter(pk__in=list(child_ids))
        .only("pk", "first_name", "last_name", "restriction")
    }


@register
class HighNeedVisitsOnTime(Indicator):
    key = "c10-high-need-visits"
    characteristic = "c10"
    title = "Visits on time for children in most need"
    definition = (
        "Of the unit's open cases in the most intensive tier of need (the first tier of the priorities "
        "settings, for example children on a child protection plan or with a high need score), the "
        "share whose next visit was not overdue on the day: the last visit on or before the day plus "
        "the tier's interval in working days is on or after the day. A child never visited is late. "
        "The tier comes from today's need score and the case from today's allocation, so for a past "
        "day the figure is an approximation."
    )
    formula = "children in the top tier visited on time ÷ children in the top tier × 100"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 90
    concern = 75
    source = (
        "Hearth default: visits to children in most need should almost always be on time (statutory "
        "child protection visits are a minimum, no national rate of timeliness is published)"
    )
    minimum_sample = 3

    def _rows(self, unit_ids, as_of):
        by_unit, top, _ = _open_cases(unit_ids, as_of)
        high = {uid: [(c, n) for c, n in rows if _is_top(n, top)] for uid, rows in by_unit.items()}
        # A visit longer ago than twice the tier's interval (in calendar days, with room for bank
        # holidays) leaves the child late whatever it was, so older notes need not be read.
        interval = max((n.tier.interval for rows in high.values() for _, n in rows), default=0)
        since = as_of - datetime.timedelta(days=2 * interval + LATE_MARGIN_DAYS)
        visits = _visits({c for rows in high.values() for c, _ in rows}, as_of, since=since)
        result = {}
        for unit_id, rows in high.items():
            items = []
            for child_id, need in rows:
                last = visits.get(child_id, (None, 0))[0]
                due = add_working_days(last, need.tier.interval) if last else None
                status = visit_status(due, as_of)
                items.append((child_id, need, last, due, status in ON_TIME))
            result[unit_id] = items
        return result, top

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        rows, top = self._rows(unit_ids, as_of)
        result = {}
        for unit_id in unit_ids:
            items = rows.get(unit_id, [])
            if top is None:
                result[unit_id] = no_data("No intensity tiers are set")
                continue
            on_time = sum(1 for *_, ok in items if ok)
            result[unit_id] = share(
                on_time, len(items), minimum=self.minimum_sample, of_what=f"children in the {top} tier"
            )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        rows, top = self._rows([unit.pk], as_of)
        items = rows.get(unit.pk, [])
        visible = _visible(user, [c for c, *_ in items])
        shown, child_ids, hidden = [], [], 0
        for child_id, need, last, due, ok in sorted(items, key=lambda i: (i[4], i[3] or datetime.date.min)):
            child = visible.get(child_id)
            if child is None:
                hidden += 1
                continue
            if len(shown) < EVIDENCE_LIMIT:
                shown.append(
                    EvidenceRow(
                        (
                            child.full_name,
                            need.tier.name,
                            date_in_words(last) or "None recently",
                            date_in_words(due) or "Now",
                            "On time" if ok else "Late",
                        ),
                        url=reverse("people:child", args=[child_id]),
                    )
                )
                child_ids.append(child_id)
        return Evidence(
            columns=("Child", "Tier", "Last visit", "Next visit due", "On the day"),
            rows=shown,
            total=len(items),
            hidden=hidden,
            child_ids=child_ids,
            links=[("The unit's caseload", reverse("priorities:unit", args=[unit.code]))],
        )


@register
class IntensityAgainstNeed(Indicator):
    key = "c10-intensity"
    characteristic = "c10"
    title = "Visits to children in most need against others"
    definition = (
        "Visits per child in the 8 weeks to the day for the unit's open cases in the most intensive tier "
        "of need, divided by visits per child for the unit's other open cases. Above 1 means children in "
        "most need are seen more often. The tier comes from today's need score and the case from "
        "today's allocation, so for a past day the figure is an approximation. Needs at least 2 "
        "children in each group and a visit to one of the others."
    )
    formula = (
        "(visits to top-tier children ÷ top-tier children) ÷ (visits to other children ÷ other children), "
        "visits in the 8 weeks to the day"
    )
    kind = Kind.NUMBER
    direction = Direction.HIGHER
    good = 1.5
    concern = 1.0
    source = (
        "Hearth default: the top tier's visiting interval is about half the standard tier's, so children "
        "in most need should be seen at least 1.5 times as often (no national figure exists)"
    )
    minimum_sample = 2

    def _rows(self, unit_ids, as_of):
        by_unit, top, _ = _open_cases(unit_ids, as_of)
        ids = {c for rows in by_unit.values() for c, _ in rows}
        visits = _visits(ids, as_of, since=window_start(as_of, INTENSITY_DAYS))
        return by_unit, top, visits

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        by_unit, top, visits = self._rows(unit_ids, as_of)
        result = {}
        for unit_id in unit_ids:
            rows = by_unit.get(unit_id, [])
            high = [visits.get(c, (None, 0))[1] for c, n in rows if _is_top(n, top)]
            other = [visits.get(c, (None, 0))[1] for c, n in rows if not _is_top(n, top)]
            sample = len(high) + len(other)
            if top is None:
                result[unit_id] = no_data("No intensity tiers are set")
            elif len(high) < self.minimum_sample or len(other) < self.minimum_sample:
                result[unit_id] = no_data(
                    f"{len(high)} children in the top tier and {len(other)} others: fewer than "
                    f"{self.minimum_sample} in a group",
                    sample=sample,
                )
            elif sum(other) == 0:
                result[unit_id] = no_data("No visits to the other children recorded in the 8 weeks", sample)
            else:
                high_rate, other_rate = sum(high) / len(high), sum(other) / len(other)
                result[unit_id] = Measure(
                    round(high_rate / other_rate, 2),
                    sample=sample,
                    numerator=round(high_rate, 2),
                    denominator=round(other_rate, 2),
                    note=(
                        f"{sum(high)} visits to {len(high)} children in the {top} tier "
                        f"({high_rate:.1f} each) against {sum(other)} visits to {len(other)} others "
                        f"({other_rate:.1f} each)"
                    ),
                )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        by_unit, top, visits = self._rows([unit.pk], as_of)
        rows = by_unit.get(unit.pk, [])
        visible = _visible(user, [c for c, _ in rows])
        rows = sorted(rows, key=lambda r: (not _is_top(r[1], top), -r[1].total, r[0]))
        shown, child_ids, hidden = [], [], 0
        for child_id, need in rows:
            child = visible.get(child_id)
            if child is None:
                hidden += 1
                continue
            if len(shown) < EVIDENCE_LIMIT:
                last, n = visits.get(child_id, (None, 0))
                shown.append(
                    EvidenceRow(
                        (
                            child.full_name,
                            need.tier.name if need.tier else "No tier",
                            str(need.total),
                            str(n),
                        ),
                        url=reverse("people:child", args=[child_id]),
                    )
                )
                child_ids.append(child_id)
        return Evidence(
            columns=("Child", "Tier", "Need score", "Visits in the 8 weeks"),
            rows=shown,
            total=len(rows),
            hidden=hidden,
            child_ids=child_ids,
            links=[("The unit's caseload", reverse("priorities:unit", args=[unit.code]))],
        )


@register
class CaseloadAgainstCapacity(Indicator):
    key = "c10-caseload"
    characteristic = "c10"
    title = "Weighted caseload against capacity"
    definition = (
        "The weight of the unit's open cases (each case weighs the points of its most intensive open "
        "episode plus a tenth of its need score) as a share of the unit's capacity (the priorities "
        "settings' points per full-time equivalent times the FTE of each caseholding member). Worked "
        "out from today's members, FTEs, allocations and need scores, so for a past day the figure is "
        "an approximation. A unit with no caseholding members has no capacity and no figure."
    )
    formula = "sum of the open cases' weights ÷ the caseholding members' capacity × 100"
    kind = Kind.PERCENT
    direction = Direction.LOWER
    good = 90
    concern = 110
    source = (
        "Hearth default: 100% is a full caseload by the priorities settings; up to 90% leaves room for "
        "new work, above 110% is overloaded (no national figure for weighted caseloads exists)"
    )
    minimum_sample = 1

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        _, _, loads = _open_cases(unit_ids, as_of)
        by_unit = {load.unit.pk: load for load in loads}
        result = {}
        for unit_id in unit_ids:
            load = by_unit.get(unit_id)
            if load is None or not load.capacity:
                result[unit_id] = no_data("No caseholding members, so no capacity")
                continue
            result[unit_id] = Measure(
                round(100 * load.load / load.capacity, 1),
                sample=load.cases,
                numerator=load.load,
                denominator=load.capacity,
                note=f"{load.load} points of {load.capacity} ({load.cases} open cases)",
            )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        _, _, loads = _open_cases([unit.pk], as_of)
        load = loads[0] if loads else None
        rows = []
        if load is not None:
            for worker in load.workers:
                rows.append(
                    EvidenceRow(
                        (
                            worker.name,
                            worker.role,
                            str(worker.fte),
                            str(worker.cases),
                            f"{worker.load} of {worker.capacity}",
                        )
                    )
                )
            if load.unallocated_load:
                rows.append(
                    EvidenceRow(("No lead worker in the unit", "", "", "", f"{load.unallocated_load} points"))
                )
        return Evidence(
            columns=("Worker", "Role", "FTE", "Cases", "Points against capacity"),
            rows=rows[:EVIDENCE_LIMIT],
            total=len(rows),
            note="Caseloads are totals: children are not named here; the unit's caseload page lists them.",
            links=[("The unit's caseload", reverse("priorities:unit", args=[unit.code]))],
        )
