"""Indicators of characteristic 9: shared values and a shared theory of change (the practice model).

Co-design participation is measured for the authority, not per unit: co-design keeps only that a person
took part in a round, and a unit's share would come close to naming who wrote an anonymous idea.
"""

from __future__ import annotations

from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from hearth.audits.models import FINISHED, CaseAudit
from hearth.cases.models import Assessment, Plan, PlanKind
from hearth.core.presenters import date_in_words
from hearth.framework.models import CoDesignRound, Participant, PromptUse, RecordingPrompt
from hearth.organisation.models import Membership

from .base import (
    EVIDENCE_LIMIT,
    SCOPE_AUTHORITY,
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
    share,
    shares_by_unit,
    window_start,
)
from .registry import register

WINDOW_DAYS = 365
PLAN_TYPE = Plan._meta.label_lower
ASSESSMENT_TYPE = Assessment._meta.label_lower
PlanChild = Plan.children.through


def _prompts_used(object_type: str, ref: str, as_of):
    return PromptUse.objects.filter(
        object_type=object_type, object_id=Cast(OuterRef(ref), CharField()), used_at__lt=day_end(as_of)
    )


def _plan_links(as_of):
    """Each plan written in the 12 months with each of its children, marked `used` when a prompt was."""
    return PlanChild.objects.filter(
        plan__created_at__gte=day_start(window_start(as_of, WINDOW_DAYS)),
        plan__created_at__lt=day_end(as_of),
    ).annotate(used=Exists(_prompts_used(PLAN_TYPE, "plan_id", as_of)))


def _assessments(as_of):
    """Assessments completed in the 12 months, marked `used` when a prompt was."""
    return Assessment.objects.filter(
        assessment_internal_review_date__gte=window_start(as_of, WINDOW_DAYS),
        assessment_internal_review_date__lte=as_of,
    ).annotate(used=Exists(_prompts_used(ASSESSMENT_TYPE, "pk", as_of)))


@register
class PromptsUsed(Indicator):
    key = "c9-prompts-used"
    characteristic = "c9"
    title = "Plans and assessments using the practice model's prompts"
    definition = (
        "Of the plans written and the assessments completed in the 12 months to the day for children the "
        "unit holds today, the share where the worker said they used at least one of the practice "
        "model's recording prompts. A plan for children of two units counts in both. Not enough data "
        "when the practice model had no recording prompts by the day, or nobody in the authority "
        "recorded using one in the 12 months (the prompts were not in use)."
    )
    formula = (
        "(plans + assessments with a prompt used) ÷ (plans written + assessments completed in the 12 "
        "months) × 100"
    )
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 60
    concern = 30
    source = (
        "Hearth default: the model's questions in most plans and assessments shows it shapes "
        "recording (no national figure exists)"
    )
    minimum_sample = 5

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        if not RecordingPrompt.objects.filter(version__published_at__lt=day_end(as_of)).exists():
            return {
                unit_id: no_data("The practice model had no recording prompts published by the day")
                for unit_id in unit_ids
            }
        if not PromptUse.objects.filter(
            used_at__gte=day_start(window_start(as_of, WINDOW_DAYS)), used_at__lt=day_end(as_of)
        ).exists():
            return {
                unit_id: no_data("Nobody in the authority recorded using a prompt in the 12 months")
                for unit_id in unit_ids
            }
        totals = {unit_id: [0, 0] for unit_id in unit_ids}  # [records, with prompts]
        plans = (
            _plan_links(as_of)
            .filter(child__allocated_unit_id__in=unit_ids)
            .values("child__allocated_unit_id")
            .annotate(
                n=Count("plan_id", distinct=True), used_n=Count("plan_id", distinct=True, filter=Q(used=True))
            )
            .order_by()
        )
        assessments = (
            _assessments(as_of)
            .filter(referral__child__allocated_unit_id__in=unit_ids)
            .values("referral__child__allocated_unit_id")
            .annotate(n=Count("id"), used_n=Count("id", filter=Q(used=True)))
            .order_by()
        )
        for row in plans:
            totals[row["child__allocated_unit_id"]][0] += row["n"]
            totals[row["child__allocated_unit_id"]][1] += row["used_n"]
        for row in assessments:
            totals[row["referral__child__allocated_unit_id"]][0] += row["n"]
            totals[row["referral__child__allocated_unit_id"]][1] += row["used_n"]
        result = {}
        for unit_id in unit_ids:
            whole, part = totals[unit_id]
            if not whole:
                result[unit_id] = no_data("No plans written or assessments completed in the 12 months")
                continue
            result[unit_id] = share(part, whole, minimum=self.minimum_sample, of_what="plans and assessments")
        return result

    def evidence(self, user, unit, as_of) -> Evidence:
        plans = list(
            _plan_links(as_of)
            .filter(child__allocated_unit=unit)
            .order_by("-plan__created_at", "plan_id", "child_id")
            .values_list(
                "plan_id",
                "plan__created_at",
                "plan__kind",
                "used",
                "child_id",
                "child__first_name",
                "child__last_name",
            )
        )
        assessments = list(
            _assessments(as_of)
            .filter(referral__child__allocated_unit=unit)
            .order_by("-assessment_internal_review_date", "-pk")
            .values_list(
                "pk",
                "assessment_internal_review_date",
                "used",
                "referral__child_id",
                "referral__child__first_name",
                "referral__child__last_name",
            )
        )
        records: list[tuple] = []  # (date, kind, children [(id, name)], used, url)
        by_plan: dict[int, dict] = {}
        for plan_id, created_at, kind, used, child_id, first, last in plans:
            plan = by_plan.setdefault(
                plan_id,
                {
                    "day": timezone.localtime(created_at).date(),
                    "kind": PlanKind(kind).label if kind in PlanKind.values else "Plan",
                    "used": used,
                    "children": [],
                },
            )
            plan["children"].append((child_id, f"{first} {last}"))
        for plan_id, plan in by_plan.items():
            records.append(
                (
                    plan["day"],
                    plan["kind"],
                    plan["children"],
                    plan["used"],
                    reverse("cases:plan", args=[plan_id]),
                )
            )
        for _pk, day, used, child_id, first, last in assessments:
            records.append(
                (
                    day,
                    "Assessment",
                    [(child_id, f"{first} {last}")],
                    used,
                    reverse("cases:episodes", args=[child_id]),
                )
            )
        records.sort(key=lambda r: r[0], reverse=True)
        return evidence_from(
            user,
            records,
            children=lambda r: [child_id for child_id, _ in r[2]],
            row=lambda r: EvidenceRow(
                (date_in_words(r[0]), r[1], ", ".join(n for _, n in r[2]), "Yes" if r[3] else "No"), url=r[4]
            ),
            columns=("Recorded", "Record", "Children", "Prompt used"),
            links=[("The practice framework", reverse("framework:home"))],
        )


@register
class AuditGrades(Indicator):
    key = "c9-audit-grades"
    characteristic = "c9"
    title = "Case audits graded good or better"
    definition = (
        "Of the unit's case audits finished (completed, or moderated) in the 12 months to the day, the "
        "share whose standing grade (after moderation) meets the standard on the audit tool's scale, "
        "such as good or outstanding. The unit is the one the audit was for."
    )
    formula = "finished audits graded good or better ÷ finished audits in the 12 months × 100"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 80
    concern = 60
    source = "Hearth default: most audited practice good or better against the model (no national figure)"
    minimum_sample = 3

    def _finished(self, as_of):
        return CaseAudit.objects.filter(
            status__in=FINISHED,
            finished_at__gte=day_start(window_start(as_of, WINDOW_DAYS)),
            finished_at__lt=day_end(as_of),
        )

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        rows = (
            self._finished(as_of)
            .filter(unit_id__in=unit_ids)
            .values("unit_id")
            .annotate(total=Count("id"), good_n=Count("id", filter=Q(final_meets_standard=True)))
            .order_by()
        )
        return shares_by_unit(
            unit_ids,
            rows,
            key="unit_id",
            part="good_n",
            whole="total",
            minimum=self.minimum_sample,
            of_what="finished audits",
            missing="No case audits of the unit finished in the 12 months",
        )

    def evidence(self, user, unit, as_of) -> Evidence:
        audits = list(
            self._finished(as_of)
            .filter(unit=unit)
            .order_by("-finished_at", "-pk")
            .values_list(
                "pk", "finished_at", "child_id", "child__first_name", "child__last_name", "final_grade_label"
            )
        )
        return evidence_from(
            user,
            audits,
            children=lambda a: [a[2]],
            row=lambda a: EvidenceRow(
                (date_in_words(timezone.localtime(a[1]).date()), f"{a[3]} {a[4]}", a[5]),
                url=reverse("audits:audit", args=[a[0]]),
            ),
            columns=("Finished", "Child", "Grade"),
        )


@register
class CoDesignParticipation(Indicator):
    key = "c9-codesign"
    characteristic = "c9"
    title = "Staff taking part in co-design"
    definition = (
        "Of the people who were members of a unit on the day, the share who took part (an idea, a "
        "comment or support) in at least one co-design round of the purpose and practice model that "
        "closed to ideas in the 12 months to the day. For the whole authority: who wrote which idea is "
        "never kept, and a unit's share would come close to saying it."
    )
    formula = "unit members who took part in a round closing in the 12 months ÷ unit members × 100"
    kind = Kind.PERCENT
    direction = Direction.HIGHER
    good = 30
    concern = 10
    source = (
        "Hearth default: values shared when a good part of the staff helped shape them (no national figure)"
    )
    minimum_sample = 5
    scope = SCOPE_AUTHORITY

    def _rounds(self, as_of):
        return CoDesignRound.objects.filter(
            closes_on__gte=window_start(as_of, WINDOW_DAYS), closes_on__lte=as_of
        )

    def measure(self, unit_ids, as_of) -> dict[int, Measure]:
        rounds = list(self._rounds(as_of).values_list("pk", flat=True))
        if not rounds:
            return {0: no_data("No co-design round closed to ideas in the 12 months")}
        took_part = Participant.objects.filter(user=OuterRef("user_id"), round__in=rounds)
        totals = (
            Membership.objects.current(on=as_of)
            .annotate(took_part=Exists(took_part))
            .aggregate(
                people=Count("user_id", distinct=True),
                part=Count("user_id", distinct=True, filter=Q(took_part=True)),
            )
        )
        return {
            0: share(totals["part"], totals["people"], minimum=self.minimum_sample, of_what="staff in units")
        }

    def evidence(self, user, unit, as_of) -> Evidence:
        rounds = list(
            self._rounds(as_of).annotate(people=Count("participants")).order_by("-closes_on", "-pk")
        )
        rows = [
            EvidenceRow(
                (r.title, date_in_words(r.closes_on), r.get_status_display(), str(r.people)),
                url=r.get_absolute_url(),
            )
            for r in rounds[:EVIDENCE_LIMIT]
        ]
        return Evidence(
            columns=("Round", "Closed to ideas", "Status", "Staff who took part"),
            rows=rows,
            total=len(rounds),
            note="Who took part is not listed, and who wrote an idea is never kept.",
            links=[("Co-design rounds", reverse("framework:rounds"))],
        )
