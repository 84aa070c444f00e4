"""Indicators of Employer Standard 1, S1.3: listening to children, families and staff."""

from __future__ import annotations

from django.urls import reverse

from hearth.feedback.selectors import measures_by_unit

from ..base import (
    Direction,
    Evidence,
    Indicator,
    Kind,
    Measure,
    share,
)
from ..registry import register

# --- S1.3 listening ---------------------------------------------------------------------------------

LISTENING_PERIOD = (
    "the 13 whole weeks before the week of the day (as the feedback pages count them). Whether a "
    "response was acted on is its state today, so for a past day the figure is an approximation"
)


class _Listening(Indicator):
    characteristic = "s-listening"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    minimum_sample = 5

    def evidence(self, user, unit, as_of) -> Evidence:
        return Evidence(
            note="Feedback is often anonymous, so no responses are listed here; the feedback pages show them.",
            links=[
                ("The unit's feedback", reverse("feedback:unit", args=[unit.code])),
                ("Feedback across the service", reverse("feedback:service")),
            ],
        )


@register
class FeedbackResponseRate(_Listening):
    key = "s-listening-response-rate"
    title = "Feedback links answered"
    definition = f"Of the feedback links the unit sent to children and families in {LISTENING_PERIOD}, the share answered."
    formula = "links answered ÷ links sent × 100"
    good = 40
    concern = 20
    source = "Hearth default: a response rate of two in five is good for an invitation to give feedback"

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        measures = measures_by_unit(list(unit_ids), as_of)
        return {
            u: share(
                measures[u].answered, measures[u].sent, minimum=self.minimum_sample, of_what="links sent"
            )
            for u in unit_ids
        }


@register
class FeedbackActedOn(_Listening):
    key = "s-listening-acted"
    title = "Feedback acted on"
    definition = (
        f"Of the feedback the unit received in {LISTENING_PERIOD}, the share marked as acted on (unread "
        "and not yet marked responses count as not acted on)."
    )
    formula = "responses acted on ÷ responses received × 100"
    good = 60
    concern = 40
    source = 'Hearth default: most feedback should lead to something done ("you said, we did")'

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        measures = measures_by_unit(list(unit_ids), as_of)
        return {
            u: share(
                measures[u].acted, measures[u].responses, minimum=self.minimum_sample, of_what="responses"
            )
            for u in unit_ids
        }
