"""Reads for the workforce figures: the records a computation needs, in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from hearth.cases.models import Allocation

from .. import figures as f
from ..codes import EMPLOYED
from ..models import ExtraHours, Post, SicknessAbsence, StaffRecord
from ..privacy import protect_tree
from .scopes import Organisation, Scope


def _unit_filter(unit_ids, field: str = "unit_id") -> Q:
    """Rows of these units (None in `unit_ids`: rows with no unit)."""
    if unit_ids is None:
        return Q()
    ids = [u for u in unit_ids if u is not None]
    match = Q(**{f"{field}__in": ids})
    if None in unit_ids:
        match |= Q(**{f"{field}__isnull": True})
    return match


def figure_inputs(points: list[datetime.date], unit_ids=None):
    """Staff, posts and sickness absence that touch the points' 12-month windows (three queries)."""
    earliest = f.year_before(points[0])
    staff = [
        f.StaffRow(unit, f.as_float(fte), contract, started, left, sw)
        for unit, fte, contract, started, left, sw in StaffRecord.objects.filter(
            _unit_filter(unit_ids),
            Q(left_on__isnull=True) | Q(left_on__gt=earliest),
            started_on__lte=points[-1],
        ).values_list("unit_id", "fte", "contract", "started_on", "left_on", "is_social_worker")
    ]
    posts = [
        f.PostRow(unit, f.as_float(fte), opened, closed, sw)
        for unit, fte, opened, closed, sw in Post.objects.filter(
            _unit_filter(unit_ids),
            Q(closed_on__isnull=True) | Q(closed_on__gt=points[0]),
            established_on__lte=points[-1],
        ).values_list("unit_id", "fte", "established_on", "closed_on", "is_social_work")
    ]
    absences = [
        f.AbsenceRow(unit, f.as_float(fte), starts, ends, sw)
        for unit, fte, starts, ends, sw in SicknessAbsence.objects.filter(
            _unit_filter(unit_ids, "staff__unit_id"),
            staff__contract__in=EMPLOYED,
            ends_on__gte=points[0].replace(day=1),
            starts_on__lte=points[-1],
        ).values_list("staff__unit_id", "staff__fte", "starts_on", "ends_on", "staff__is_social_worker")
    ]
    return staff, posts, absences


def _day_end(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` ends, in local time."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def casework(points: list[datetime.date], unit_ids=None) -> dict[tuple[int, int], f.CaseRow]:
    """Children allocated, lead workers holding cases and allocations in the 12 months, by unit and
    point: one query over allocations (about one per open child), grouped by unit.

    Written as SQL: the ORM takes longer to build four conditional counts per month than the database
    takes to run them."""
    table = connection.ops.quote_name(Allocation._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    columns, params = [], []
    for point in points:
        end, window = adapt(_day_end(point)), adapt(_day_end(f.year_before(point)))
        open_then = "started_at < %s AND (ended_at IS NULL OR ended_at >= %s)"
        in_window = "started_at < %s AND (ended_at IS NULL OR ended_at >= %s)"
        columns += [
            f"COUNT(DISTINCT CASE WHEN {open_then} THEN child_id END)",
            f"COUNT(DISTINCT CASE WHEN {open_then} THEN lead_worker_id END)",
            f"COUNT(CASE WHEN {in_window} THEN 1 END)",
            f"COUNT(DISTINCT CASE WHEN {in_window} THEN child_id END)",
        ]
        params += [end, end, end, end, end, window, end, window]
    where = "(ended_at IS NULL OR ended_at >= %s) AND started_at < %s"
    params += [adapt(_day_end(f.year_before(points[0]))), adapt(_day_end(points[-1]))]
    if unit_ids is not None:
        ids = [int(u) for u in unit_ids if u is not None] or [0]
        where += f" AND unit_id IN ({', '.join(['%s'] * len(ids))})"
        params += ids
    sql = f"SELECT unit_id, {', '.join(columns)} FROM {table} WHERE {where} GROUP BY unit_id"  # noqa: S608
    result = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for unit_id, *counts in cursor.fetchall():
            for i in range(len(points)):
                result[(unit_id, i)] = f.CaseRow(*counts[4 * i : 4 * i + 4])
    return result


def components(points, unit_ids=None, *, social_workers_only=True) -> dict:
    staff, posts, absences = figure_inputs(points, unit_ids)
    return f.components_by_unit(
        points, staff, posts, absences, casework(points, unit_ids), social_workers_only=social_workers_only
    )


# --- the dashboard ----------------------------------------------------------------------------------

CHART_WIDTH = 600
CHART_HEIGHT = 160


@dataclass
class Bar:
    label: str
    value: float | None
    text: str
    x: float
    y: float
    width: float
    height: float


@dataclass
class Series:
    key: str
    name: str
    unit: str
    explanation: str
    values: list[float | None]
    labels: list[str]
    national: float | None = None

    @property
    def latest(self) -> float | None:
        return self.values[-1] if self.values else None

    @property
    def latest_text(self) -> str:
        return format_value(self.latest, self.unit)

    @cached_property
    def rows(self) -> list[tuple[str, str]]:
        return [
            (label, format_value(v, self.unit)) for label, v in zip(self.labels, self.values, strict=True)
        ]

    @cached_property
    def bars(self) -> list[Bar]:
        """Bars of an SVG chart (no script, no style attribute: the CSP allows neither)."""
        known = [v for v in self.values if v is not None]
        top = max([*known, self.national or 0, 0.0001])
        slot = CHART_WIDTH / max(len(self.values), 1)
        bars = []
        for i, (label, value) in enumerate(zip(self.labels, self.values, strict=True)):
            height = 0 if value is None else round((CHART_HEIGHT - 20) * value / top, 1)
            bars.append(
                Bar(
                    label,
                    value,
                    format_value(value, self.unit),
                    round(i * slot + 4, 1),
                    round(CHART_HEIGHT - height, 1),
                    round(slot - 8, 1),
                    height,
                )
            )
        return bars

    @property
    def national_y(self) -> float | None:
        if self.national is None:
            return None
        known = [v for v in self.values if v is not None]
        top = max([*known, self.national, 0.0001])
        return round(CHART_HEIGHT - (CHART_HEIGHT - 20) * self.national / top, 1)


def format_value(value, unit: str) -> str:
    if value is None:
        return "No data"
    if unit == "%":
        return f"{value:.1f}%"
    if unit == "":
        return f"{value:.2f}"
    return f"{value:.1f}"


def series_for(comps: list[f.Components], points: list[datetime.date]) -> list[Series]:
    labels = [f.month_label(p) for p in points]
    return [
        Series(key, name, unit, explanation, [getattr(c, key) for c in comps], labels, f.NATIONAL.get(key))
        for key, name, unit, explanation in f.MEASURES
    ]


@dataclass
class BreakdownRow:
    label: str
    scope_value: str | None
    values: list[str]
    headcount: int


@dataclass
class Dashboard:
    scope: Scope
    points: list[datetime.date]
    series: list[Series]
    latest: f.Components
    breakdown: list[BreakdownRow]
    extra_hours: list[tuple[str, str, str]]  # (month, people, hours per person) or "too few"


def dashboard(
    scope: Scope, children: list[Scope], org: Organisation, *, social_workers_only=True, today=None
):
    today = today or timezone.localdate()
    points = f.month_points(today)
    by_unit = components(
        points, None if scope.kind == "authority" else scope.unit_ids, social_workers_only=social_workers_only
    )
    comps = f.total(by_unit, scope.unit_ids, len(points))
    breakdown = []
    for child in children:
        latest = f.total(by_unit, child.unit_ids, len(points), last_only=True)[-1]
        breakdown.append(_breakdown_row(child.label, child.value, latest))
    if scope.kind == "authority" and None in by_unit:
        breakdown.append(
            _breakdown_row("Staff across the authority (not in a unit)", None, by_unit[None][-1])
        )
    return Dashboard(
        scope=scope,
        points=points,
        series=series_for(comps, points),
        latest=comps[-1],
        breakdown=breakdown,
        extra_hours=extra_hours_by_month(scope, points, org),
    )


def _breakdown_row(label, value, c: f.Components) -> BreakdownRow:
    return BreakdownRow(
        label,
        value,
        [format_value(getattr(c, key), unit) for key, _, unit, _ in f.MEASURES],
        c.headcount,
    )


def extra_hours_cells(points: list[datetime.date]) -> list[dict]:
    """[{(area, unit): (people who logged hours, hours)}] for the month of each point: one query.

    Written as SQL with a count per month, as casework is: truncating dates to months is a function
    call per row on SQLite."""
    table = connection.ops.quote_name(ExtraHours._meta.db_table)
    adapt = connection.ops.adapt_datefield_value
    columns, params = [], []
    for point in points:
        start, end = adapt(point.replace(day=1)), adapt(point)
        columns += [
            "COUNT(DISTINCT CASE WHEN week_starting >= %s AND week_starting <= %s THEN user_id END)",
            "SUM(CASE WHEN week_starting >= %s AND week_starting <= %s THEN hours END)",
        ]
        params += [start, end, start, end]
    params += [adapt(points[0].replace(day=1)), adapt(points[-1])]
    sql = (
        f"SELECT service_area_id, unit_id, {', '.join(columns)} FROM {table} "  # noqa: S608
        "WHERE week_starting >= %s AND week_starting <= %s GROUP BY service_area_id, unit_id"
    )
    months: list[dict] = [{} for _ in points]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for area_id, unit_id, *values in cursor.fetchall():
            for i in range(len(points)):
                people, hours = values[2 * i], values[2 * i + 1]
                if people:
                    months[i][(area_id, unit_id)] = (people, float(hours or 0))
    return months


def extra_hours_by_month(scope: Scope, points: list[datetime.date], org: Organisation) -> list[tuple]:
    """Extra hours logged by staff, per month, for the scope: shown only where the scope is a group of
    the organisation tree that at least five people logged hours in (privacy.protect_tree)."""
    result = []
    group_key = scope.privacy_group
    for point, cells in zip(points, extra_hours_cells(points), strict=True):
        tree = protect_tree({cell: people for cell, (people, _) in cells.items()})
        group = tree.find(*group_key) if group_key else None
        if group is None:
            result.append((f.month_label(point), "Fewer than 5 people", "Not shown"))
            continue
        hours = sum(cells[c][1] for c in group.cells)
        result.append((f.month_label(point), str(group.size), f"{hours / group.size:.1f}"))
    return result


def export_rows(
    scope: Scope, children: list[Scope], org: Organisation, *, social_workers_only=True, today=None
):
    """The CSV export: one row per month for the scope, then one per month for each part of it."""
    today = today or timezone.localdate()
    points = f.month_points(today)
    by_unit = components(
        points, None if scope.kind == "authority" else scope.unit_ids, social_workers_only=social_workers_only
    )
    header = ["Area of the organisation", "Month", "Headcount in post"] + [
        f"{name} ({unit or 'ratio'})" for _, name, unit, _ in f.MEASURES
    ]
    rows = [header]
    for part in [scope, *children]:
        for point, c in zip(points, f.total(by_unit, part.unit_ids, len(points)), strict=True):
            values = [getattr(c, key) for key, _, _, _ in f.MEASURES]
            rows.append(
                [part.label, f.month_label(point), c.headcount] + ["" if v is None else v for v in values]
            )
    return rows
