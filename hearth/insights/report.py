"""The printable report of the health check, for the director and for an inspection's self-evaluation.

`report_data(user, snapshot)` reads the latest snapshot in a fixed number of queries, whatever the number
of units: the authority summary per characteristic, the authority-wide indicators, every unit's scores,
the units struggling most, and each indicator's definition, formula and the threshold used, so a reader
can trace every number. The HTML page (`report_views.report`) is the accessible version; the PDF
(`report_pdf.build_pdf`) is made from the same data for printing and filing. `record_download` audits
each PDF downloaded.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field

from django.urls import reverse

from hearth.core.models import AuditLog
from hearth.organisation.models import LocalAuthority

from . import presenters, scoring
from .characteristics import CHARACTERISTICS, STANDARD, Characteristic
from .indicators import registry
from .indicators.base import SCOPE_AUTHORITY, Indicator
from .models import Snapshot, SnapshotScore, SnapshotValue
from .selectors import current_limits, units_for

#: How many units the "struggling most" section lists at most.
STRUGGLING_LIMIT = 10

DOWNLOAD_ACTION = "insights.report.download"


# --- presenting values (the same words as the other health check pages) ----------------------------


def threshold_words(indicator: Indicator, good: float, concern: float) -> str:
    """The threshold in plain English, e.g. "Meets at 80%, below under 50%"."""
    words = presenters.threshold_in_words(indicator, good, concern)
    return words[:1].upper() + words[1:]


def how_to_read() -> list[str]:
    """The report's explanation of ratings and scores, in paragraphs (the same on the page and the PDF)."""
    return [
        "Each characteristic is measured by a few indicators worked out from live records: for example, "
        "the share of open cases discussed in a unit meeting in the last 8 weeks.",
        "Each indicator's value is compared with its threshold. It meets the threshold, is close to it, "
        "or is below it. Too few records to go on gives 'not enough data', never zero.",
        "A characteristic's score is its indicators' points as a share of the most they could score: "
        f"meets scores {scoring.POINTS[scoring.MEETS]}, close {scoring.POINTS[scoring.CLOSE]}, below "
        f"{scoring.POINTS[scoring.BELOW]}. Scores are out of 100. A score of {scoring.STRONG_FROM} or more "
        f"is strong, under {scoring.STRUGGLING_UNDER} is struggling, and in between is developing.",
        "A characteristic needs at least half of its indicators to have data; otherwise it shows 'not "
        "enough data' instead of a score.",
        "The last section gives every indicator's definition, formula and threshold, so each number can "
        "be traced and checked by hand. Each unit's own page in Hearth lists the records behind it.",
    ]


# --- what the report holds ------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One unit's score for one characteristic."""

    score: int | None
    rating: str

    @property
    def words(self) -> str:
        return scoring.SCORE_WORDS.get(self.rating, "Not enough data")

    @property
    def colour(self) -> str:
        return scoring.SCORE_COLOURS.get(self.rating, "grey")

    @property
    def text(self) -> str:
        """ "72 (developing)", or "Not enough data"."""
        if self.score is None:
            return "Not enough data"
        return f"{self.score} ({self.words.lower()})"


NO_SCORE = Cell(None, scoring.NOT_ENOUGH)


@dataclass
class SummaryRow:
    """The authority's picture of one characteristic: how many units are where, and the median score."""

    characteristic: Characteristic
    strong: int = 0
    developing: int = 0
    struggling: int = 0
    not_enough: int = 0
    median: float | None = None

    @property
    def median_text(self) -> str:
        if self.median is None:
            return "No unit scored"
        return f"{self.median:.0f}" if self.median == int(self.median) else f"{self.median:.1f}"


@dataclass
class UnitRow:
    unit_id: int
    name: str
    code: str
    service_area: str
    cells: list[Cell]  # in the order of Report.characteristics
    struggling: list[Characteristic] = field(default_factory=list)
    url: str = ""  # the unit's own health check page

    @property
    def scored(self) -> list[int]:
        return [c.score for c in self.cells if c.score is not None]

    @property
    def average(self) -> float | None:
        scored = self.scored
        return sum(scored) / len(scored) if scored else None

    @property
    def average_text(self) -> str:
        average = self.average
        return "No scores" if average is None else f"{average:.0f}"

    def cells_of(self, keys: list[str], all_keys: list[str]) -> list[Cell]:
        return [self.cells[all_keys.index(k)] for k in keys]


@dataclass
class AuthorityRow:
    """An indicator measured for the authority as a whole."""

    indicator: Indicator | None
    key: str
    value: str
    rating: str
    note: str
    threshold: str

    @property
    def title(self) -> str:
        return self.indicator.title if self.indicator else self.key

    @property
    def words(self) -> str:
        return scoring.RATING_WORDS.get(self.rating, "Not enough data")

    @property
    def colour(self) -> str:
        return scoring.RATING_COLOURS.get(self.rating, "grey")

    @property
    def characteristic(self) -> Characteristic | None:
        if self.indicator is None:
            return None
        return next((c for c in CHARACTERISTICS if c.key == self.indicator.characteristic), None)


@dataclass
class Definition:
    """An indicator explained: what it counts, how, and the threshold it is judged against."""

    indicator: Indicator
    threshold_now: str
    threshold_source: str
    threshold_used: str  # "" when the snapshot used the threshold now in force

    @property
    def scope_words(self) -> str:
        if self.indicator.scope == SCOPE_AUTHORITY:
            return "The authority as a whole"
        return "Each unit"

    @property
    def better(self) -> str:
        return presenters.direction_in_words(self.indicator)

    @property
    def minimum_words(self) -> str:
        n = self.indicator.minimum_sample
        return f"At least {n} to count; fewer gives 'not enough data'."


@dataclass
class DefinitionGroup:
    characteristic: Characteristic
    definitions: list[Definition]


@dataclass
class Report:
    snapshot: Snapshot
    authority_name: str
    characteristics: list[Characteristic]
    summary: list[SummaryRow]
    authority: list[AuthorityRow]
    units: list[UnitRow]
    struggling: list[UnitRow]
    definitions: list[DefinitionGroup]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.characteristics]

    @property
    def ten(self) -> list[Characteristic]:
        return [c for c in self.characteristics if c.group != STANDARD]

    @property
    def standard(self) -> list[Characteristic]:
        return [c for c in self.characteristics if c.group == STANDARD]

    def unit_cells(self, group: list[Characteristic]) -> list[tuple[UnitRow, list[Cell]]]:
        keys = [c.key for c in group]
        return [(row, row.cells_of(keys, self.keys)) for row in self.units]

    @property
    def units_ten(self):
        return self.unit_cells(self.ten)

    @property
    def units_standard(self):
        return self.unit_cells(self.standard)

    @property
    def summary_ten(self) -> list[SummaryRow]:
        return [s for s in self.summary if s.characteristic.group != STANDARD]

    @property
    def summary_standard(self) -> list[SummaryRow]:
        return [s for s in self.summary if s.characteristic.group == STANDARD]

    @property
    def as_of(self) -> datetime.date:
        return self.snapshot.as_of

    @property
    def worked_out_at(self) -> datetime.datetime | None:
        return self.snapshot.finished_at

    @property
    def filename(self) -> str:
        return f"health-check-{self.snapshot.as_of.isoformat()}.pdf"

    @property
    def indicator_count(self) -> int:
        return sum(len(g.definitions) for g in self.definitions)


# --- reading the snapshot -------------------------------------------------------------------------


def report_data(user, snapshot: Snapshot) -> Report:
    """The whole report from `snapshot`, for the units `user` may see. Five queries, whatever the number
    of units: the authority's name, the scores (with their units), the authority-wide values, the
    thresholds the snapshot used and the thresholds in force."""
    characteristics = list(CHARACTERISTICS)
    keys = [c.key for c in characteristics]

    authority = LocalAuthority.objects.order_by("pk").values_list("name", flat=True).first() or ""

    scores = (
        SnapshotScore.objects.filter(snapshot=snapshot, unit__in=units_for(user))
        .select_related("unit__service_area")
        .order_by("unit__service_area__name", "unit__name", "unit_id")
    )
    units: dict[int, UnitRow] = {}
    cells: dict[int, dict[str, Cell]] = {}
    for s in scores:
        if s.unit_id not in units:
            units[s.unit_id] = UnitRow(
                unit_id=s.unit_id,
                name=s.unit.name,
                code=s.unit.code,
                service_area=s.unit.service_area.name if s.unit.service_area_id else "",
                cells=[],
                url=reverse("insights:unit", args=[s.unit.code]),
            )
            cells[s.unit_id] = {}
        cells[s.unit_id][s.characteristic] = Cell(s.score, s.rating)
    by_key = {c.key: c for c in characteristics}
    for unit_id, row in units.items():
        row.cells = [cells[unit_id].get(k, NO_SCORE) for k in keys]
        row.struggling = [
            by_key[k] for k, c in zip(keys, row.cells, strict=True) if c.rating == scoring.STRUGGLING
        ]

    summary = _summary(characteristics, list(units.values()))
    struggling = _struggling_most(list(units.values()))

    limits_now = current_limits()
    used = _thresholds_used(snapshot)
    authority_rows = _authority_rows(snapshot)
    definitions = _definitions(characteristics, limits_now, used)

    return Report(
        snapshot=snapshot,
        authority_name=authority,
        characteristics=characteristics,
        summary=summary,
        authority=authority_rows,
        units=list(units.values()),
        struggling=struggling,
        definitions=definitions,
    )


def _summary(characteristics: list[Characteristic], units: list[UnitRow]) -> list[SummaryRow]:
    rows = []
    for i, characteristic in enumerate(characteristics):
        row = SummaryRow(characteristic)
        scored = []
        for unit in units:
            cell = unit.cells[i]
            if cell.rating == scoring.STRONG:
                row.strong += 1
            elif cell.rating == scoring.DEVELOPING:
                row.developing += 1
            elif cell.rating == scoring.STRUGGLING:
                row.struggling += 1
            else:
                row.not_enough += 1
            if cell.score is not None:
                scored.append(cell.score)
        row.median = statistics.median(scored) if scored else None
        rows.append(row)
    return rows


def _struggling_most(units: list[UnitRow]) -> list[UnitRow]:
    """Units with at least one struggling characteristic, lowest average score first (more struggling
    characteristics first when the averages are equal)."""
    candidates = [u for u in units if u.struggling]
    candidates.sort(key=lambda u: (u.average if u.average is not None else 101, -len(u.struggling), u.name))
    return candidates[:STRUGGLING_LIMIT]


def _thresholds_used(snapshot: Snapshot) -> dict[str, set[tuple[float, float]]]:
    used: dict[str, set[tuple[float, float]]] = {}
    rows = (
        SnapshotValue.objects.filter(snapshot=snapshot)
        .values_list("indicator_key", "good", "concern")
        .order_by()
        .distinct()
    )
    for key, good, concern in rows:
        used.setdefault(key, set()).add((good, concern))
    return used


def _authority_rows(snapshot: Snapshot) -> list[AuthorityRow]:
    rows = []
    values = SnapshotValue.objects.filter(snapshot=snapshot, unit__isnull=True).order_by("indicator_key")
    order = {c.key: i for i, c in enumerate(CHARACTERISTICS)}
    for v in values:
        indicator = registry.get(v.indicator_key)
        if indicator is None:
            rows.append(AuthorityRow(None, v.indicator_key, str(v.value or ""), v.rating, v.note, ""))
            continue
        rows.append(
            AuthorityRow(
                indicator=indicator,
                key=v.indicator_key,
                value=presenters.value_in_words(indicator.kind, v.value),
                rating=v.rating,
                note=v.note,
                threshold=threshold_words(indicator, v.good, v.concern),
            )
        )
    rows.sort(key=lambda r: (order.get(r.indicator.characteristic if r.indicator else "", 99), r.key))
    return rows


def _origin(indicator: Indicator, limits: scoring.Limits) -> str:
    """Where the threshold in force comes from: the default and its source, or who set it, when and why."""
    if not limits.is_default:
        return presenters.limits_origin(indicator, limits)
    source = indicator.source.strip()
    if source.lower().startswith("hearth default"):
        return source
    return f"The default, from {source}"


def _definitions(characteristics, limits_now, used) -> list[DefinitionGroup]:
    groups = []
    for characteristic in characteristics:
        definitions = []
        for indicator in registry.of_characteristic(characteristic.key):
            limits = limits_now.get(indicator.key) or scoring.default_limits(indicator)
            now = threshold_words(indicator, limits.good, limits.concern)
            source = _origin(indicator, limits)
            was = used.get(indicator.key, set())
            used_words = ""
            differing = sorted(t for t in was if t != (limits.good, limits.concern))
            if differing:
                used_words = "; ".join(threshold_words(indicator, g, c) for g, c in differing)
            definitions.append(Definition(indicator, now, source, used_words))
        groups.append(DefinitionGroup(characteristic, definitions))
    return groups


# --- the one write --------------------------------------------------------------------------------


def record_download(*, by, snapshot: Snapshot, request=None) -> AuditLog:
    """Audit a download of the report as a PDF (who, which snapshot, when)."""
    return AuditLog.record(
        actor=by,
        action=DOWNLOAD_ACTION,
        obj=snapshot,
        request=request,
        detail=f"Health check report (PDF), figures as at {snapshot.as_of:%Y-%m-%d}",
    )[0]
