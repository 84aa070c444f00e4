"""Indicators of characteristic 7: senior staff work with families.

The share of direct work by seniors follows the supervision app's definition (supervision/selectors.py
`direct_work_share`): final home-visit and direct-work notes about the unit's children in the last 91
days, by who wrote them; seniors are consultant social workers and managers (team, service, head of
service) and the principal social worker.

Mentoring is not measured per unit: it is private to mentor and mentee, and a count for a unit of five
would say who is mentored.
"""

from __future__ import annotations

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.urls import reverse
from django.utils import timezone

from hearth.cases.models import NoteChild, NoteKind, NoteStatus
from hearth.core.presenters import date_in_words
from hearth.core.roles import UnitRole
from hearth.organisation.models import Membership
from hearth.supervision.models import Observation
from hearth.supervision.selectors import DIRECT_WORK_DAYS, DIRECT_WORK_KINDS, SENIOR_ORG_ROLES

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
    evidence_from,
    no_data,
    shares_by_unit,
    window_start,
)
from .registry import register

OBSERVATION_DAYS = 365
#: Whose practice is observed: the people who work directly with families, below the consultant.
PRACTITIONER_ROLES = (
    UnitRole.SOCIAL_WORKER,
    UnitRole.CHILD_PRACTITIONER,
    UnitRole.FAMILY_SUPPORT_WORKER,
    UnitRole.STUDENT,
)


def _direct_work(as_of):
    """Links of final direct-work notes in the window to children, each marked `senior` by author."""
    consultants = Membership.objects.current(on=as_of).filter(role=UnitRole.CONSULTANT_SOCIAL_WORKER)
    return NoteChild.objects.filter(
        note__status=NoteStatus.FINAL,
        note__kind__in=DIRECT_WORK_KINDS,
        note__occurred_at__gte=day_start(window_start(as_of, DIRECT_WORK_DAYS)),
        note__occurred_at__lt=day_end(as_of),
    ).annotate(
        senior=ExpressionWrapper(
            Q(note__author__org_role__in=SENIOR_ORG_ROLES)
            | Q(note__author_id__in=consultants.values("user_id")),
            output_field=BooleanField(),
        )
    )


@register
class SeniorDirectWork(Indicator):
    key = "c7-senior-direct-work"
    characteristic = "c7"
    title = "Direct work by senior practitioners"
    definition = (
        "Of the final home-visit and direct-work notes about the unit's children in the 91 days (13 "
        "weeks) to the day, the share written by a senior: a consultant social worker (a unit membership "
        "on the day) or a team manager, service manager, head of service or principal social worker "
        "(their role today). The unit is each child's unit today; a note about two of its children "
        "counts once."
    )
    formula = "direct-work notes written by seniors ÷ direct-work notes × 100, over 91 days"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 20
    concern = 10
    source = (
        "Hearth default: seniors who stay in practice do at least one visit in five "
        "(no national figure exists)"
    )
    minimum_sample = 5

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        rows = (
            _direct_work(as_of)
            .filter(child__allocated_unit_id__in=unit_ids)
            .values("child__allocated_unit_id")
            .annotate(
                total=Count("note_id", distinct=True),
                seniors=Count("note_id", distinct=True, filter=Q(senior=True)),
            )
            .order_by()
        )
        return shares_by_unit(
            unit_ids,
            rows,
            key="child__allocated_unit_id",
            part="seniors",
            whole="total",
            minimum=self.minimum_sample,
            of_what="direct-work notes",
            missing="No home visits or direct work recorded in the 91 days",
        )

    def evidence(self, user, unit, as_of) -> Evidence:
        links = list(
            _direct_work(as_of)
            .filter(child__allocated_unit=unit)
            .order_by("-note__occurred_at", "note_id", "child_id")
            .values_list(
                "note_id",
                "note__occurred_at",
                "note__kind",
                "note__author__full_name",
                "senior",
                "child_id",
                "child__first_name",
                "child__last_name",
            )
        )
        notes: dict[int, dict] = {}
        for note_id, occurred_at, kind, author, senior, child_id, first, last in links:
            note = notes.setdefault(
                note_id,
                {"at": occurred_at, "kind": kind, "author": author, "senior": senior, "children": []},
            )
            note["children"].append((child_id, f"{first} {last}"))
        return evidence_from(
            user,
            list(notes.items()),
            children=lambda item: [child_id for child_id, _ in item[1]["children"]],
            row=lambda item: EvidenceRow(
                (
                    date_in_words(timezone.localtime(item[1]["at"]).date()),
                    NoteKind(item[1]["kind"]).label,
                    ", ".join(name for _, name in item[1]["children"]),
                    item[1]["author"],
                    "Yes" if item[1]["senior"] else "No",
                ),
                url=reverse("cases:note", args=[item[0]]),
            ),
            columns=("Date", "Kind", "Children", "Written by", "Senior"),
        )


@register
class ObservationsPerPractitioner(Indicator):
    key = "c7-observations"
    characteristic = "c7"
    title = "Practice observations per practitioner"
    definition = (
        "Observations of practice (a senior watching a visit or meeting and giving feedback) made in the "
        "12 months to the day of the people who were the unit's social workers, child practitioners, "
        "family support workers and students on the day, divided by how many of them there were. Not "
        "enough data when nobody in the authority recorded an observation in the 12 months."
    )
    formula = "observations of the unit's practitioners in the 12 months ÷ practitioners on the day"
    kind = Kind.NUMBER
    direction = Direction.HIGHER
    good = 2
    concern = 1
    source = (
        "Hearth default: each practitioner observed at least twice a year, at least once "
        "(no national figure exists)"
    )
    minimum_sample = 1

    def _window(self, as_of, prefix=""):
        return Q(
            **{
                f"{prefix}observed_on__gte": window_start(as_of, OBSERVATION_DAYS),
                f"{prefix}observed_on__lte": as_of,
            }
        )

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        if not Observation.objects.filter(self._window(as_of)).exists():
            return {
                unit_id: no_data("No observations of practice recorded in the authority in the 12 months")
                for unit_id in unit_ids
            }
        rows = (
            Membership.objects.current(on=as_of)
            .filter(unit_id__in=unit_ids, role__in=PRACTITIONER_ROLES)
            .values("unit_id")
            .annotate(
                people=Count("user_id", distinct=True),
                observations=Count(
                    "user__observations_received",
                    distinct=True,
                    filter=self._window(as_of, "user__observations_received__"),
                ),
            )
            .order_by()
        )
        counts = {r["unit_id"]: r for r in rows}
        result = {}
        for unit_id in unit_ids:
            row = counts.get(unit_id)
            if row is None or not row["people"]:
                result[unit_id] = no_data("No practitioners in the unit on the day")
                continue
            n, people = row["observations"], row["people"]
            result[unit_id] = Measure(
                round(n / people, 1),
                sample=people,
                numerator=n,
                denominator=people,
                note=f"{n} observation{'s' if n != 1 else ''} of {people} practitioner{'s' if people != 1 else ''}",
            )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        practitioners = Membership.objects.current(on=as_of).filter(unit=unit, role__in=PRACTITIONER_ROLES)
        observations = Observation.objects.filter(
            self._window(as_of), observed__in=practitioners.values("user_id")
        ).order_by("-observed_on", "-pk")
        total = observations.count()
        rows = [
            EvidenceRow(
                (
                    date_in_words(o.observed_on),
                    o.observed.get_full_name(),
                    o.observer.get_full_name(),
                    o.get_setting_display(),
                ),
                url=o.get_absolute_url(),
            )
            for o in observations.visible_to(user).select_related("observed", "observer")[:EVIDENCE_LIMIT]
        ]
        shown = observations.visible_to(user).count()
        return Evidence(
            columns=("Observed on", "Practitioner", "Observed by", "Setting"),
            rows=rows,
            total=shown,
            hidden=total - shown,
            note="Observations are seen by the observer, the person observed and their line managers.",
        )
