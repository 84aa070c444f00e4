"""Indicators of characteristic 4: encourage creativity.

Practice experiments (learning app) belong to the unit they were proposed for. An experiment runs from
when it was agreed until its outcome was recorded; its learning is published to the library. Learning
reviews opened for a unit publish to the library too. Experiments and library entries name no child, so
the evidence lists them all.

A unit that ran no experiment scores 0, not "not enough data", once the authority uses experiments: the
indicators say "not enough data" only when nobody in the authority proposed an experiment (or published
learning) in the 12 months, as then the count says nothing about the unit.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from hearth.core.presenters import date_in_words
from hearth.learning.models import Experiment, ExperimentStatus, LearningEntry

from .base import (
    EVIDENCE_LIMIT,
    Direction,
    Evidence,
    EvidenceRow,
    Indicator,
    Kind,
    Measure,
    day_end,
    day_start,
    no_data,
    window_start,
)
from .registry import register

YEAR_DAYS = 365
AGREED = (ExperimentStatus.RUNNING, ExperimentStatus.FINISHED, ExperimentStatus.PUBLISHED)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _ran_in_year(as_of, prefix: str = "") -> Q:
    """Agreed on or before the day and not finished before the 12 months began."""
    return Q(
        **{f"{prefix}status__in": AGREED, f"{prefix}decided_at__lt": day_end(as_of)},
    ) & (
        Q(**{f"{prefix}finished_at__isnull": True})
        | Q(**{f"{prefix}finished_at__gte": day_start(window_start(as_of, YEAR_DAYS))})
    )


def _published_in_year(as_of) -> Q:
    return Q(
        published_at__gte=day_start(window_start(as_of, YEAR_DAYS)),
        published_at__lt=day_end(as_of),
    )


@register
class ExperimentsRun(Indicator):
    key = "c4-experiments"
    characteristic = "c4"
    title = "Practice experiments run"
    definition = (
        "Practice experiments of the unit that were running at some time in the 12 months to the day: "
        "agreed on or before the day and not finished before the 12 months began. Not enough data when "
        "nobody in the authority proposed or ran an experiment in the 12 months."
    )
    formula = "count of the unit's experiments running at some time in the 12 months"
    kind = Kind.COUNT
    direction = Direction.HIGHER
    good = 2
    concern = 1
    source = "Hearth default: a unit tries at least one new approach a year, two or more is good"
    minimum_sample = 1

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        year = Q(created_at__gte=day_start(window_start(as_of, YEAR_DAYS)), created_at__lt=day_end(as_of))
        if not Experiment.objects.filter(year | _ran_in_year(as_of)).exists():
            return {
                unit_id: no_data("No practice experiments proposed or run in the authority in the 12 months")
                for unit_id in unit_ids
            }
        counts = dict(
            Experiment.objects.filter(_ran_in_year(as_of), unit_id__in=list(unit_ids))
            .values("unit_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("unit_id", "n")
        )
        result = {}
        for unit_id in unit_ids:
            n = counts.get(unit_id, 0)
            result[unit_id] = Measure(float(n), sample=n, numerator=n, note=_plural(n, "experiment"))
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        experiments = list(
            Experiment.objects.filter(_ran_in_year(as_of), unit=unit).order_by("-decided_at", "-pk")
        )
        return Evidence(
            columns=("Experiment", "Agreed", "Outcome recorded"),
            rows=[
                EvidenceRow(
                    (
                        e.title,
                        date_in_words(e.decided_at),
                        date_in_words(e.finished_at)
                        if e.finished_at and e.finished_at < day_end(as_of)
                        else "",
                    ),
                    url=reverse("learning:experiment", args=[e.pk]),
                )
                for e in experiments[:EVIDENCE_LIMIT]
            ],
            total=len(experiments),
            links=[("Practice experiments", reverse("learning:experiments"))],
        )


@register
class LearningPublished(Indicator):
    key = "c4-learning-published"
    characteristic = "c4"
    title = "Learning published to the library"
    definition = (
        "Entries published to the learning library in the 12 months to the day from the unit's practice "
        "experiments and from learning reviews opened for the unit. Not enough data when nothing was "
        "published to the library in the authority in the 12 months."
    )
    formula = "count of library entries from the unit's experiments and reviews published in the 12 months"
    kind = Kind.COUNT
    direction = Direction.HIGHER
    good = 1
    concern = 1
    source = "Hearth default: a unit shares at least one piece of learning a year"
    minimum_sample = 1

    def _entries(self, unit_ids, as_of):
        return LearningEntry.objects.filter(_published_in_year(as_of)).filter(
            Q(experiment__unit_id__in=unit_ids) | Q(review__unit_id__in=unit_ids)
        )

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        counts = {unit_id: 0 for unit_id in unit_ids}
        any_published = False
        for experiment_unit, review_unit in (
            LearningEntry.objects.filter(_published_in_year(as_of))
            .order_by()
            .values_list("experiment__unit_id", "review__unit_id")
        ):
            any_published = True
            unit_id = experiment_unit or review_unit
            if unit_id in counts:
                counts[unit_id] += 1
        if not any_published:
            return {
                unit_id: no_data(
                    "Nothing published to the learning library in the authority in the 12 months"
                )
                for unit_id in unit_ids
            }
        return {
            unit_id: Measure(
                float(n), sample=n, numerator=n, note=f"{n} library {'entry' if n == 1 else 'entries'}"
            )
            for unit_id, n in counts.items()
        }

    def evidence(self, user, unit, as_of) -> Evidence:
        entries = list(self._entries([unit.pk], as_of).order_by("-published_at", "-pk"))
        return Evidence(
            columns=("Learning", "From", "Published"),
            rows=[
                EvidenceRow(
                    (e.title, e.get_source_display(), date_in_words(e.published_at)),
                    url=reverse("learning:entry", args=[e.pk]),
                )
                for e in entries[:EVIDENCE_LIMIT]
            ],
            total=len(entries),
            links=[("The learning library", reverse("learning:library"))],
        )
