"""Need scores: a sum of named factors, each explained in one sentence (ADR 0009).

Everything here is pure: facts and a configuration in, a score with its reasons out. The selectors
gather the facts from the record; nothing in this module reads the database, so the arithmetic is
tested on its own (tests/test_priorities_scoring.py, with hypothesis).

A score is exactly the sum of the points of its reasons: `Score.total` is computed from the reasons
and nowhere else, so what the page shows and what the number says cannot drift apart.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# --- the factors ---------------------------------------------------------------------------------

CP_CATEGORY_LABELS = {
    "NEG": "neglect",
    "PHY": "physical abuse",
    "SAB": "sexual abuse",
    "EMO": "emotional abuse",
    "MUL": "multiple categories",
}

#: Recorded need factors (facts the record does not otherwise hold): kind -> words.
RECORDED_KINDS = {
    "police": "police contact",
    "hospital": "hospital attendance",
    "missing": "missing episode",
    "school-exclusion": "exclusion from school",
    "housing": "housing crisis",
}

#: Assessment factor codes (CIN census <AssessmentFactors>) behind each family factor.
DOMESTIC_ABUSE = frozenset({"3A", "3B", "3C"})
PARENTAL_MENTAL_HEALTH = frozenset({"4B"})
SUBSTANCE_MISUSE = frozenset({"1B", "1C", "2B", "2C"})
EXPLOITATION = frozenset({"11A", "12A", "13A", "24A"})

#: Every weight the configuration holds: key -> what it is for (the weights page shows these words).
FACTORS: dict[str, str] = {
    **{f"cp-plan-{code}": f"Child protection plan ({label})" for code, label in CP_CATEGORY_LABELS.items()},
    "looked-after": "Looked after",
    "cin-plan": "Child in need plan",
    "under-one": "Under one year old (or unborn)",
    "domestic-abuse": "Domestic abuse identified at assessment",
    "parental-mental-health": "Parent's or carer's mental health identified at assessment",
    "substance-misuse": "Alcohol or drug misuse by an adult identified at assessment",
    "exploitation": "Exploitation, trafficking or gangs identified at assessment",
    "each-other-child": "Each other child in the family",
    "recent-s47": "Section 47 enquiry started in the last 90 days",
    "new-cp-plan": "Child protection plan started in the last 90 days",
    "week-since-visit": "Each full week since the last visit (up to 8 weeks)",
    **{f"recorded-{kind}": f"Each {words} in the last 90 days" for kind, words in RECORDED_KINDS.items()},
}

MAX_WEIGHT = 100
MAX_VISIT_WEEKS = 8
RECENT_DAYS = 90

DEFAULT_WEIGHTS: dict[str, int] = {
    "cp-plan-NEG": 30,
    "cp-plan-PHY": 35,
    "cp-plan-SAB": 40,
    "cp-plan-EMO": 25,
    "cp-plan-MUL": 35,
    "looked-after": 20,
    "cin-plan": 10,
    "under-one": 15,
    "domestic-abuse": 15,
    "parental-mental-health": 10,
    "substance-misuse": 10,
    "exploitation": 20,
    "each-other-child": 3,
    "recent-s47": 15,
    "new-cp-plan": 10,
    "week-since-visit": 2,
    "recorded-police": 8,
    "recorded-hospital": 8,
    "recorded-missing": 10,
    "recorded-school-exclusion": 4,
    "recorded-housing": 5,
}

#: Episode kinds (cases.selectors.lists) a tier may name, and a case's weight names.
EPISODE_KINDS = {
    "cp-plan": "Child protection plan",
    "looked-after": "Looked after",
    "cin-plan": "Child in need plan",
    "assessment": "Assessment",
    "referral": "Open referral",
}

#: Tiers, most intensive first: the first that matches a child is theirs.
DEFAULT_TIERS: list[dict] = [
    {"name": "Intensive", "min_score": 80, "kinds": ["cp-plan"], "interval": 10},
    {"name": "Looked after", "min_score": None, "kinds": ["looked-after"], "interval": 30},
    {"name": "Enhanced", "min_score": 40, "kinds": [], "interval": 15},
    {"name": "Standard", "min_score": 0, "kinds": [], "interval": 20},
]

#: Points a case weighs by its most intensive open episode (a case also weighs a tenth of its score).
DEFAULT_EPISODE_WEIGHTS: dict[str, int] = {
    "cp-plan": 30,
    "looked-after": 25,
    "cin-plan": 15,
    "assessment": 10,
    "referral": 8,
}
DEFAULT_POINTS_PER_FTE = 400
SCORE_POINTS_DIVISOR = 10


# --- facts and scores ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What the record says about one child, as of one day."""

    cp_category: str | None = None  # latest category of an open child protection plan
    looked_after: bool = False
    cin_plan: bool = False
    under_one: bool = False
    assessment_factors: frozenset[str] = frozenset()
    children_in_family: int = 1
    recent_s47: bool = False
    new_cp_plan: bool = False
    weeks_since_visit: int | None = None  # None: never visited
    recorded: Mapping[str, int] = field(default_factory=dict)  # kind -> how many in the last 90 days


@dataclass(frozen=True)
class Reason:
    key: str
    sentence: str
    points: int

    def __str__(self) -> str:
        return self.sentence


@dataclass(frozen=True)
class Score:
    reasons: tuple[Reason, ...]

    @property
    def total(self) -> int:
        return sum(r.points for r in self.reasons)

    def sentences(self) -> list[str]:
        return [r.sentence for r in self.reasons]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@functools.lru_cache(maxsize=4096)
def _reason(key: str, words: str, points: int) -> Reason:
    """Remembered: a service's children share a few hundred reasons (a reason is immutable)."""
    return Reason(key, f"{words}: +{points}", points)


def score(facts: Facts, weights: Mapping[str, int]) -> Score:
    """The child's score: one reason per factor that applies and weighs something."""
    reasons: list[Reason] = []

    def add(key: str, words: str, times: int = 1):
        points = int(weights.get(key, 0)) * times
        if times > 0 and points > 0:
            reasons.append(_reason(key, words, points))

    if facts.cp_category:
        label = CP_CATEGORY_LABELS.get(facts.cp_category, facts.cp_category)
        add(f"cp-plan-{facts.cp_category}", f"Child protection plan ({label})")
    if facts.new_cp_plan:
        add("new-cp-plan", "Child protection plan started in the last 90 days")
    if facts.recent_s47:
        add("recent-s47", "Section 47 enquiry started in the last 90 days")
    if facts.looked_after:
        add("looked-after", "Looked after")
    if facts.cin_plan:
        add("cin-plan", "Child in need plan")
    if facts.under_one:
        add("under-one", "Under one year old")
    found = facts.assessment_factors
    if found & DOMESTIC_ABUSE:
        add("domestic-abuse", "Domestic abuse identified at assessment")
    if found & PARENTAL_MENTAL_HEALTH:
        add("parental-mental-health", "Parent's or carer's mental health identified at assessment")
    if found & SUBSTANCE_MISUSE:
        add("substance-misuse", "Alcohol or drug misuse by an adult identified at assessment")
    if found & EXPLOITATION:
        add("exploitation", "Exploitation, trafficking or gangs identified at assessment")
    others = max(facts.children_in_family - 1, 0)
    if others:
        words = "1 other child" if others == 1 else f"{others} other children"
        add("each-other-child", f"{words} in the family", others)
    for kind, words in RECORDED_KINDS.items():
        count = int(facts.recorded.get(kind, 0))
        if count:
            add(f"recorded-{kind}", f"{_plural(count, words)} recorded in the last 90 days", count)
    if facts.weeks_since_visit is None:
        add("week-since-visit", "No visit recorded (counted as 8 weeks)", MAX_VISIT_WEEKS)
    else:
        weeks = min(facts.weeks_since_visit, MAX_VISIT_WEEKS)
        if weeks:
            add("week-since-visit", f"{_plural(weeks, 'week')} since the last visit", weeks)
    return Score(tuple(reasons))


def family_score(child_scores: Iterable[Score]) -> Score:
    """A family's score is the score of its child in most need: the same reasons, the same sum."""
    best = max(child_scores, key=lambda s: s.total, default=None)
    return best if best is not None else Score(())


# --- tiers and case weights ----------------------------------------------------------------------


@dataclass(frozen=True)
class Tier:
    name: str
    interval: int  # working days between visits
    min_score: int | None = None
    kinds: tuple[str, ...] = ()
    rank: int = 0  # 0 is the most intensive

    def matches(self, total: int, kinds: Iterable[str]) -> bool:
        if self.min_score is not None and total >= self.min_score:
            return True
        return bool(set(self.kinds) & set(kinds))

    def rule_in_words(self) -> str:
        parts = []
        if self.kinds:
            parts.append(" or ".join(EPISODE_KINDS.get(k, k).lower() for k in self.kinds))
        if self.min_score is not None:
            parts.append("any score" if self.min_score == 0 else f"a score of {self.min_score} or more")
        return (" or ".join(parts) or "no rule").capitalize()


def tiers_from(config: list[dict]) -> list[Tier]:
    return [
        Tier(
            name=t["name"],
            interval=int(t["interval"]),
            min_score=None if t.get("min_score") in (None, "") else int(t["min_score"]),
            kinds=tuple(t.get("kinds") or ()),
            rank=rank,
        )
        for rank, t in enumerate(config)
    ]


def tier_for(total: int, kinds: Iterable[str], tiers: list[Tier]) -> Tier | None:
    kinds = frozenset(kinds)
    for tier in tiers:
        if tier.matches(total, kinds):
            return tier
    return None


KIND_ORDER = ("cp-plan", "looked-after", "cin-plan", "assessment", "referral")


def case_weight(total: int, kinds: Iterable[str], episode_weights: Mapping[str, int]) -> int:
    """Points a case adds to a caseload: its most intensive open episode's points plus a tenth of its
    score (rounded down). A child with no open episode weighs nothing."""
    kinds = frozenset(kinds)
    episode = next((int(episode_weights.get(k, 0)) for k in KIND_ORDER if k in kinds), None)
    if episode is None:
        return 0
    return episode + total // SCORE_POINTS_DIVISOR
