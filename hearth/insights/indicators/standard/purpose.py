"""Indicators of Employer Standard 1, S1.1: a purpose and vision made by co-design."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from hearth.core.presenters import date_in_words
from hearth.framework.models import CoDesignRound, Participant, RoundStatus
from hearth.organisation.models import Membership

from ..base import (
    SCOPE_AUTHORITY,
    Direction,
    Evidence,
    Indicator,
    Kind,
    Measure,
    day_end,
    no_data,
    share,
)
from ..registry import register
from ._common import YEAR_DAYS

# --- S1.1 purpose and vision by co-design -----------------------------------------------------------


def _latest_closed_round(as_of: datetime.date) -> CoDesignRound | None:
    """The latest co-design round closed to ideas on or before the day (its taking part is final)."""
    return (
        CoDesignRound.objects.filter(
            status__in=[RoundStatus.CLOSED, RoundStatus.PUBLISHED], closed_at__lt=day_end(as_of)
        )
        .order_by("-closed_at", "-id")
        .first()
    )


def _latest_published_round(as_of: datetime.date) -> CoDesignRound | None:
    return (
        CoDesignRound.objects.filter(status=RoundStatus.PUBLISHED, published_at__lt=day_end(as_of))
        .order_by("-published_at", "-id")
        .first()
    )


@register
class StaffInCoDesign(Indicator):
    key = "s-purpose-staff-part"
    characteristic = "s-purpose"
    title = "Staff who took part in co-designing the purpose and vision"
    definition = (
        "Of the people who were members of the unit on the day the latest co-design round of the purpose "
        "and vision closed (closed on or before the day), the share who took part in it: added an idea, "
        "commented or supported one. Taking part is counted, never named, and says nothing about which "
        "ideas were theirs. No round closed by the day: no figure."
    )
    formula = "unit members who took part in the latest closed round ÷ unit members when it closed × 100"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 50
    concern = 25
    source = "Hearth default: at least half of each unit's staff help write the purpose and vision"
    minimum_sample = 3

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        round_ = _latest_closed_round(as_of)
        if round_ is None:
            return {u: no_data("No co-design round closed by the day") for u in unit_ids}
        closed_on = timezone.localdate(round_.closed_at)
        took_part = Participant.objects.filter(round=round_, user=OuterRef("user_id"))
        counts = {
            row["unit_id"]: row
            for row in Membership.objects.current(on=closed_on)
            .filter(unit_id__in=list(unit_ids))
            .values("unit_id")
            .annotate(
                members=Count("user_id", distinct=True),
                part_n=Count("user_id", distinct=True, filter=Q(Exists(took_part))),
            )
            .order_by()
        }
        result = {}
        for unit_id in unit_ids:
            row = counts.get(unit_id, {})
            result[unit_id] = share(
                row.get("part_n", 0),
                row.get("members", 0),
                minimum=self.minimum_sample,
                of_what=f"members of the unit when '{round_.title}' closed",
            )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        round_ = _latest_closed_round(as_of)
        links = [("Co-design rounds", reverse("framework:rounds"))]
        if round_ is not None:
            links.insert(0, (round_.title, reverse("framework:round", args=[round_.pk])))
        return Evidence(
            note=(
                "Who took part is counted, never shown: ideas are equal and may be anonymous, so no "
                "names are listed."
            ),
            links=links,
        )


@register
class PurposeStatementAge(Indicator):
    key = "s-purpose-published"
    characteristic = "s-purpose"
    title = "Days since the purpose and vision was published"
    definition = (
        "Days from the publishing of the latest purpose and vision statement made by co-design to the "
        "day. None published by the day: no figure."
    )
    formula = "the day − the day the latest co-designed statement was published"
    kind = Kind.DAYS
    direction = Direction.LOWER
    good = 3 * YEAR_DAYS
    concern = 4 * YEAR_DAYS
    source = "Hearth default: renew the purpose and vision with the people it serves at least every 3 years"
    minimum_sample = 1
    scope = SCOPE_AUTHORITY

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        round_ = _latest_published_round(as_of)
        if round_ is None:
            return {0: no_data("No purpose and vision statement published by the day")}
        published = timezone.localdate(round_.published_at)
        days = (as_of - published).days
        return {
            0: Measure(float(days), sample=1, note=f"'{round_.title}' published {date_in_words(published)}")
        }

    def evidence(self, user, unit, as_of) -> Evidence:
        return Evidence(
            note="The published statement is public.",
            links=[
                ("Our purpose", reverse("framework:public-purpose")),
                ("Co-design rounds", reverse("framework:rounds")),
            ],
        )


@register
class CoDesignGroups(Indicator):
    key = "s-purpose-groups"
    characteristic = "s-purpose"
    title = "Groups who took part in the purpose and vision"
    definition = (
        "Of the four groups asked to co-design the purpose and vision (staff, children and young people, "
        "parents and carers, partners), how many took part in the latest statement published by the "
        "day, from the counts frozen when it was published."
    )
    formula = "groups with at least one person taking part in the latest published round (of 4)"
    kind = Kind.COUNT
    direction = Direction.HIGHER
    good = 4
    concern = 3
    source = (
        "Hearth default: Employer Standard 1 asks for the statement to be made with people who use "
        "services, practitioners and other stakeholders, so every group should take part"
    )
    minimum_sample = 1
    scope = SCOPE_AUTHORITY

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        round_ = _latest_published_round(as_of)
        if round_ is None:
            return {0: no_data("No purpose and vision statement published by the day")}
        parts = round_.participation()
        groups = sum(1 for _, n in parts if n > 0)
        return {
            0: Measure(
                float(groups),
                sample=sum(n for _, n in parts),
                numerator=groups,
                denominator=len(parts),
                note=", ".join(f"{label}: {n}" for label, n in parts),
            )
        }

    def evidence(self, user, unit, as_of) -> Evidence:
        return Evidence(
            note="Taking part is counted by group, never named.",
            links=[("Our purpose", reverse("framework:public-purpose"))],
        )
