"""How values become ratings and ratings become a characteristic's score. Pure functions, shared by the
live unit page and the snapshot, so the two can never disagree.

- An indicator's value is rated against its threshold: **meets** (at or better than "meets at"),
  **below** (worse than "below when worse than"), otherwise **close**. Too little data: **no data**.
- A characteristic's score is the average of its rated indicators' points (meets 2, close 1, below 0)
  as a share of the most they could score: `points ÷ (2 × indicators with data) × 100`, rounded.
- A characteristic with fewer than half of its indicators rated (rounded up) has **not enough data** and
  no score. Otherwise it is **strong** at 75 or more, **struggling** below 40, **developing** between.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from .characteristics import CHARACTERISTICS
from .indicators import registry
from .indicators.base import Direction, Indicator, Measure, sharing

MEETS, CLOSE, BELOW, NO_DATA = "meets", "close", "below", "no-data"
POINTS = {MEETS: 2, CLOSE: 1, BELOW: 0}
RATING_WORDS = {MEETS: "Meets", CLOSE: "Close", BELOW: "Below", NO_DATA: "Not enough data"}
RATING_COLOURS = {MEETS: "green", CLOSE: "yellow", BELOW: "red", NO_DATA: "grey"}

STRONG, DEVELOPING, STRUGGLING, NOT_ENOUGH = "strong", "developing", "struggling", "no-data"
STRONG_FROM, STRUGGLING_UNDER = 75, 40
SCORE_WORDS = {
    STRONG: "Strong",
    DEVELOPING: "Developing",
    STRUGGLING: "Struggling",
    NOT_ENOUGH: "Not enough data",
}
SCORE_COLOURS = {STRONG: "green", DEVELOPING: "yellow", STRUGGLING: "red", NOT_ENOUGH: "grey"}


@dataclass(frozen=True)
class Limits:
    good: float
    concern: float
    set_by: str = ""  # empty for the default
    set_at: datetime.datetime | None = None
    reason: str = ""

    @property
    def is_default(self) -> bool:
        return self.set_at is None


def default_limits(indicator: Indicator) -> Limits:
    return Limits(float(indicator.good), float(indicator.concern))


def rate(indicator: Indicator, measure: Measure, limits: Limits) -> str:
    if measure.value is None:
        return NO_DATA
    value = measure.value
    if indicator.direction == Direction.HIGHER:
        if value >= limits.good:
            return MEETS
        return BELOW if value < limits.concern else CLOSE
    if value <= limits.good:
        return MEETS
    return BELOW if value > limits.concern else CLOSE


@dataclass(frozen=True)
class Score:
    characteristic: str
    score: int | None
    rating: str
    rated: int
    indicators: int
    points: int = 0

    @property
    def words(self) -> str:
        return SCORE_WORDS[self.rating]

    @property
    def colour(self) -> str:
        return SCORE_COLOURS[self.rating]

    @property
    def sum_in_words(self) -> str:
        if self.score is None:
            return f"{self.rated} of {self.indicators} indicators had enough data; at least half must."
        return f"{self.points} points of {2 * self.rated} from {self.rated} of {self.indicators} indicators = {self.score}"


def score_of(characteristic: str, ratings: list[str]) -> Score:
    """The characteristic's score from its indicators' ratings (see the module's docstring)."""
    total = len(ratings)
    rated = [r for r in ratings if r != NO_DATA]
    if total == 0 or len(rated) < math.ceil(total / 2):
        return Score(characteristic, None, NOT_ENOUGH, len(rated), total)
    points = sum(POINTS[r] for r in rated)
    score = round(100 * points / (2 * len(rated)))
    if score >= STRONG_FROM:
        rating = STRONG
    elif score < STRUGGLING_UNDER:
        rating = STRUGGLING
    else:
        rating = DEVELOPING
    return Score(characteristic, score, rating, len(rated), total, points)


@dataclass
class Rated:
    indicator: Indicator
    measure: Measure
    limits: Limits
    rating: str

    @property
    def words(self) -> str:
        return RATING_WORDS[self.rating]

    @property
    def colour(self) -> str:
        return RATING_COLOURS[self.rating]


@dataclass
class Assessment:
    """Every unit's rated indicators and characteristic scores as at a day."""

    as_of: datetime.date
    rated: dict[int, dict[str, Rated]] = field(default_factory=dict)  # unit -> indicator key -> Rated
    scores: dict[int, dict[str, Score]] = field(default_factory=dict)  # unit -> characteristic -> Score
    authority: dict[str, Rated] = field(default_factory=dict)  # authority-scope indicators


def assess(
    unit_ids: list[int], as_of: datetime.date, limits: dict[str, Limits], *, with_authority: bool = False
) -> Assessment:
    """Measure every unit-scope indicator for `unit_ids` (each indicator in a fixed number of queries),
    rate each value and score each characteristic."""
    with sharing():
        return _assess(list(unit_ids), as_of, limits, with_authority)


def _assess(
    unit_ids: list[int], as_of: datetime.date, limits: dict[str, Limits], with_authority: bool
) -> Assessment:
    result = Assessment(as_of)
    for unit_id in unit_ids:
        result.rated[unit_id] = {}
    for indicator in registry.unit_indicators():
        measures = indicator.measure(unit_ids, as_of) if unit_ids else {}
        lim = limits.get(indicator.key) or default_limits(indicator)
        for unit_id in unit_ids:
            measure = measures.get(unit_id) or Measure(None, note="Not worked out")
            result.rated[unit_id][indicator.key] = Rated(
                indicator, measure, lim, rate(indicator, measure, lim)
            )
    for unit_id in unit_ids:
        result.scores[unit_id] = scores_from(result.rated[unit_id])
    if with_authority:
        for indicator in registry.authority_indicators():
            measure = indicator.measure([], as_of).get(0) or Measure(None, note="Not worked out")
            lim = limits.get(indicator.key) or default_limits(indicator)
            result.authority[indicator.key] = Rated(indicator, measure, lim, rate(indicator, measure, lim))
    return result


def scores_from(rated: dict[str, Rated]) -> dict[str, Score]:
    by_characteristic: dict[str, list[str]] = {c.key: [] for c in CHARACTERISTICS}
    for item in rated.values():
        by_characteristic[item.indicator.characteristic].append(item.rating)
    return {key: score_of(key, ratings) for key, ratings in by_characteristic.items()}
