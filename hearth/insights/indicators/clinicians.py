"""Indicators of characteristic 6: interdisciplinary teams (clinicians in, or easily reached by, the unit).

Waiting times follow the clinical app's own definition (clinical/selectors.py `waiting_times`): days
from the day a request was made (local date) to the date of first contact, counted over first contacts
made in the period; requests still waiting have no wait yet and are not in the median.
"""

from __future__ import annotations

import datetime
import statistics

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.urls import reverse
from django.utils import timezone

from hearth.cases.models import Allocation
from hearth.clinical.models import ClinicalInput, ClinicalRequest, Service
from hearth.core.presenters import date_in_words
from hearth.core.roles import UnitRole
from hearth.organisation.models import Membership

from .base import (
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

WAIT_DAYS = 182  # about 6 months
INPUT_DAYS = 365


def _wait(created_at: datetime.datetime, first_contact_on: datetime.date) -> int:
    return (first_contact_on - timezone.localtime(created_at).date()).days


def _open_cases(as_of: datetime.date):
    """Allocations current at the end of the day: the case was open in that unit on the day."""
    end = day_end(as_of)
    return Allocation.objects.filter(started_at__lt=end).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=end)
    )


def _with_input(as_of: datetime.date) -> Q:
    """The child had clinical input recorded in the 12 months to the day (on any unit's request)."""
    children = ClinicalInput.objects.filter(
        created_at__gte=day_start(window_start(as_of, INPUT_DAYS)),
        created_at__lt=day_end(as_of),
    ).values("request__child_id")
    return Q(child_id__in=children)


@register
class ConsultationWait(Indicator):
    key = "c6-consultation-wait"
    characteristic = "c6"
    title = "Wait for a clinical consultation"
    definition = (
        "For consultations with a clinician asked for by the unit (not referrals to outside services) "
        "whose first contact was made in the 6 months (182 days) to the day: the median number of days "
        "from the day of the request to the day of first contact. Requests still waiting are not in the "
        "median; the clinical queue shows them."
    )
    formula = "median of (date of first contact − date of request), in days"
    kind = Kind.DAYS
    direction = Direction.LOWER
    good = 5
    concern = 10
    source = (
        "Hearth default: a consultation within a working week keeps clinical thinking in the case "
        "(no national figure exists)"
    )
    minimum_sample = 3

    def _requests(self, as_of):
        return ClinicalRequest.objects.filter(
            service=Service.CONSULTATION,
            first_contact_on__gte=window_start(as_of, WAIT_DAYS),
            first_contact_on__lte=as_of,
        )

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        waits: dict[int, list[int]] = {unit_id: [] for unit_id in unit_ids}
        for unit_id, created_at, first_contact_on in (
            self._requests(as_of)
            .filter(unit_id__in=unit_ids)
            .values_list("unit_id", "created_at", "first_contact_on")
            .order_by()
        ):
            waits[unit_id].append(_wait(created_at, first_contact_on))
        result = {}
        for unit_id in unit_ids:
            days = waits[unit_id]
            if len(days) < self.minimum_sample:
                result[unit_id] = no_data(
                    f"{len(days)} consultations had a first contact in the 6 months: fewer than "
                    f"{self.minimum_sample}, too few for a median",
                    sample=len(days),
                )
                continue
            median = float(statistics.median(days))
            result[unit_id] = Measure(
                median, sample=len(days), note=f"median of {len(days)} consultations: {median:g} days"
            )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        requests = list(
            self._requests(as_of)
            .filter(unit=unit)
            .order_by("-first_contact_on", "-id")
            .values_list(
                "pk", "child_id", "child__first_name", "child__last_name", "created_at", "first_contact_on"
            )
        )
        return evidence_from(
            user,
            requests,
            children=lambda r: [r[1]],
            row=lambda r: EvidenceRow(
                (
                    f"{r[2]} {r[3]}",
                    date_in_words(timezone.localtime(r[4]).date()),
                    date_in_words(r[5]),
                    str(_wait(r[4], r[5])),
                ),
                url=reverse("clinical:request", args=[r[0]]),
            ),
            columns=("Child", "Asked for", "First contact", "Days waited"),
            links=[("The clinical queue", reverse("clinical:queue"))],
        )


@register
class ClinicianInUnit(Indicator):
    key = "c6-clinicians"
    characteristic = "c6"
    title = "Clinicians in the unit"
    definition = (
        "How many people were members of the unit as clinicians on the day (from unit memberships). "
        "Zero is a real answer: the unit has no clinician of its own, though its workers may still ask "
        "a clinician elsewhere (the wait for a consultation shows how easily)."
    )
    formula = "count of current memberships of the unit with the role clinician on the day"
    kind = Kind.COUNT
    direction = Direction.HIGHER
    good = 1
    concern = 1
    source = (
        "Hearth default: the research's interdisciplinary units each had a clinician, so at least one "
        "(no national figure exists)"
    )
    minimum_sample = 1

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        rows = (
            Membership.objects.current(on=as_of)
            .filter(unit_id__in=unit_ids)
            .values("unit_id")
            .annotate(
                members=Count("user_id", distinct=True),
                clinicians=Count("user_id", distinct=True, filter=Q(role=UnitRole.CLINICIAN)),
            )
            .order_by()
        )
        counts = {r["unit_id"]: r for r in rows}
        result = {}
        for unit_id in unit_ids:
            row = counts.get(unit_id)
            if row is None or not row["members"]:
                result[unit_id] = no_data("No members on the day")
                continue
            n = row["clinicians"]
            result[unit_id] = Measure(
                float(n),
                sample=row["members"],
                numerator=n,
                denominator=row["members"],
                note=f"{n} clinician{'s' if n != 1 else ''} among {row['members']} people",
            )
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        members = (
            Membership.objects.current(on=as_of)
            .filter(unit=unit, role=UnitRole.CLINICIAN)
            .select_related("user")
            .order_by("user__full_name")
        )
        rows = [
            EvidenceRow((m.user.get_full_name() or m.user.email, date_in_words(m.started_on)))
            for m in members
        ]
        return Evidence(
            columns=("Clinician", "In the unit since"),
            rows=rows,
            total=len(rows),
            links=[("The unit's page", reverse("organisation:unit", args=[unit.code]))],
        )


@register
class ClinicalInputShare(Indicator):
    key = "c6-clinical-input"
    characteristic = "c6"
    title = "Open cases with clinical input"
    definition = (
        "Of the children whose cases the unit held at the end of the day (from allocation history), the "
        "share for whom a clinician recorded input (advice, formulation or a referral's outcome) on a "
        "clinical request in the 12 months to the day, whichever unit asked."
    )
    formula = "open cases with clinical input recorded in the 12 months ÷ open cases × 100"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 25
    concern = 10
    source = (
        "Hearth default: a quarter of families benefit from clinical thinking in a year "
        "(no national figure exists)"
    )
    minimum_sample = 5

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        rows = (
            _open_cases(as_of)
            .filter(unit_id__in=unit_ids)
            .annotate(has_input=ExpressionWrapper(_with_input(as_of), output_field=BooleanField()))
            .values("unit_id")
            .annotate(
                total=Count("child_id", distinct=True),
                with_input=Count("child_id", distinct=True, filter=Q(has_input=True)),
            )
            .order_by()
        )
        return shares_by_unit(
            unit_ids,
            rows,
            key="unit_id",
            part="with_input",
            whole="total",
            minimum=self.minimum_sample,
            of_what="open cases",
            missing="The unit held no cases on the day",
        )

    def evidence(self, user, unit, as_of) -> Evidence:
        cases = list(
            _open_cases(as_of)
            .filter(unit=unit)
            .annotate(has_input=ExpressionWrapper(_with_input(as_of), output_field=BooleanField()))
            .order_by("-has_input", "child__last_name", "child__first_name")
            .values_list("child_id", "child__first_name", "child__last_name", "has_input")
        )
        return evidence_from(
            user,
            cases,
            children=lambda c: [c[0]],
            row=lambda c: EvidenceRow(
                (f"{c[1]} {c[2]}", "Yes" if c[3] else "No"), url=reverse("people:child", args=[c[0]])
            ),
            columns=("Child", "Clinical input in the 12 months"),
            links=[("The clinical queue", reverse("clinical:queue"))],
        )
