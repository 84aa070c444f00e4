"""Indicators of characteristic 1: teamwork and reflection.

A case is a child with an open episode of help (a referral not closed) or an open looked-after episode on
the day. The unit is the one that held the child's case on the day (the allocation history), so a past
day's figure reads the units as they were then.

A child counts as discussed when they were on the agenda of one of the unit's meetings (a weekly unit
meeting or an ad hoc discussion) held in the 8 weeks to the day and the unit marked them discussed or
wrote something down (a hypothesis, an alternative, a decision). Marking a discussion done needs an
alternative hypothesis, so the second indicator tells apart the discussions finished with one from those
where only part was written.
"""

from __future__ import annotations

import datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse

from hearth.cases.models import Allocation, LookedAfterEpisode, Referral
from hearth.core.presenters import date_in_words
from hearth.meetings.models import Discussion, DiscussionStatus, Meeting
from hearth.people.models import Child

from .base import (
    EVIDENCE_LIMIT,
    Direction,
    Evidence,
    EvidenceRow,
    Indicator,
    Kind,
    Measure,
    day_end,
    no_data,
    share,
    window_start,
)
from .registry import register

#: Cases discussed in the unit's meetings held in this many days to the day (8 weeks).
MEETING_DAYS = 56


def held_on(as_of: datetime.date):
    """Allocations that held a case at the end of `as_of`."""
    end = day_end(as_of)
    return Allocation.objects.filter(started_at__lt=end).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=end)
    )


def open_on(as_of: datetime.date) -> Q:
    """The allocation's child had an open episode of help or looked-after episode on `as_of`."""
    referral = Referral.objects.filter(child=OuterRef("child_id"), cin_referral_date__lte=as_of).filter(
        Q(cin_closure_date__isnull=True) | Q(cin_closure_date__gt=as_of)
    )
    looked_after = LookedAfterEpisode.objects.filter(child=OuterRef("child_id"), decom__lte=as_of).filter(
        Q(dec__isnull=True) | Q(dec__gt=as_of)
    )
    return Q(Exists(referral)) | Q(Exists(looked_after))


def open_cases(unit_ids, as_of: datetime.date) -> set[tuple[int, int]]:
    """(unit id, child id) of the cases each unit held on the day. One query."""
    return set(
        held_on(as_of)
        .filter(unit_id__in=list(unit_ids))
        .filter(open_on(as_of))
        .order_by()
        .values_list("unit_id", "child_id")
    )


def discussed(unit_ids, as_of: datetime.date) -> dict[tuple[int, int], tuple[bool, datetime.date]]:
    """{(unit id, child id): (an alternative hypothesis written, the last meeting)} for the children
    discussed in each unit's meetings in the 8 weeks. One query."""
    found: dict[tuple[int, int], tuple[bool, datetime.date]] = {}
    rows = (
        Discussion.objects.filter(
            meeting__unit_id__in=list(unit_ids),
            meeting__held_on__gte=window_start(as_of, MEETING_DAYS),
            meeting__held_on__lte=as_of,
        )
        .filter(
            Q(status=DiscussionStatus.DISCUSSED)
            | ~Q(hypothesis="")
            | ~Q(decision="")
            | Q(alternatives__0__isnull=False)
        )
        .annotate(
            alternative=ExpressionWrapper(Q(alternatives__0__isnull=False), output_field=BooleanField())
        )
        .order_by()
        .values_list("meeting__unit_id", "child_id", "alternative", "meeting__held_on")
    )
    for unit_id, child_id, alternative, held in rows:
        before = found.get((unit_id, child_id))
        if before:
            alternative, held = alternative or before[0], max(held, before[1])
        found[(unit_id, child_id)] = (bool(alternative), held)
    return found


def units_with_meetings(unit_ids, as_of: datetime.date) -> set[int]:
    """Units that held a meeting (regular or ad hoc) in the 8 weeks to the day. One query."""
    return set(
        Meeting.objects.filter(
            unit_id__in=list(unit_ids), held_on__gte=window_start(as_of, MEETING_DAYS), held_on__lte=as_of
        )
        .order_by()
        .values_list("unit_id", flat=True)
        .distinct()
    )


def case_counts(unit_ids, as_of: datetime.date) -> dict[int, dict]:
    """Per unit: open cases, cases discussed, and of those discussed with an alternative. Two queries."""
    talks = discussed(unit_ids, as_of)
    counts = {unit_id: {"cases": 0, "discussed": 0, "alternative": 0} for unit_id in unit_ids}
    for case in open_cases(unit_ids, as_of):
        row = counts[case[0]]
        row["cases"] += 1
        if case in talks:
            row["discussed"] += 1
            row["alternative"] += talks[case][0]
    return counts


def _case_rows(user, unit, as_of: datetime.date, *, only_discussed: bool = False) -> Evidence:
    """Evidence rows of the unit's open cases on the day: the child, whether and when last discussed,
    and whether an alternative hypothesis was written. Three queries."""
    talks = discussed([unit.pk], as_of)
    children = {child_id for _, child_id in open_cases([unit.pk], as_of)}
    if only_discussed:
        children = {c for c in children if (unit.pk, c) in talks}
    visible = list(
        Child.objects.visible_to(user)
        .filter(pk__in=list(children))
        .only("pk", "first_name", "last_name")
        .order_by("last_name", "first_name", "pk")
    )
    shown = visible[:EVIDENCE_LIMIT]
    rows = []
    for child in shown:
        talk = talks.get((unit.pk, child.pk))
        rows.append(
            EvidenceRow(
                (
                    f"{child.first_name} {child.last_name}",
                    "Yes" if talk else "No",
                    date_in_words(talk[1]) if talk else "",
                    ("Yes" if talk[0] else "No") if talk else "",
                ),
                url=reverse("people:child", args=[child.pk]),
            )
        )
    return Evidence(
        columns=("Child", "Discussed in the 8 weeks", "Last meeting", "Alternative hypothesis written"),
        rows=rows,
        total=len(visible),
        hidden=len(children) - len(visible),
        child_ids=[c.pk for c in shown],
        links=[("The unit's meetings", reverse("meetings:unit-meetings", args=[unit.code]))],
    )


@register
class CasesDiscussed(Indicator):
    key = "c1-discussed"
    characteristic = "c1"
    title = "Open cases discussed in a unit meeting"
    definition = (
        "Of the cases the unit held on the day (children with an open episode of help or looked-after "
        "episode), the share discussed in one of the unit's meetings, weekly or ad hoc, held in the 8 "
        "weeks to the day: marked discussed, or with a hypothesis, an alternative or a decision written. "
        "The unit is the "
        "one that held the case on the day. Not enough data when the unit held no meeting in the 8 weeks."
    )
    formula = "open cases discussed in a unit meeting in the 8 weeks ÷ open cases on the day × 100"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 50
    concern = 25
    source = (
        "Hearth default: with a weekly meeting discussing several families, a unit reaches at least half "
        "its cases in 8 weeks (no national figure exists)"
    )
    minimum_sample = 5

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        met = units_with_meetings(unit_ids, as_of)
        counts = case_counts(unit_ids, as_of)
        result = {}
        for unit_id in unit_ids:
            row = counts[unit_id]
            if unit_id not in met:
                result[unit_id] = no_data("No unit meeting recorded in the 8 weeks")
                continue
            if not row["cases"]:
                result[unit_id] = no_data("No open cases on the day")
                continue
            result[unit_id] = share(
                row["discussed"], row["cases"], minimum=self.minimum_sample, of_what="open cases"
            )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        return _case_rows(user, unit, as_of)


@register
class AlternativeHypotheses(Indicator):
    key = "c1-alternatives"
    characteristic = "c1"
    title = "Discussions with an alternative hypothesis"
    definition = (
        "Of the open cases discussed in one of the unit's meetings in the 8 weeks to the day (as in "
        "'Open cases discussed in a unit meeting'), the share where the unit wrote at least one "
        "alternative hypothesis about the family in one of those discussions. Not enough data when the "
        "unit held no meeting in the 8 weeks."
    )
    formula = "discussed cases with an alternative hypothesis written ÷ discussed cases × 100"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 90
    concern = 70
    source = (
        "Hearth default: systemic practice asks for an alternative to every current hypothesis "
        "(no national figure exists)"
    )
    minimum_sample = 5

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        met = units_with_meetings(unit_ids, as_of)
        counts = case_counts(unit_ids, as_of)
        result = {}
        for unit_id in unit_ids:
            row = counts[unit_id]
            if unit_id not in met:
                result[unit_id] = no_data("No unit meeting recorded in the 8 weeks")
            elif not row["discussed"]:
                result[unit_id] = no_data("No open cases discussed in the 8 weeks")
            else:
                result[unit_id] = share(
                    row["alternative"],
                    row["discussed"],
                    minimum=self.minimum_sample,
                    of_what="open cases discussed",
                )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        return _case_rows(user, unit, as_of, only_discussed=True)
