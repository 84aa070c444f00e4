"""Indicators of Employer Standard 1, S1.5: quality assurance of the framework."""

from __future__ import annotations

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from hearth.audits.models import FINISHED, CaseAudit
from hearth.cases.models import Allocation, LookedAfterEpisode, Referral
from hearth.core.presenters import date_in_words
from hearth.people.models import Child

from ..base import (
    EVIDENCE_LIMIT,
    Direction,
    Evidence,
    EvidenceRow,
    Indicator,
    Kind,
    Measure,
    day_end,
    share,
)
from ..registry import register
from ._common import _year

# --- S1.5 quality assurance -------------------------------------------------------------------------


def _open_cases_on(unit_ids, as_of):
    """Allocations held by the units at the end of the day, of children with an open referral or
    looked-after episode on the day (a queryset)."""
    end = day_end(as_of)
    referral = Referral.objects.filter(child=OuterRef("child_id"), cin_referral_date__lte=as_of).filter(
        Q(cin_closure_date__isnull=True) | Q(cin_closure_date__gt=as_of)
    )
    looked_after = LookedAfterEpisode.objects.filter(child=OuterRef("child_id"), decom__lte=as_of).filter(
        Q(dec__isnull=True) | Q(dec__gt=as_of)
    )
    return (
        Allocation.objects.filter(unit_id__in=list(unit_ids), started_at__lt=end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=end))
        .filter(Q(Exists(referral)) | Q(Exists(looked_after)))
    )


def _audited(as_of):
    start, end = _year(as_of)
    return CaseAudit.objects.filter(
        child=OuterRef("child_id"), status__in=FINISHED, finished_at__gte=start, finished_at__lt=end
    )


@register
class AuditCoverage(Indicator):
    key = "s-quality-audit-coverage"
    characteristic = "s-quality"
    title = "Open cases audited"
    definition = (
        "Of the cases the unit held at the end of the day (allocated to it, with an open referral or "
        "looked-after episode on the day), the share whose case audit was finished (moderated or "
        "completed) in the 12 months to the day."
    )
    formula = "open cases with an audit finished in the 12 months ÷ open cases × 100"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 20
    concern = 10
    source = "Hearth default: about one case per worker audited each quarter (no national figure exists)"
    minimum_sample = 5

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        counts = {
            row["unit_id"]: row
            for row in _open_cases_on(unit_ids, as_of)
            .values("unit_id")
            .annotate(
                cases=Count("child_id", distinct=True),
                done=Count("child_id", distinct=True, filter=Q(Exists(_audited(as_of)))),
            )
            .order_by()
        }
        return {
            u: share(
                counts.get(u, {}).get("done", 0),
                counts.get(u, {}).get("cases", 0),
                minimum=self.minimum_sample,
                of_what="open cases",
            )
            for u in unit_ids
        }

    def evidence(self, user, unit, as_of) -> Evidence:
        start, end = _year(as_of)
        cases = list(
            _open_cases_on([unit.pk], as_of)
            .annotate(audited=Exists(_audited(as_of)))
            .values_list("child_id", "audited")
            .order_by("audited", "child_id")
            .distinct()
        )
        finished = dict(
            CaseAudit.objects.filter(
                child_id__in=[c for c, a in cases if a],
                status__in=FINISHED,
                finished_at__gte=start,
                finished_at__lt=end,
            )
            .values("child_id")
            .annotate(last=Max("finished_at"))
            .values_list("child_id", "last")
            .order_by()
        )
        visible = {
            c.pk: c
            for c in Child.objects.visible_to(user)
            .filter(pk__in=[c for c, _ in cases])
            .only("pk", "first_name", "last_name", "restriction")
        }
        rows, child_ids, hidden = [], [], 0
        for child_id, _done in cases:
            child = visible.get(child_id)
            if child is None:
                hidden += 1
                continue
            if len(rows) < EVIDENCE_LIMIT:
                last = finished.get(child_id)
                rows.append(
                    EvidenceRow(
                        (
                            child.full_name,
                            date_in_words(timezone.localtime(last).date()) if last else "Not audited",
                        ),
                        url=reverse("people:child", args=[child_id]),
                    )
                )
                child_ids.append(child_id)
        return Evidence(
            columns=("Child", "Audit finished"),
            rows=rows,
            total=len(cases),
            hidden=hidden,
            child_ids=child_ids,
            links=[("Quality of practice", reverse("audits:quality"))],
        )
