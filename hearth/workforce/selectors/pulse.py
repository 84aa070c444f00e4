"""Reads for the wellbeing pulse: the open round, and results only for groups of at least five.

Every result goes through `privacy.protect_tree` (units, service areas, the authority) or
`privacy.protect` (groups of a protected characteristic): a group under five is never shown, and
never left to be worked out from the others.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from hearth.core.extensions import WorkItem

from ..codes import CHARACTERISTICS, PULSE_STATEMENTS, Discrimination, PullFactor, PushFactor, group_label
from ..models import PulseParticipation, PulseResponse, PulseRound, PulseTally
from ..privacy import Group, protect, protect_tree, visible_groups
from .scopes import Organisation, managed_areas

AGREE = 4  # 4 (agree) or 5 (strongly agree)
TOP_FACTORS = 3


def open_round(today=None) -> PulseRound | None:
    today = today or timezone.localdate()
    return PulseRound.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by("-opens_on").first()


def has_answered(user, pulse_round) -> bool:
    return PulseParticipation.objects.filter(round=pulse_round, user=user).exists()


def pulse_work_items(user, today):
    """My work: "answer this round's pulse" until the person has answered it (one query)."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("workforce.answer_pulse"):
        return []
    answered = PulseParticipation.objects.filter(round=OuterRef("pk"), user=user)
    pulse_round = (
        PulseRound.objects.filter(opens_on__lte=today, closes_on__gte=today)
        .annotate(answered=Exists(answered))
        .order_by("-opens_on")
        .first()
    )
    if pulse_round is None or pulse_round.answered:
        return []
    return [
        WorkItem(
            kind="Wellbeing pulse",
            title=f"Tell us how work is going ({pulse_round.title})",
            url=reverse("workforce:pulse"),
            due=pulse_round.closes_on,
            about="Anonymous: 2 minutes",
        )
    ]


def rounds_with_responses():
    return list(PulseRound.objects.order_by("-opens_on", "-pk"))


# --- results ----------------------------------------------------------------------------------------


@dataclass
class Tally:
    """What a set of responses said, as sums (added up for a group of cells)."""

    respondents: int = 0
    agree: Counter = field(default_factory=Counter)  # statement -> people who agreed
    discrimination: int = 0  # people who said yes
    push: Counter = field(default_factory=Counter)
    pull: Counter = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        self.respondents += other.respondents
        self.agree.update(other.agree)
        self.discrimination += other.discrimination
        self.push.update(other.push)
        self.pull.update(other.pull)

    def percent(self, count: int) -> float | None:
        return round(100 * count / self.respondents, 1) if self.respondents else None

    def measure(self, key: str) -> float | None:
        """A statement's % agreeing, or for "discrimination" the % who experienced it."""
        if key == "discrimination":
            return self.percent(self.discrimination)
        return self.percent(self.agree[key])


def tally_cells(pulse_rounds) -> dict:
    """{round id: {(area, unit): Tally}} from the responses of these rounds (one query)."""
    result: dict = {}
    rows = PulseResponse.objects.filter(round__in=pulse_rounds).values_list(
        "round_id",
        "service_area_id",
        "unit_id",
        "workload",
        "support",
        "safe_to_discuss",
        "intention_to_stay",
        "discrimination",
        "push_factors",
        "pull_factors",
    )
    for round_id, area, unit, workload, support, safe, stay, discrimination, push, pull in rows:
        tally = result.setdefault(round_id, {}).setdefault((area, unit), Tally())
        tally.respondents += 1
        for key, value in (
            ("workload", workload),
            ("support", support),
            ("safe_to_discuss", safe),
            ("intention_to_stay", stay),
        ):
            if value >= AGREE:
                tally.agree[key] += 1
        tally.discrimination += discrimination == Discrimination.YES
        tally.push.update(push or [])
        tally.pull.update(pull or [])
    return result


def group_tally(group: Group, cells: dict) -> Tally:
    total = Tally()
    for cell in group.cells:
        if cell in cells:
            total.add(cells[cell])
    return total


@dataclass
class ResultRow:
    label: str
    level: str  # "authority", "area", "unit"
    respondents: int
    measures: list[str]
    top_push: list[str]
    top_pull: list[str]


def _percent_text(value) -> str:
    return "No data" if value is None else f"{value:.0f}%"


def _top(counter: Counter, labels, respondents: int) -> list[str]:
    return [
        f"{labels(code).label} ({round(100 * n / respondents)}%)"
        for code, n in counter.most_common(TOP_FACTORS)
        if n and code in labels.values
    ]


MEASURE_KEYS = [key for key, _, _ in PULSE_STATEMENTS] + ["discrimination"]
MEASURE_LABELS = [label for _, _, label in PULSE_STATEMENTS] + ["Experienced discrimination or racism"]


def group_label_for(group: Group, org: Organisation) -> tuple[str, str]:
    if group.kind == "authority":
        return "Whole authority", "authority"
    if group.kind == "area":
        return org.area_label(group.key), "area"
    if group.kind == "other-areas":
        return "Other service areas together (each too small to show)", "area"
    if group.kind == "other-units":
        return f"Other units of {org.area_label(group.key)} together (each too small to show)", "unit"
    if group.key is None:
        return f"Managers of {org.area_label(group.area_id)} (not in a unit)", "unit"
    return org.unit_label(group.key), "unit"


def viewer_groups(user, tree, org: Organisation, whole: bool) -> list[Group]:
    return visible_groups(
        tree, whole_authority=whole, unit_ids=user.managed_unit_ids, area_ids=managed_areas(user, org)
    )


def round_results(user, pulse_round: PulseRound, org: Organisation, *, whole: bool) -> dict:
    """Results of a round for every group this person may see (each of at least five people)."""
    cells = tally_cells([pulse_round]).get(pulse_round.pk, {})
    tree = protect_tree({cell: t.respondents for cell, t in cells.items()})
    rows = []
    for group in viewer_groups(user, tree, org, whole):
        tally = group_tally(group, cells)
        label, level = group_label_for(group, org)
        rows.append(
            ResultRow(
                label,
                level,
                tally.respondents,
                [_percent_text(tally.measure(key)) for key in MEASURE_KEYS],
                _top(tally.push, PushFactor, tally.respondents),
                _top(tally.pull, PullFactor, tally.respondents),
            )
        )
    respondents = sum(t.respondents for t in cells.values())
    return {"rows": rows, "respondents": respondents if whole else None, "hidden_all": not rows}


def trend(pulse_rounds: list[PulseRound]) -> list[dict]:
    """The whole authority's results round by round (rounds with fewer than five answers show nothing)."""
    cells_by_round = tally_cells(pulse_rounds)
    result = []
    for pulse_round in sorted(pulse_rounds, key=lambda r: r.opens_on):
        cells = cells_by_round.get(pulse_round.pk, {})
        tree = protect_tree({cell: t.respondents for cell, t in cells.items()})
        if tree.authority is None:
            result.append({"round": pulse_round, "respondents": None, "measures": None})
            continue
        tally = group_tally(tree.authority, cells)
        result.append(
            {
                "round": pulse_round,
                "respondents": tally.respondents,
                "measures": [tally.measure(key) for key in MEASURE_KEYS],
            }
        )
    return result


# --- by protected characteristic (from tallies) --------------------------------------------------------


@dataclass
class CharacteristicRow:
    label: str
    respondents: int
    measures: list[str]


def characteristic_results(pulse_round: PulseRound) -> list[dict]:
    """For each characteristic, pulse results by group, groups under five merged (one query)."""
    counts: dict = {}
    for characteristic, group, question, answer, count in PulseTally.objects.filter(
        round=pulse_round
    ).values_list("characteristic", "group", "question", "answer", "count"):
        counts.setdefault(characteristic, {}).setdefault(group, Counter())[(question, answer)] += count
    sections = []
    for name, heading, choices in CHARACTERISTICS:
        groups = counts.get(name, {})
        respondents = {g: c[("respondents", "")] for g, c in groups.items()}
        breakdown = protect(respondents)
        rows = []
        for group in breakdown.shown:
            rows.append(_characteristic_row(group_label(choices, group), [groups[group]], respondents[group]))
        if breakdown.merged:
            rows.append(
                _characteristic_row(
                    "Other groups together (each too small to show)",
                    [groups[g] for g in breakdown.merged],
                    breakdown.merged_size,
                )
            )
        sections.append({"heading": heading, "rows": rows, "total": breakdown.total})
    return sections


def _characteristic_row(label: str, counters: list[Counter], respondents: int) -> CharacteristicRow:
    combined = Counter()
    for counter in counters:
        combined.update(counter)
    measures = []
    for key in MEASURE_KEYS:
        if key == "discrimination":
            count = combined[("discrimination", Discrimination.YES)]
        else:
            count = combined[(key, "4")] + combined[(key, "5")]
        measures.append(_percent_text(round(100 * count / respondents, 1) if respondents else None))
    return CharacteristicRow(label, respondents, measures)


# --- comments ----------------------------------------------------------------------------------------


def comments(pulse_round: PulseRound, org: Organisation) -> list[dict]:
    """Comments (names already taken out) by service area, for areas of at least five respondents;
    smaller areas together. Never by unit. For the workforce lead only (the view checks)."""
    rows = list(
        PulseResponse.objects.filter(round=pulse_round).values_list("service_area_id", "unit_id", "comment")
    )
    respondents = Counter((area, unit) for area, unit, _ in rows)
    tree = protect_tree(respondents)
    sections = []
    groups = tree.areas or ([tree.authority] if tree.authority else [])
    for group in groups:
        label, _ = group_label_for(group, org)
        areas = {cell[0] for cell in group.cells}
        texts = sorted(text for area, _, text in rows if area in areas and text)
        sections.append({"label": label, "respondents": group.size, "comments": texts})
    return sections
