"""Reads of audits, programmes and tools, and the providers for my work and a child's record.

An audit is fetched through `CaseAudit.objects.visible_to(user)`: whoever may see the child, and the
audit's own auditor, moderator and worker. An auditor who could not otherwise see the child reads, on the
audit's pages, only what the audit needs (the child's name, age, unit, lead worker, open episodes and
recent chronology) and every such read writes an audit row marked "audited access".
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from hearth.cases.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionPlan,
    ChronologyEntry,
    LookedAfterEpisode,
    Referral,
)
from hearth.cases.selectors.lists import open_kinds_by_child
from hearth.core import extensions
from hearth.core.models import AuditLog
from hearth.core.presenters import date_in_words
from hearth.core.roles import MANAGING_ROLES, OrgRole, UnitRole
from hearth.organisation.models import Membership
from hearth.people.models import Child

from ..models import (
    FINISHED,
    GRADE_COLOURS,
    STATUS_COLOURS,
    ActionStatus,
    AuditAction,
    AuditProgramme,
    AuditTool,
    CaseAudit,
    EpisodeKind,
    SampleMethod,
    Status,
    Theme,
)
from ..permissions import Perm

__all__ = [
    "AUDITED_ACCESS",
    "CHRONOLOGY_LIMIT",
    "action_for_page",
    "actions_of",
    "audit_for_page",
    "audits_of_programme",
    "chronology_for_audit",
    "child_section",
    "criteria_and_grades",
    "eligible_children",
    "grade_tag",
    "in_reach",
    "my_audits",
    "open_episodes",
    "possible_auditors",
    "possible_owners",
    "programme_for_page",
    "programmes",
    "record_audits_viewed",
    "status_tag",
    "tools",
    "unit_section",
    "work_items",
]

CHRONOLOGY_LIMIT = 25
CHILD_SECTION_LIMIT = 10
AUDITED_ACCESS = "audited access"


# --- reach ------------------------------------------------------------------------------------------


def in_reach(user, child) -> bool:
    """Whether the person may see the child's record in their own right (no query: reach is loaded).
    Restricted children are never sampled, so an unrestricted record is the only case that matters here;
    a restricted one counts as out of reach (its audit page then shows only what the audit needs)."""
    if child.restriction:
        return False
    return user.has_authority_wide_case_access or child.allocated_unit_id in user.reach_unit_ids


def record_audits_viewed(*, by, audits, request=None, obj=None) -> None:
    """Every read of an audit is audited: one row per child, in one query; reads by someone who could
    not otherwise see the child are marked as audited access."""
    audits = list(audits)
    if not audits:
        return
    outside = sorted({a.child_id for a in audits if not in_reach(by, a.child)})
    inside = sorted({a.child_id for a in audits} - set(outside))
    if inside:
        AuditLog.record(actor=by, action="audits.audit.view", obj=obj, children=inside, request=request)
    if outside:
        AuditLog.record(
            actor=by,
            action="audits.audit.view",
            obj=obj,
            children=outside,
            request=request,
            reason="Auditing the case",
            detail=AUDITED_ACCESS,
        )


# --- one audit --------------------------------------------------------------------------------------


def audit_for_page(user, pk: int) -> CaseAudit | None:
    return (
        CaseAudit.objects.visible_to(user)
        .select_related(
            "programme__tool",
            "programme__owner",
            "child__allocated_unit",
            "child__lead_worker",
            "unit",
            "worker",
            "auditor",
            "moderator",
        )
        .filter(pk=pk)
        .first()
    )


def criteria_and_grades(audit: CaseAudit) -> list[dict]:
    """Each criterion of the audit's tool with its grade and evidence (two queries)."""
    tool = audit.programme.tool
    grades = {g.criterion_id: g for g in audit.grades.all()}
    rows = []
    for criterion in tool.criteria.all():
        given = grades.get(criterion.pk)
        grade = tool.grade(given.grade) if given else None
        rows.append(
            {
                "criterion": criterion,
                "grade": given.grade if given else "",
                "grade_label": grade["label"] if grade else "",
                "grade_colour": GRADE_COLOURS[grade["rank"] - 1] if grade else "grey",
                "evidence": given.evidence if given else "",
            }
        )
    return rows


def actions_of(audit: CaseAudit) -> list[AuditAction]:
    return list(audit.actions.select_related("owner", "done_by").order_by("status", "due_on", "id"))


def open_episodes(child) -> list[str]:
    labels = {
        "cp-plan": "Child protection plan",
        "cin-plan": "Child in need plan",
        "looked-after": "Looked after",
        "assessment": "Assessment",
        "referral": "Referral",
    }
    kinds = open_kinds_by_child([child.pk]).get(child.pk, frozenset())
    return [label for key, label in labels.items() if key in kinds]


def chronology_for_audit(child) -> list[dict]:
    """The latest entries of the child's chronology: what the auditor reads to grade the work."""
    rows = ChronologyEntry.objects.filter(child=child).values("occurred_at", "kind", "title", "summary")[
        :CHRONOLOGY_LIMIT
    ]
    return [{**r, "on": date_in_words(r["occurred_at"])} for r in rows]


def grade_tag(tool: AuditTool, key: str) -> tuple[str, str] | None:
    grade = tool.grade(key) if key else None
    if grade is None:
        return None
    return grade["label"], GRADE_COLOURS[grade["rank"] - 1]


def status_tag(audit: CaseAudit) -> tuple[str, str]:
    return audit.get_status_display(), STATUS_COLOURS[audit.status]


# --- lists ------------------------------------------------------------------------------------------


def my_audits(user):
    """Audits the person does, moderates or whose case is theirs: unfinished first, then newest."""
    return (
        CaseAudit.objects.visible_to(user)
        .filter(Q(auditor=user) | Q(moderator=user) | Q(worker=user))
        .select_related("programme", "child", "unit", "auditor", "moderator", "worker")
        .order_by("finished_at", "-created_at", "-id")
    )


def tools():
    return AuditTool.objects.annotate(criteria_count=Count("criteria")).order_by("name", "id")


def programmes():
    """Every programme with its number of audits and of finished ones (one query)."""
    return (
        AuditProgramme.objects.select_related("owner", "tool", "unit")
        .annotate(
            audit_count=Count("audits"),
            finished_count=Count("audits", filter=Q(audits__status__in=FINISHED)),
        )
        .order_by("-starts_on", "-id")
    )


def programme_for_page(pk: int) -> AuditProgramme | None:
    return AuditProgramme.objects.select_related("owner", "tool", "unit").filter(pk=pk).first()


def audits_of_programme(user, programme):
    return (
        CaseAudit.objects.visible_to(user)
        .filter(programme=programme)
        .select_related("child", "unit", "worker", "auditor", "moderator")
        .order_by("unit__name", "child__last_name", "id")
    )


def possible_auditors():
    """People who audit cases: the principal social worker, quality leads, managers, the director and
    consultant social workers."""
    consultants = Membership.objects.current().filter(
        user=OuterRef("pk"), role=UnitRole.CONSULTANT_SOCIAL_WORKER
    )
    roles = [OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD, OrgRole.DIRECTOR, *MANAGING_ROLES]
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(org_role__in=roles) | Exists(consultants))
        .order_by("full_name", "pk")
    )


def possible_owners(audit: CaseAudit):
    """Who can own an action: the worker, the child's unit's members and managers, the auditor."""
    ids = {audit.worker_id, audit.auditor_id, audit.unit.manager_id} - {None}
    members = Membership.objects.current().filter(unit=audit.unit_id).values("user")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(pk__in=ids) | Q(pk__in=members))
        .order_by("full_name", "pk")
    )


# --- sampling ---------------------------------------------------------------------------------------


def _open_cp(**extra):
    return Exists(
        ChildProtectionPlan.objects.filter(
            referral__child=OuterRef("pk"),
            referral__cin_closure_date__isnull=True,
            cpp_end_date__isnull=True,
            **extra,
        )
    )


def _open_looked_after():
    return Exists(LookedAfterEpisode.objects.filter(child=OuterRef("pk"), dec__isnull=True))


def eligible_children(programme: AuditProgramme) -> dict[int, tuple[int, int | None]]:
    """The children a draw may choose, by id, with their unit and lead worker: allocated, unrestricted,
    with an open case of the programme's kind (or theme), and not yet in the programme. One query."""
    qs = Child.objects.filter(
        allocated_unit__isnull=False,
        allocated_unit__is_active=True,
        restriction="",
        date_of_death__isnull=True,
    )
    if programme.method == SampleMethod.THEMED:
        theme = programme.theme
        if theme == Theme.NEGLECT_CP:
            qs = qs.filter(_open_cp(latest_category_of_abuse="NEG"))
        elif theme == Theme.EMOTIONAL_CP:
            qs = qs.filter(_open_cp(latest_category_of_abuse="EMO"))
        elif theme == Theme.REPEAT_CP:
            qs = qs.filter(_open_cp(number_of_previous_cpp__gt=0))
        elif theme == Theme.UASC:
            qs = qs.filter(_open_looked_after(), uasc=True)
    else:
        if programme.unit_id:
            qs = qs.filter(allocated_unit_id=programme.unit_id)
        kind = programme.episode_kind
        open_referral = {"referral__child": OuterRef("pk"), "referral__cin_closure_date__isnull": True}
        if kind == EpisodeKind.CP_PLAN:
            qs = qs.filter(_open_cp())
        elif kind == EpisodeKind.CIN_PLAN:
            qs = qs.filter(
                Exists(ChildInNeedPlan.objects.filter(cin_plan_end_date__isnull=True, **open_referral))
            )
        elif kind == EpisodeKind.LOOKED_AFTER:
            qs = qs.filter(_open_looked_after())
        elif kind == EpisodeKind.ASSESSMENT:
            qs = qs.filter(
                Exists(
                    Assessment.objects.filter(
                        assessment_authorisation_date__isnull=True, withdrawn_on__isnull=True, **open_referral
                    )
                )
            )
        else:
            referral = Referral.objects.filter(child=OuterRef("pk"), cin_closure_date__isnull=True)
            qs = qs.filter(Exists(referral) | _open_looked_after())
    qs = qs.exclude(Exists(CaseAudit.objects.filter(programme=programme, child=OuterRef("pk"))))
    return {
        pk: (unit, lead) for pk, unit, lead in qs.values_list("pk", "allocated_unit_id", "lead_worker_id")
    }


# --- providers for lower apps' pages (registered in apps.py) -----------------------------------------


def work_items(user, today: datetime.date) -> list[extensions.WorkItem]:
    """Open audit actions the person owns, audits they are to do and audits waiting for their
    moderation or their agreement as the worker. Two queries; none for people who work with no cases."""
    if not (user and user.is_authenticated) or not user.has_perm(Perm.VIEW_MINE):
        return []
    items = []
    actions = (
        AuditAction.objects.filter(owner=user, status=ActionStatus.OPEN)
        .filter(audit__in=CaseAudit.objects.visible_to(user))
        .select_related("audit__child")
        .order_by("due_on", "id")[:50]
    )
    for action in actions:
        items.append(
            extensions.WorkItem(
                kind="Case audit action",
                title=action.text[:100],
                url=reverse("audits:audit", args=[action.audit_id]) + f"#action-{action.pk}",
                due=action.due_on,
                about=action.audit.child.full_name,
                sort_key=(action.pk,),
            )
        )
    audits = (
        CaseAudit.objects.visible_to(user)
        .filter(
            Q(auditor=user, status__in=[Status.PLANNED, Status.IN_PROGRESS])
            | Q(moderator=user, status=Status.AWAITING_MODERATION)
            | Q(worker=user, status=Status.IN_PROGRESS, worker_agreed_at__isnull=True)
        )
        .select_related("child", "programme")
        .order_by("id")[:50]
    )
    for audit in audits:
        if audit.status == Status.AWAITING_MODERATION:
            kind = "Case audit to moderate"
        elif audit.auditor_id == user.pk:
            kind = "Case audit to do"
        else:
            kind = "Case audit of your case"
        items.append(
            extensions.WorkItem(
                kind=kind,
                title=audit.programme.name,
                url=reverse("audits:audit", args=[audit.pk]),
                due=audit.programme.ends_on,
                about=audit.child.full_name,
                sort_key=(audit.pk,),
            )
        )
    return items


def child_section(user, child) -> extensions.Section | None:
    """On a child's record: the child's audits, for people who may see both the child (they are on the
    record) and the audits. One query, and an audit row when any is shown."""
    if not (user and user.is_authenticated) or not user.has_perm(Perm.VIEW_MINE):
        return None
    rows = list(
        CaseAudit.objects.visible_to(user)
        .filter(child=child)
        .select_related("programme__tool", "auditor")
        .order_by("-created_at", "-id")[: CHILD_SECTION_LIMIT + 1]
    )
    if not rows:
        return None
    more = len(rows) > CHILD_SECTION_LIMIT
    rows = rows[:CHILD_SECTION_LIMIT]
    AuditLog.record(actor=user, action="audits.audit.view", child_id=child.pk, detail="child record section")
    return extensions.Section(
        title="Case audits",
        template="audits/_child_section.html",
        order=80,
        context={
            "more": more,
            "rows": [
                {
                    "url": reverse("audits:audit", args=[a.pk]),
                    "programme": a.programme.name,
                    "status": status_tag(a),
                    "grade": grade_tag(a.programme.tool, a.final_grade) if a.final_grade else None,
                    "auditor": a.auditor.full_name if a.auditor_id else "Not assigned yet",
                    "finished": date_in_words(a.finished_at),
                }
                for a in rows
            ],
        },
    )


def unit_section(user, unit) -> extensions.Section | None:
    """On a unit's page: a link to the unit's quality of practice (grades of its audits, quarter by
    quarter). No query."""
    if not (user and user.is_authenticated) or not user.has_perm(Perm.VIEW_QUALITY):
        return None
    return extensions.Section(
        title="Quality of practice",
        template="audits/_unit_section.html",
        order=90,
        context={"url": reverse("audits:quality") + f"?unit={unit.pk}"},
    )


def action_for_page(user, action_id: int) -> AuditAction | None:
    """An audit action, only through an audit the person may see (None otherwise: the page answers 404)."""
    return (
        AuditAction.objects.filter(pk=action_id, audit__in=CaseAudit.objects.visible_to(user))
        .select_related("audit")
        .first()
    )
