"""Indicators of Employer Standard 1, S1.4: workforce retention and recruitment."""

from __future__ import annotations

from django.urls import reverse

from hearth.workforce import figures as wf
from hearth.workforce.codes import PULSE_STATEMENTS
from hearth.workforce.models import PulseRound
from hearth.workforce.privacy import protect_tree
from hearth.workforce.selectors.figures import figure_inputs
from hearth.workforce.selectors.pulse import tally_cells

from ..base import (
    Direction,
    Evidence,
    EvidenceRow,
    Indicator,
    Kind,
    Measure,
    no_data,
)
from ..registry import register

# --- S1.4 retention ---------------------------------------------------------------------------------


def _workforce(unit_ids, as_of) -> dict[int, wf.Components]:
    """Each unit's workforce sums on the day, social work staff and posts only (three queries)."""
    staff, posts, absences = figure_inputs([as_of], list(unit_ids))
    by_unit = wf.components_by_unit([as_of], staff, posts, absences)
    return {u: comps[0] for u, comps in by_unit.items() if u is not None}


class _Workforce(Indicator):
    characteristic = "s-retention"
    kind = Kind.PERCENT
    direction = Direction.LOWER
    minimum_sample = 1
    figure = ""

    def _value(self, c: wf.Components) -> Measure:
        raise NotImplementedError

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        comps = _workforce(unit_ids, as_of)
        return {u: self._value(comps.get(u) or wf.Components()) for u in unit_ids}

    def evidence(self, user, unit, as_of) -> Evidence:
        c = _workforce([unit.pk], as_of).get(unit.pk) or wf.Components()
        rows = [
            EvidenceRow(("Social work staff in post", str(c.headcount))),
            EvidenceRow(("Employed FTE in post", f"{c.employed_fte:.1f}")),
            EvidenceRow(("Agency FTE in post", f"{c.agency_fte:.1f}")),
            EvidenceRow(("Employed leavers in the 12 months (FTE)", f"{c.leavers} ({c.leavers_fte:.1f})")),
            EvidenceRow(("Funded social work posts (FTE)", f"{c.establishment_fte:.1f}")),
            EvidenceRow(("Posts not filled by employed staff (FTE)", f"{c.vacancy_fte:.1f}")),
        ]
        return Evidence(
            columns=("Figure", "On the day"),
            rows=rows,
            total=len(rows),
            note="Workforce figures are totals from staff records and posts; people are not listed here.",
            links=[("Workforce figures", reverse("workforce:dashboard"))],
        )


WORKFORCE_SOURCE = (
    "Hearth default: the national figure for children and family social workers kept with the workforce "
    "figures (workforce.figures.NATIONAL, {national}%) meets; more than 5 points worse is below"
)


@register
class Turnover(_Workforce):
    key = "s-retention-turnover"
    title = "Turnover"
    definition = (
        "The FTE of employed social work staff (permanent or fixed term) of the unit who left in the 12 "
        "months to the day, as a share of the FTE of those in post on the day (DfE workforce census "
        "definition)."
    )
    formula = "leavers' FTE in the 12 months ÷ employed FTE in post on the day × 100"
    good = wf.NATIONAL["turnover"]
    concern = wf.NATIONAL["turnover"] + 5
    source = WORKFORCE_SOURCE.format(national=wf.NATIONAL["turnover"])

    def _value(self, c):
        if not c.employed_fte:
            return no_data("No employed social work staff in post on the day")
        return Measure(
            c.turnover,
            sample=c.headcount,
            numerator=round(c.leavers_fte, 2),
            denominator=round(c.employed_fte, 2),
            note=f"{c.leavers_fte:.1f} FTE left of {c.employed_fte:.1f} FTE in post",
        )


@register
class VacancyRate(_Workforce):
    key = "s-retention-vacancy"
    title = "Vacancy rate"
    definition = (
        "The FTE of the unit's funded social work posts not filled by an employed member of staff on the "
        "day (a post covered by an agency worker is vacant), as a share of that plus the employed FTE in "
        "post (DfE workforce census definition). No posts recorded: no figure."
    )
    formula = "vacant FTE ÷ (vacant FTE + employed FTE) × 100"
    good = wf.NATIONAL["vacancy_rate"]
    concern = wf.NATIONAL["vacancy_rate"] + 5
    source = WORKFORCE_SOURCE.format(national=wf.NATIONAL["vacancy_rate"])

    def _value(self, c):
        if not c.establishment_fte:
            return no_data("No social work posts recorded for the unit on the day")
        return Measure(
            c.vacancy_rate,
            sample=c.headcount,
            numerator=round(c.vacancy_fte, 2),
            denominator=round(c.vacancy_fte + c.employed_fte, 2),
            note=f"{c.vacancy_fte:.1f} FTE vacant of {c.establishment_fte:.1f} FTE of posts",
        )


@register
class AgencyRate(_Workforce):
    key = "s-retention-agency"
    title = "Agency rate"
    definition = (
        "The FTE of agency social workers in the unit on the day, as a share of that plus the FTE of "
        "employed social work staff in post (DfE workforce census definition)."
    )
    formula = "agency FTE ÷ (agency FTE + employed FTE) × 100"
    good = wf.NATIONAL["agency_rate"]
    concern = wf.NATIONAL["agency_rate"] + 5
    source = WORKFORCE_SOURCE.format(national=wf.NATIONAL["agency_rate"])

    def _value(self, c):
        if not (c.agency_fte + c.employed_fte):
            return no_data("No social work staff in post on the day")
        return Measure(
            c.agency_rate,
            sample=c.headcount,
            numerator=round(c.agency_fte, 2),
            denominator=round(c.agency_fte + c.employed_fte, 2),
            note=f"{c.agency_fte:.1f} agency FTE of {c.agency_fte + c.employed_fte:.1f} FTE",
        )


PULSE_KEYS = [key for key, _, _ in PULSE_STATEMENTS]


@register
class PulseCulture(Indicator):
    key = "s-retention-pulse"
    characteristic = "s-retention"
    title = "Wellbeing pulse: culture score"
    definition = (
        "In the latest wellbeing pulse round closed before the day, the share of the unit's answers to "
        "the four statements (workload is manageable, I get the support I need, I feel safe to talk "
        "about mistakes, I see myself here in two years) that agree or strongly agree. Answers are "
        "anonymous: shown only where the workforce pages show the unit on its own (at least 5 "
        "respondents, and no smaller group can be worked out from the others)."
    )
    formula = "agreeing answers ÷ (4 × respondents) × 100, latest closed round"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 70
    concern = 50
    source = "Hearth default: most answers should agree with each statement; no national pulse figure exists"
    minimum_sample = 5

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        pulse_round = PulseRound.objects.filter(closes_on__lt=as_of).order_by("-closes_on", "-pk").first()
        if pulse_round is None:
            return {u: no_data("No pulse round closed before the day") for u in unit_ids}
        cells = tally_cells([pulse_round]).get(pulse_round.pk, {})
        tree = protect_tree({cell: t.respondents for cell, t in cells.items()})
        by_unit = {unit: tally for (_area, unit), tally in cells.items() if unit is not None}
        result = {}
        for unit_id in unit_ids:
            tally = by_unit.get(unit_id)
            if tally is None or tree.find("unit", unit_id) is None or tally.respondents < self.minimum_sample:
                result[unit_id] = no_data(
                    f"Too few answers from the unit to show in '{pulse_round.title}' (at least 5 needed)"
                )
                continue
            agree = sum(tally.agree[k] for k in PULSE_KEYS)
            answers = len(PULSE_KEYS) * tally.respondents
            result[unit_id] = Measure(
                round(100 * agree / answers, 1),
                sample=tally.respondents,
                numerator=agree,
                denominator=answers,
                note=f"{agree} of {answers} answers agree ({tally.respondents} people, '{pulse_round.title}')",
            )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        return Evidence(
            note="Pulse answers are anonymous: no records can be listed. Results are shown only for groups of at least 5.",
            links=[("Pulse results", reverse("workforce:pulse-results"))],
        )
