"""The quality page: grades of finished audits and the themes of the practice model, quarter by quarter,
by unit and by service area. Figures about grades, never about children. A fixed number of queries,
whatever the number of audits (four, plus two for the filters' choices)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from hearth.organisation.models import ServiceArea, Unit

from ..models import DEFAULT_SCALE, AuditTool, CaseAudit, CriterionGrade

__all__ = ["QUARTERS_SHOWN", "Quality", "filter_choices", "quality", "quarter_label", "quarter_start"]

QUARTERS_SHOWN = 4
#: Bar colours of grades by rank (best first): accessible GOV.UK colours.
CHART_COLOURS = ["#00703c", "#1d70b8", "#f47738", "#d4351c", "#505a5f", "#505a5f", "#505a5f"]
CHART_WIDTH = 360


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _previous_quarter(start: datetime.date) -> datetime.date:
    return (
        datetime.date(start.year - 1, 10, 1)
        if start.month == 1
        else datetime.date(start.year, start.month - 3, 1)
    )


def quarter_label(start: datetime.date) -> str:
    end = datetime.date(start.year, start.month + 2, 1)
    return f"{start:%b} to {end:%b} {start.year}"


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class Quality:
    quarters: list[datetime.date]
    labels: list[str]
    grades: list[tuple[int, str]]  # (rank, label), best first
    rows: list[dict]  # per quarter: label, counts by grade, total, % meeting the standard
    bars: list[dict]  # chart: per quarter, segments
    by_unit: list[dict] = field(default_factory=list)
    by_service: list[dict] = field(default_factory=list)
    themes: list[dict] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)
    total: int = 0


def filter_choices() -> tuple[list[ServiceArea], list[Unit]]:
    areas = list(ServiceArea.objects.order_by("name", "pk"))
    units = list(Unit.objects.active().select_related("service_area").order_by("service_area__name", "name"))
    return areas, units


def quality(*, service_area_id: int | None = None, unit_id: int | None = None, today=None) -> Quality:
    today = today or timezone.localdate()
    quarters = [quarter_start(today)]
    for _ in range(QUARTERS_SHOWN - 1):
        quarters.insert(0, _previous_quarter(quarters[0]))
    since = timezone.make_aware(datetime.datetime.combine(quarters[0], datetime.time.min))
    scope = Q(status__in=["moderated", "completed"], finished_at__gte=since)
    if unit_id:
        scope &= Q(unit_id=unit_id)
    elif service_area_id:
        scope &= Q(unit__service_area_id=service_area_id)
    finished = CaseAudit.objects.filter(scope).annotate(quarter=TruncQuarter("finished_at"))

    # 1. Grades by quarter, unit and service area.
    counts = list(
        finished.values(
            "quarter",
            "unit_id",
            "unit__name",
            "unit__service_area_id",
            "unit__service_area__name",
            "final_grade_rank",
            "final_grade_label",
            "final_meets_standard",
        ).annotate(n=Count("id"))
    )
    grades = {(rank, g["label"]) for rank, g in enumerate(DEFAULT_SCALE, start=1)}
    grades |= {(r["final_grade_rank"] or 99, r["final_grade_label"]) for r in counts}
    grades = sorted(grades)
    index = {q: n for n, q in enumerate(quarters)}

    by_quarter = [defaultdict(int) for _ in quarters]
    meets = [0 for _ in quarters]
    units: dict[int, dict] = {}
    areas: dict[int, dict] = {}
    for r in counts:
        q = index.get(quarter_start(_as_date(r["quarter"])))
        if q is None:
            continue
        by_quarter[q][(r["final_grade_rank"] or 99, r["final_grade_label"])] += r["n"]
        good = r["n"] if r["final_meets_standard"] else 0
        meets[q] += good
        for key, name, store, extra in (
            (r["unit_id"], r["unit__name"], units, r["unit__service_area__name"]),
            (r["unit__service_area_id"], r["unit__service_area__name"], areas, ""),
        ):
            row = store.setdefault(
                key, {"name": name, "area": extra, "total": [0] * len(quarters), "good": [0] * len(quarters)}
            )
            row["total"][q] += r["n"]
            row["good"][q] += good

    labels = [quarter_label(q) for q in quarters]
    rows, bars = [], []
    for q, label in enumerate(labels):
        total = sum(by_quarter[q].values())
        rows.append(
            {
                "label": label,
                "counts": [by_quarter[q].get(g, 0) for g in grades],
                "total": total,
                "meets": _percent(meets[q], total),
            }
        )
        x, segments = 0, []
        for n, g in enumerate(grades):
            count = by_quarter[q].get(g, 0)
            if not count:
                continue
            width = round(CHART_WIDTH * count / total)
            segments.append({"x": x, "width": width, "colour": CHART_COLOURS[min(n, len(CHART_COLOURS) - 1)]})
            x += width
        bars.append({"label": label, "y": q * 40, "segments": segments, "total": total})

    def cells(row):
        return [
            {"percent": _percent(good, total), "total": total}
            for good, total in zip(row["good"], row["total"], strict=True)
        ]

    by_unit = [
        {"name": r["name"], "area": r["area"], "cells": cells(r)}
        for r in sorted(units.values(), key=lambda r: (r["area"], r["name"]))
    ]
    by_service = [
        {"name": r["name"], "cells": cells(r)} for r in sorted(areas.values(), key=lambda r: r["name"])
    ]

    # 2 and 3. Themes: criteria graded, by quarter and theme, meeting the standard of their tool's scale.
    theme_counts = list(
        CriterionGrade.objects.filter(audit__in=finished.values("pk"))
        .annotate(quarter=TruncQuarter("audit__finished_at"))
        .values("quarter", "criterion__theme", "criterion__tool_id", "grade")
        .annotate(n=Count("id"))
    )
    tool_ids = {r["criterion__tool_id"] for r in theme_counts}
    meeting = {
        (pk, g["key"])
        for pk, scale in AuditTool.objects.filter(pk__in=tool_ids).values_list("pk", "scale")
        for g in (scale or DEFAULT_SCALE)
        if g.get("meets_standard")
    }
    themes: dict[str, dict] = {}
    for r in theme_counts:
        q = index.get(quarter_start(_as_date(r["quarter"])))
        if q is None:
            continue
        row = themes.setdefault(
            r["criterion__theme"],
            {"name": r["criterion__theme"], "total": [0] * len(quarters), "good": [0] * len(quarters)},
        )
        row["total"][q] += r["n"]
        if (r["criterion__tool_id"], r["grade"]) in meeting:
            row["good"][q] += r["n"]
    theme_rows = [
        {"name": r["name"], "cells": cells(r)} for r in sorted(themes.values(), key=lambda r: r["name"])
    ]

    return Quality(
        quarters=quarters,
        labels=labels,
        grades=grades,
        rows=rows,
        bars=bars,
        by_unit=by_unit,
        by_service=by_service,
        themes=theme_rows,
        legend=[
            {"label": label, "colour": CHART_COLOURS[min(n, len(CHART_COLOURS) - 1)], "y": 20 * n}
            for n, (_, label) in enumerate(grades)
        ],
        total=sum(r["total"] for r in rows),
    )
