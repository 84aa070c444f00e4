"""Reads for equality, diversity and inclusion: groups of a protected characteristic compared on grade,
progression and leaving, only for groups of at least five (privacy.protect).

A group's size is the number of employed staff in post at any time in the last 12 months. Counts of
events that can be tied to known people (who is senior, who was promoted, who left) are protected as
groups of their own: a rate is shown only where at least five people are behind it, with the same
merging, so that nobody's characteristic can be read off a small number.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .. import figures as f
from ..codes import CHARACTERISTICS, EMPLOYED, NOT_GIVEN, SENIOR_GRADES, group_label
from ..models import StaffRecord
from ..privacy import protect

PROMOTION_YEARS = 2


@dataclass(frozen=True)
class Person:
    groups: dict
    in_post: bool
    senior: bool
    promoted: bool
    left: bool


def people(today=None) -> list[Person]:
    """Employed staff in post at any time in the last 12 months, with their shared characteristics."""
    today = today or timezone.localdate()
    window = f.year_before(today)
    promoted_since = today - datetime.timedelta(days=365 * PROMOTION_YEARS)
    names = [name for name, _, _ in CHARACTERISTICS]
    rows = (
        StaffRecord.objects.filter(contract__in=EMPLOYED, started_on__lte=today)
        .exclude(left_on__lte=window)
        .values_list("grade", "last_promoted_on", "left_on", *[f"user__equality__{n}" for n in names])
    )
    result = []
    for grade, promoted_on, left_on, *values in rows:
        in_post = left_on is None or left_on > today
        result.append(
            Person(
                groups={n: (v or NOT_GIVEN) for n, v in zip(names, values, strict=True)},
                in_post=in_post,
                senior=in_post and grade in SENIOR_GRADES,
                promoted=in_post and promoted_on is not None and promoted_on >= promoted_since,
                left=left_on is not None and window < left_on <= today,
            )
        )
    return result


@dataclass
class Row:
    label: str
    size: int
    senior: str
    promoted: str
    left: str


TOO_FEW = "Too few to show"


def _rate(numerators: dict, denominators: dict) -> dict:
    """{group: text} for one measure: a rate where the count behind it is shown (privacy.protect with
    zero counted as small), "Too few to show" elsewhere; the merged groups' rate under key None."""
    breakdown = protect(numerators, zero_is_small=True)
    texts = {g: TOO_FEW for g in numerators}
    for g in breakdown.shown:
        texts[g] = f"{100 * numerators[g] / denominators[g]:.0f}%" if denominators[g] else TOO_FEW
    if breakdown.merged and breakdown.total_shown:
        merged_denominator = sum(denominators[g] for g in breakdown.merged)
        texts[None] = (
            f"{100 * breakdown.merged_size / merged_denominator:.0f}%" if merged_denominator else TOO_FEW
        )
    return texts


def comparison(today=None) -> list[dict]:
    staff = people(today)
    sections = []
    for name, heading, choices in CHARACTERISTICS:
        members: dict[str, list[Person]] = {}
        for person in staff:
            members.setdefault(person.groups[name], []).append(person)
        breakdown = protect({g: len(ps) for g, ps in members.items()})
        groups = {g: members[g] for g in breakdown.shown}
        if breakdown.merged:
            groups["__other__"] = [p for g in breakdown.merged for p in members[g]]
        in_post = {g: sum(p.in_post for p in ps) for g, ps in groups.items()}
        everyone = {g: len(ps) for g, ps in groups.items()}
        senior = _rate({g: sum(p.senior for p in ps) for g, ps in groups.items()}, in_post)
        promoted = _rate({g: sum(p.promoted for p in ps) for g, ps in groups.items()}, in_post)
        left = _rate({g: sum(p.left for p in ps) for g, ps in groups.items()}, everyone)
        rows = [
            Row(
                "Other groups together (each too small to show)"
                if g == "__other__"
                else group_label(choices, g),
                everyone[g],
                senior[g],
                promoted[g],
                left[g],
            )
            for g in groups
        ]
        merged_rates = {
            k: v.get(None) for k, v in (("senior", senior), ("promoted", promoted), ("left", left))
        }
        sections.append(
            {
                "heading": heading,
                "rows": rows,
                "total": breakdown.total,
                "shown": breakdown.total_shown,
                "merged_rates": {k: v for k, v in merged_rates.items() if v},
            }
        )
    return sections
