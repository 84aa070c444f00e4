"""Reads for the retention strategy: the strongest push factors by unit and service area, the actions
taken against them, and whether the figures moved after each action started.

Push and pull factors come from three places: reasons for leaving (each mapped to a push factor),
exit interviews and stay conversations (each naming factors), in the last 12 months; and the themes
people ticked in the latest pulse round. A group's factors are shown only when at least five people
are behind them (privacy.protect_tree), whatever the viewer's role.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from .. import figures as f
from ..codes import LEAVING_REASON_PUSH, PUSH_PULSE_MEASURE, FactorKind, PullFactor, PushFactor
from ..models import ConversationFactor, PulseRound, RetentionAction, StaffRecord
from ..privacy import protect_tree
from . import figures as figure_selectors
from .pulse import MEASURE_KEYS, MEASURE_LABELS, group_label_for, group_tally, tally_cells, viewer_groups
from .scopes import Organisation

TOP = 3


@dataclass
class FactorTally:
    people: set = field(default_factory=set)
    push: dict = field(default_factory=dict)  # factor -> set of people
    pull: dict = field(default_factory=dict)


def factor_cells(org: Organisation, today=None) -> dict:
    """{(area, unit): FactorTally} from leavers and conversations of the last 12 months (two queries)."""
    today = today or timezone.localdate()
    window = f.year_before(today)
    cells: dict = {}

    def tally(unit_id) -> FactorTally:
        return cells.setdefault(org.cell(unit_id) if unit_id is not None else (None, None), FactorTally())

    leavers = StaffRecord.objects.filter(left_on__gt=window, left_on__lte=today).exclude(leaving_reason="")
    for staff_id, unit_id, reason in leavers.values_list("pk", "unit_id", "leaving_reason"):
        push = LEAVING_REASON_PUSH.get(reason)
        if push is None:
            continue
        t = tally(unit_id)
        t.people.add(staff_id)
        t.push.setdefault(push, set()).add(staff_id)
    mentions = ConversationFactor.objects.filter(
        conversation__held_on__gt=window, conversation__held_on__lte=today
    ).values_list("conversation__staff_id", "conversation__staff__unit_id", "kind", "factor")
    for staff_id, unit_id, kind, factor in mentions:
        t = tally(unit_id)
        t.people.add(staff_id)
        (t.push if kind == FactorKind.PUSH else t.pull).setdefault(factor, set()).add(staff_id)
    return cells


def _top(counts: Counter, choices, people: int) -> list[str]:
    return [
        f"{choices(code).label} ({round(100 * n / people)}%)"
        for code, n in counts.most_common(TOP)
        if n and code in choices.values
    ]


@dataclass
class FactorRow:
    label: str
    level: str
    people: int
    push: list[str]
    pull: list[str]


def strongest_factors(user, org: Organisation, *, whole: bool, today=None) -> list[FactorRow]:
    cells = factor_cells(org, today)
    tree = protect_tree({cell: len(t.people) for cell, t in cells.items()})
    rows = []
    for group in viewer_groups(user, tree, org, whole):
        push, pull, people = Counter(), Counter(), set()
        for cell in group.cells:
            t = cells.get(cell)
            if t is None:
                continue
            people |= t.people
            for factor, who in t.push.items():
                push[factor] += len(who)
            for factor, who in t.pull.items():
                pull[factor] += len(who)
        label, level = group_label_for(group, org)
        rows.append(
            FactorRow(
                label,
                level,
                len(people),
                _top(push, PushFactor, len(people)),
                _top(pull, PullFactor, len(people)),
            )
        )
    return rows


def latest_round(today=None) -> PulseRound | None:
    """The latest round that has closed, or is open, with answers in it."""
    today = today or timezone.localdate()
    return (
        PulseRound.objects.filter(opens_on__lte=today, responses__isnull=False).order_by("-opens_on").first()
    )


def pulse_factors(user, org: Organisation, pulse_round: PulseRound | None, *, whole: bool) -> list[FactorRow]:
    if pulse_round is None:
        return []
    cells = tally_cells([pulse_round]).get(pulse_round.pk, {})
    tree = protect_tree({cell: t.respondents for cell, t in cells.items()})
    rows = []
    for group in viewer_groups(user, tree, org, whole):
        t = group_tally(group, cells)
        label, level = group_label_for(group, org)
        rows.append(
            FactorRow(
                label,
                level,
                t.respondents,
                _top(t.push, PushFactor, t.respondents),
                _top(t.pull, PullFactor, t.respondents),
            )
        )
    return rows


# --- actions and whether the figures moved --------------------------------------------------------------


@dataclass
class Movement:
    name: str
    before: str
    now: str
    direction: str  # "better", "worse", "no change" or ""


@dataclass
class ActionRow:
    action: RetentionAction
    where: str
    movements: list[Movement]


def actions_in_reach(user, org: Organisation, *, whole: bool):
    actions = RetentionAction.objects.select_related("unit", "service_area").order_by("-started_on", "pk")
    if whole:
        return list(actions)
    managed = user.managed_unit_ids
    return [
        a
        for a in actions
        if (a.unit_id and a.unit_id in managed)
        or (
            a.unit_id is None
            and a.service_area_id
            and set(org.units_of(a.service_area_id)) <= managed
            and org.units_of(a.service_area_id)
        )
    ]


def _action_units(action: RetentionAction, org: Organisation):
    if action.unit_id:
        return frozenset({action.unit_id}), ("unit", action.unit_id, org.area_of(action.unit_id))
    if action.service_area_id:
        return frozenset(org.units_of(action.service_area_id)), ("area", action.service_area_id, None)
    return frozenset([*org.units, None]), ("authority", None, None)


def _direction(before, now, lower_is_better: bool) -> str:
    if before is None or now is None:
        return ""
    if abs(now - before) < 0.05:
        return "no change"
    return "better" if (now < before) == lower_is_better else "worse"


def action_rows(actions: list[RetentionAction], org: Organisation, today=None) -> list[ActionRow]:
    """Each action with turnover, vacancy and agency on the day it started and today, and the pulse
    statement its push factor shows in, in the round before it started and the latest round."""
    if not actions:
        return []
    today = today or timezone.localdate()
    starts = sorted({a.started_on for a in actions if a.started_on <= today})
    points = [*starts, today]
    by_unit = figure_selectors.components(points)
    rounds = list(PulseRound.objects.filter(opens_on__lte=today).order_by("opens_on"))
    cells_by_round = tally_cells(rounds)
    trees = {
        r.pk: protect_tree({c: t.respondents for c, t in cells_by_round.get(r.pk, {}).items()})
        for r in rounds
    }
    rows = []
    for action in actions:
        unit_ids, group_key = _action_units(action, org)
        sums = f.total(by_unit, unit_ids, len(points))
        then = sums[points.index(action.started_on)] if action.started_on in points[:-1] else None
        now = sums[-1]
        movements = []
        for key, name, unit, _ in f.MEASURES[:3]:
            before_value = getattr(then, key) if then else None
            now_value = getattr(now, key)
            movements.append(
                Movement(
                    name,
                    figure_selectors.format_value(before_value, unit) if then else "Not started yet",
                    figure_selectors.format_value(now_value, unit),
                    _direction(before_value, now_value, True),
                )
            )
        movements.append(_pulse_movement(action, rounds, trees, cells_by_round, group_key))
        where = (
            action.unit.name
            if action.unit_id
            else action.service_area.name
            if action.service_area_id
            else "Whole authority"
        )
        rows.append(ActionRow(action, where, movements))
    return rows


def _pulse_movement(action, rounds, trees, cells_by_round, group_key) -> Movement:
    measure = PUSH_PULSE_MEASURE.get(action.push_factor, "intention_to_stay")
    name = f"Pulse: {MEASURE_LABELS[MEASURE_KEYS.index(measure)].lower()}"
    before = [r for r in rounds if r.closes_on < action.started_on]
    after = [r for r in rounds if r.opens_on >= action.started_on]

    def value(pulse_round):
        if pulse_round is None:
            return None
        group = trees[pulse_round.pk].find(*group_key)
        if group is None:
            return None
        return group_tally(group, cells_by_round.get(pulse_round.pk, {})).measure(measure)

    before_value = value(before[-1] if before else None)
    now_value = value(after[-1] if after else None)
    text = lambda v: "Fewer than 5 answers or no round" if v is None else f"{v:.0f}%"  # noqa: E731
    return Movement(
        name,
        text(before_value),
        text(now_value),
        _direction(before_value, now_value, lower_is_better=measure == "discrimination"),
    )
