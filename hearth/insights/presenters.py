"""How the health check reads on a page: values by kind, thresholds in words, the heatmap's rows and
cells, a unit's sections, its trend and the summaries of a service or the authority. Templates only
show what these give them."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from hearth.core.presenters import date_in_words, days_in_words

from . import scoring
from .characteristics import BY_KEY, CHARACTERISTICS, STANDARD
from .indicators import registry
from .indicators.base import Direction, Indicator, Kind

NOT_ENOUGH_WORDS = scoring.SCORE_WORDS[scoring.NOT_ENOUGH]


# --- values and thresholds ----------------------------------------------------------------------------


def _number(value: float) -> str:
    rounded = round(value, 1)
    return f"{rounded:g}" if rounded != int(rounded) else f"{int(rounded)}"


def value_in_words(kind: str, value: float | None) -> str:
    """82%, 4.5 days, 6, 0.8; "Not enough data" for no value."""
    if value is None:
        return NOT_ENOUGH_WORDS
    if kind == Kind.PERCENT:
        return f"{round(value)}%"
    if kind == Kind.DAYS:
        return days_in_words(value)
    if kind == Kind.COUNT:
        return _number(value)
    return _number(value)


def threshold_in_words(indicator: Indicator, good: float, concern: float) -> str:
    """ "meets at 80%, below under 50%" (higher is better) or "meets at 5 days or less, below over
    10 days" (lower is better)."""
    good_words, concern_words = value_in_words(indicator.kind, good), value_in_words(indicator.kind, concern)
    if indicator.direction == Direction.HIGHER:
        return f"meets at {good_words}, below under {concern_words}"
    return f"meets at {good_words} or less, below over {concern_words}"


def direction_in_words(indicator: Indicator) -> str:
    return "Higher is better" if indicator.direction == Direction.HIGHER else "Lower is better"


def limits_origin(indicator: Indicator, limits: scoring.Limits) -> str:
    """Where the threshold in force comes from: the default and its source, or who set it, when and why."""
    if limits.is_default:
        source = indicator.source
        return source if source.lower().startswith("hearth default") else f"Default: {source}"
    return f"Set by {limits.set_by} on {date_in_words(limits.set_at)}: {limits.reason}"


def time_in_words(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    return f"{hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"


def seconds_in_words(seconds: float | None) -> str:
    if seconds is None:
        return "an unknown time"
    if seconds < 1:
        return "under 1 second"
    rounded = round(seconds)
    return "1 second" if rounded == 1 else f"{rounded} seconds"


@dataclass
class SnapshotLine:
    as_of: str
    at: str
    took: str
    units: int


def snapshot_line(snapshot) -> SnapshotLine | None:
    if snapshot is None:
        return None
    return SnapshotLine(
        as_of=date_in_words(snapshot.as_of),
        at=f"{time_in_words(snapshot.finished_at)} on {date_in_words(snapshot.finished_at)}",
        took=seconds_in_words(snapshot.seconds),
        units=snapshot.units,
    )


# --- the heatmap -------------------------------------------------------------------------------------


@dataclass
class Column:
    key: str
    number: str
    short: str
    title: str
    standard: bool


def columns() -> list[Column]:
    return [Column(c.key, c.number, c.short, c.title, c.group == STANDARD) for c in CHARACTERISTICS]


@dataclass
class Cell:
    """One unit's score on one characteristic, with its words and colour worked out once (the heatmap
    shows thousands)."""

    characteristic: str
    score: int | None
    rating: str
    url: str
    words: str = ""
    colour: str = ""
    text: str = ""  # "82 Strong", or "Not enough data" in words

    def __post_init__(self):
        self.words = scoring.SCORE_WORDS.get(self.rating, NOT_ENOUGH_WORDS)
        self.colour = scoring.SCORE_COLOURS.get(self.rating, "grey")
        self.text = self.words if self.score is None else f"{self.score} {self.words}"

    @property
    def title(self) -> str:
        return BY_KEY[self.characteristic].title


@dataclass
class Row:
    unit_id: int
    name: str
    code: str
    url: str
    cells: list[Cell]
    html: str = ""  # the row's cells, made once by `with_cells_html`


TABLE_CELL = '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{} <strong class="govuk-tag govuk-tag--{}">{}</strong></a></td>'
TABLE_CELL_NO_SCORE = '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a></td>'
GRID_CELL = '<td class="govuk-table__cell"><a class="govuk-link" href="{}"><strong class="govuk-tag govuk-tag--{}">{}</strong></a></td>'


def with_cells_html(groups: list[Group], *, grid: bool) -> list[Group]:
    """Each row's cells as escaped HTML, made here rather than in the template: the heatmap of a large
    authority has thousands of cells and the page must answer quickly. The table shows the score and
    its words as a tag ("82 Strong"), or "Not enough data" in words; the grid the same words in a
    coloured tag."""
    for group in groups:
        for row in group.rows:
            if grid:
                parts = (format_html(GRID_CELL, c.url, c.colour, c.text) for c in row.cells)
            else:
                parts = (
                    format_html(TABLE_CELL_NO_SCORE, c.url, c.words)
                    if c.score is None
                    else format_html(TABLE_CELL, c.url, c.score, c.colour, c.words)
                    for c in row.cells
                )
            row.html = mark_safe("".join(parts))  # noqa: S308 - each part is escaped by format_html
    return groups


@dataclass
class Group:
    area_id: int
    name: str
    rows: list[Row] = field(default_factory=list)


def heatmap_groups(scores) -> list[Group]:
    """Rows of units (each a cell per characteristic, in the columns' order) grouped by service area, from
    `selectors.scores_for` tuples ordered by area and unit. A characteristic missing from the snapshot reads as not
    enough data."""
    by_unit: dict[int, dict] = {}
    groups: dict[int, Group] = {}
    rows: list[Row] = []
    for unit_id, name, code, area_id, area_name, characteristic, score, rating in scores:
        found = by_unit.get(unit_id)
        if found is None:
            group = groups.get(area_id)
            if group is None:
                group = groups[area_id] = Group(area_id, area_name)
            row = Row(unit_id, name, code, reverse("insights:unit", args=[code]), [])
            group.rows.append(row)
            rows.append(row)
            found = by_unit[unit_id] = {}
        found[characteristic] = (score, rating)
    for row in rows:
        found = by_unit[row.unit_id]
        for c in CHARACTERISTICS:
            score, rating = found.get(c.key, (None, scoring.NOT_ENOUGH))
            row.cells.append(Cell(c.key, score, rating, f"{row.url}#{c.key}"))
    return list(groups.values())


def colour_key() -> list[tuple[str, str, str]]:
    """(words, colour, meaning) for the key beside the coloured grid."""
    return [
        (
            scoring.SCORE_WORDS[scoring.STRONG],
            scoring.SCORE_COLOURS[scoring.STRONG],
            f"a score of {scoring.STRONG_FROM} or more",
        ),
        (
            scoring.SCORE_WORDS[scoring.DEVELOPING],
            scoring.SCORE_COLOURS[scoring.DEVELOPING],
            f"a score from {scoring.STRUGGLING_UNDER} to {scoring.STRONG_FROM - 1}",
        ),
        (
            scoring.SCORE_WORDS[scoring.STRUGGLING],
            scoring.SCORE_COLOURS[scoring.STRUGGLING],
            f"a score under {scoring.STRUGGLING_UNDER}",
        ),
        (
            NOT_ENOUGH_WORDS,
            scoring.SCORE_COLOURS[scoring.NOT_ENOUGH],
            "fewer than half of the characteristic's indicators had enough data, so there is no score",
        ),
    ]


# --- a unit's live page --------------------------------------------------------------------------------


@dataclass
class IndicatorLine:
    key: str
    title: str
    value: str
    note: str
    words: str
    colour: str
    threshold: str
    url: str


@dataclass
class Section:
    key: str
    number: str
    title: str
    description: str
    standard: bool
    score: scoring.Score
    indicators: list[IndicatorLine]

    @property
    def score_text(self) -> str:
        return self.score.words if self.score.score is None else f"{self.score.score} {self.score.words}"


def indicator_line(rated: scoring.Rated, url: str) -> IndicatorLine:
    i, m, lim = rated.indicator, rated.measure, rated.limits
    return IndicatorLine(
        key=i.key,
        title=i.title,
        value=value_in_words(i.kind, m.value),
        note=m.note,
        words=rated.words,
        colour=rated.colour,
        threshold=threshold_in_words(i, lim.good, lim.concern),
        url=url,
    )


def unit_sections(unit, assessment: scoring.Assessment) -> list[Section]:
    rated = assessment.rated.get(unit.pk, {})
    scores = assessment.scores.get(unit.pk, {})
    sections = []
    for c in CHARACTERISTICS:
        lines = [
            indicator_line(item, reverse("insights:indicator", args=[unit.code, key]))
            for key, item in rated.items()
            if item.indicator.characteristic == c.key
        ]
        sections.append(
            Section(
                c.key,
                c.number,
                c.title,
                c.seed,
                c.group == STANDARD,
                scores.get(c.key) or scoring.score_of(c.key, []),
                lines,
            )
        )
    return sections


# --- a unit's trend ------------------------------------------------------------------------------------


def month_label(day: datetime.date) -> str:
    return f"{day:%b %Y}"


@dataclass
class TrendRow:
    key: str
    number: str
    title: str
    cells: list[Cell]


@dataclass
class Trend:
    months: list[str]
    rows: list[TrendRow]
    chart: dict


def trend(unit, scores) -> Trend | None:
    """Characteristics × months from month-end SnapshotScore rows (oldest first), and a bar chart of the
    average score of the characteristics that had one each month. None when there are no month-ends."""
    months: list[datetime.date] = []
    found: dict[tuple[datetime.date, str], object] = {}
    for s in scores:
        as_of = s.snapshot.as_of
        if not months or months[-1] != as_of:
            months.append(as_of)
        found[(as_of, s.characteristic)] = s
    if not months:
        return None
    url = reverse("insights:unit", args=[unit.code])
    rows = []
    for c in CHARACTERISTICS:
        cells = []
        for month in months:
            s = found.get((month, c.key))
            cells.append(
                Cell(c.key, s.score if s else None, s.rating if s else scoring.NOT_ENOUGH, f"{url}#{c.key}")
            )
        rows.append(TrendRow(c.key, c.number, c.short, cells))
    averages = []
    for month in months:
        values = [s.score for (m, _k), s in found.items() if m == month and s.score is not None]
        averages.append((month_label(month), round(statistics.mean(values)) if values else None))
    return Trend([month_label(m) for m in months], rows, chart(averages))


def chart(points: list[tuple[str, int | None]]) -> dict:
    """Bars (0 to 100) for the SVG chart, with the rows of the table beside it."""
    width = 600 / max(len(points), 1)
    bars, rows = [], []
    for i, (label, value) in enumerate(points):
        height = round(150 * (value or 0) / 100)
        bars.append(
            {
                "x": round(i * width + 4),
                "y": 160 - height,
                "width": max(round(width - 8), 1),
                "height": height,
                "label": label,
            }
        )
        rows.append((label, NOT_ENOUGH_WORDS if value is None else str(value)))
    return {"key": "average", "name": "Average score of the characteristics", "bars": bars, "rows": rows}


# --- summaries of a service area or the authority ----------------------------------------------------


@dataclass
class SummaryLine:
    key: str
    number: str
    title: str
    standard: bool
    strong: int
    developing: int
    struggling: int
    not_enough: int
    median: str


def summary(values: list[dict]) -> list[SummaryLine]:
    """Per characteristic: how many units are strong, developing, struggling or without enough data, and
    the median score of those with one."""
    counts = {
        c.key: {"strong": 0, "developing": 0, "struggling": 0, "no-data": 0, "scores": []}
        for c in CHARACTERISTICS
    }
    for v in values:
        entry = counts.get(v["characteristic"])
        if entry is None:
            continue
        entry[v["rating"] if v["rating"] in entry else "no-data"] += 1
        if v["score"] is not None:
            entry["scores"].append(v["score"])
    lines = []
    for c in CHARACTERISTICS:
        e = counts[c.key]
        median = statistics.median(e["scores"]) if e["scores"] else None
        lines.append(
            SummaryLine(
                c.key,
                c.number,
                c.title,
                c.group == STANDARD,
                e["strong"],
                e["developing"],
                e["struggling"],
                e["no-data"],
                NOT_ENOUGH_WORDS if median is None else _number(median),
            )
        )
    return lines


@dataclass
class AuthorityLine:
    key: str
    title: str
    characteristic: str
    value: str
    note: str
    words: str
    colour: str
    threshold: str


def authority_lines(values) -> list[AuthorityLine]:
    lines = []
    for v in values:
        indicator = registry.get(v.indicator_key)
        if indicator is None:
            continue
        lines.append(
            AuthorityLine(
                v.indicator_key,
                indicator.title,
                BY_KEY[indicator.characteristic].title,
                value_in_words(indicator.kind, v.value),
                v.note,
                scoring.RATING_WORDS.get(v.rating, NOT_ENOUGH_WORDS),
                scoring.RATING_COLOURS.get(v.rating, "grey"),
                threshold_in_words(indicator, v.good, v.concern),
            )
        )
    return lines


# --- thresholds ---------------------------------------------------------------------------------------


@dataclass
class ThresholdLine:
    key: str
    title: str
    scope: str
    threshold: str
    origin: str
    url: str


@dataclass
class ThresholdGroup:
    key: str
    number: str
    title: str
    lines: list[ThresholdLine]


def threshold_groups(limits: dict[str, scoring.Limits]) -> list[ThresholdGroup]:
    groups = []
    for c in CHARACTERISTICS:
        lines = []
        for i in registry.of_characteristic(c.key):
            lim = limits.get(i.key) or scoring.default_limits(i)
            lines.append(
                ThresholdLine(
                    i.key,
                    i.title,
                    "Authority" if i.scope == "authority" else "Each unit",
                    threshold_in_words(i, lim.good, lim.concern),
                    limits_origin(i, lim),
                    reverse("insights:threshold", args=[i.key]),
                )
            )
        groups.append(ThresholdGroup(c.key, c.number, c.title, lines))
    return groups


def unit_for_kind(indicator: Indicator) -> str:
    """The unit a threshold is typed in, for the form's hints."""
    return {
        Kind.PERCENT: "a percentage from 0 to 100",
        Kind.DAYS: "a number of days",
        Kind.COUNT: "a count",
        Kind.NUMBER: "a number",
    }.get(indicator.kind, "a number")
