"""Demo quality assurance: an audit tool from the current practice model's "what good looks like"
statements; last quarter's programme with a few audits in every unit, finished, with a realistic spread of
grades (some units stronger than others), some moderated and a few of those with the grade changed, the
family's view gathered for most, actions open and done; and this quarter's programme under way (planned,
in progress, waiting for moderation) so the demo auditors, moderators and workers have something to do.

How many of a unit's open cases were audited last quarter follows the unit's practice profile
("audits"), and how its audits are graded follows its "framework" strength (organisation/demo.py).

Audits are done across units: a unit's cases are audited by the consultant social worker of the next unit
(audited access), moderated by the principal social worker or the quality lead.

Deterministic (seeded random numbers; dates relative to the day of seeding), synthetic, idempotent (a
programme that exists is left alone) and fast: rows are built in memory with their ids and written in
bulk.
"""

from __future__ import annotations

import datetime
import random
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from hearth.cases.demo import Ids, _bulk_insert, _reset_sequence
from hearth.cases.models import ChronologyEntry, EventKind, Referral
from hearth.core.roles import ALL_ROLES, OrgRole, UnitRole
from hearth.framework.selectors import good_practice_statements
from hearth.organisation.demo import practice_profile
from hearth.organisation.models import Membership, Unit

from .models import (
    DEFAULT_SCALE,
    ActionStatus,
    AuditAction,
    AuditProgramme,
    AuditTool,
    CaseAudit,
    Criterion,
    CriterionGrade,
    FamilyView,
    SampleMethod,
    Status,
)
from .selectors.quality import _previous_quarter, quarter_label, quarter_start

TOOL_NAME = "Case audit: what good looks like"
THIS_QUARTER_AUDITS = 2
GRADES = [g["key"] for g in DEFAULT_SCALE]

FINDINGS = [
    "The child's voice comes through clearly in the visit notes; the plan's goals are written in the "
    "family's words. Chronology is up to date.",
    "Good relationship with mother and clear analysis of risk. The plan does not yet say what the family "
    "will do differently, and the father's view is missing.",
    "Visits are regular but the notes describe events rather than what they mean for the child. The "
    "assessment lists worries without the evidence for each.",
    "Drift since the last review: actions carried over three times, no contact with school this term. "
    "The child has not been seen alone.",
]
REFLECTIONS = [
    "I think the direct work with the children went well. I would like to write the goals with the family "
    "at the next review rather than bring them ready-made.",
    "Reading it back, I can see I recorded what happened and not why it matters. Supervision on analysis "
    "would help.",
    "The caseload in the spring meant the plan slipped. I agree the father's view should be in the plan.",
    "I am proud of the work with grandmother. I want to involve the school nurse earlier next time.",
]
FAMILY_VIEWS = [
    "Mother said the worker listens and explains things; she would like fewer changes of worker.",
    "Father said he felt left out of meetings until the family group conference.",
    "The young person said the worker 'actually turns up' and helped with college.",
    "Grandmother said the plan is clear and she knows who to call.",
]
NOT_GATHERED = [
    "The family declined to take part in the audit.",
    "Mother was in hospital during the audit period; we will ask at the next visit.",
]
REGRADE_REASONS = [
    "The evidence of the child's voice is stronger than the grade suggests: the direct work is exceptional.",
    "The plan has no measurable goals, so the work cannot be good overall however warm the relationship.",
    "Risks from the father's return were not analysed; the grade must reflect that.",
]
ACTIONS = [
    "Rewrite the plan's goals with the family at the next core group.",
    "See the child alone and record their wishes in their own words.",
    "Ask school for their view and add it to the assessment.",
    "Bring the case to the unit meeting to test the current hypothesis.",
    "Book reflective supervision on analysis of risk.",
]
DONE_NOTES = [
    "Done at the core group; the family wrote the goals.",
    "Seen alone at school; recorded.",
    "Done.",
]


def seed(scale: str, password: str) -> str:
    started = time.perf_counter()
    with transaction.atomic():
        message = _seed()
    return f"{message} in {time.perf_counter() - started:.1f} s"


def _tool(statements, owner) -> AuditTool:
    tool = AuditTool.objects.filter(name=TOOL_NAME).first()
    if tool is not None:
        return tool
    tool = AuditTool.objects.create(
        name=TOOL_NAME,
        description="The practice model's statements of what good looks like, graded with the worker.",
        scale=[dict(g) for g in DEFAULT_SCALE],
        model_version=str(statements[0].version),
        created_by=owner,
    )
    Criterion.objects.bulk_create(
        Criterion(tool=tool, position=n, statement_key=s.key, theme=s.principle, text=s.text)
        for n, s in enumerate(statements)
    )
    return tool


def _seed() -> str:  # noqa: C901 - one pass over the units, building rows in memory
    statements = good_practice_statements()
    users = get_user_model().objects
    owner = users.filter(org_role=OrgRole.PRINCIPAL_SOCIAL_WORKER, is_active=True).order_by("pk").first()
    lead = users.filter(org_role=OrgRole.QUALITY_LEAD, is_active=True).order_by("pk").first()
    if not statements or owner is None:
        return "No audits (no published practice model or no principal social worker)"
    moderators = [u.pk for u in (owner, lead) if u is not None]
    tool = _tool(statements, owner)
    criteria = list(tool.criteria.order_by("position").values_list("pk", flat=True))

    today = timezone.localdate()
    this_q = quarter_start(today)
    last_q = _previous_quarter(this_q)
    names = {
        "last": f"Quarterly case audit, {quarter_label(last_q)}",
        "this": f"Quarterly case audit, {quarter_label(this_q)}",
    }
    existing = set(AuditProgramme.objects.filter(name__in=names.values()).values_list("name", flat=True))
    if len(existing) == 2:
        return "0 case audits created"

    units = list(Unit.objects.active().order_by("pk").values_list("pk", flat=True))
    profiles = {
        pk: practice_profile(code) for pk, code in Unit.objects.filter(pk__in=units).values_list("pk", "code")
    }
    consultants: dict[int, int] = {}
    for unit_id, user_id in (
        Membership.objects.current()
        .filter(role=UnitRole.CONSULTANT_SOCIAL_WORKER, unit_id__in=units)
        .order_by("unit_id", "user_id")
        .values_list("unit_id", "user_id")
    ):
        consultants.setdefault(unit_id, user_id)
    # Each unit's open cases, those led by a demo account (`<role>@demo.hearth.test`) first, so the demo
    # accounts find audits of their own cases and actions on their work lists.
    found: dict[int, dict[int, tuple[bool, int | None]]] = {u: {} for u in units}
    for child_id, unit_id, worker_id, email in (
        Referral.objects.filter(
            cin_closure_date__isnull=True, child__restriction="", child__allocated_unit_id__in=units
        )
        .order_by("child_id")
        .values_list(
            "child_id", "child__allocated_unit_id", "child__lead_worker_id", "child__lead_worker__email"
        )
    ):
        found[unit_id][child_id] = ((email or "").split("@")[0] not in ALL_ROLES, worker_id)
    # A strong unit had a quarter of its open cases audited last quarter; a struggling one under a tenth
    # (a small struggling unit perhaps none).
    last_quarter = {
        u: max(int(profiles[u]["audits"] >= 0.25), round((0.04 + 0.25 * profiles[u]["audits"]) * len(rows)))
        for u, rows in found.items()
    }
    cases = {
        u: [
            (child_id, worker, not other)
            for child_id, (other, worker) in sorted(rows.items(), key=lambda r: (r[1][0], r[0]))
        ][: last_quarter[u] + THIS_QUARTER_AUDITS]
        for u, rows in found.items()
    }

    rng = random.Random("hearth-demo-audits")  # noqa: S311
    moderated_count = 0
    tz = timezone.get_current_timezone()

    def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)

    programme_ids = Ids(AuditProgramme)
    audit_ids = Ids(CaseAudit)
    programmes, audits, grades, actions, chronology = [], [], [], [], []
    for which, start in (("last", last_q), ("this", this_q)):
        if names[which] in existing:
            continue
        end = datetime.date(
            start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1
        ) - datetime.timedelta(days=1)
        pid = programme_ids.take()
        programmes.append(
            AuditProgramme(
                id=pid,
                name=names[which],
                tool=tool,
                owner=owner,
                starts_on=start,
                ends_on=end,
                method=SampleMethod.RANDOM,
                seed=rng.randint(1, 999_999),
                draws=1,
            )
        )
        for n, unit_id in enumerate(units):
            strength = profiles[unit_id]["framework"]  # practice that follows the model grades well
            auditor = consultants.get(units[(n + 1) % len(units)]) or owner.pk
            chosen = (
                cases[unit_id][: last_quarter[unit_id]]
                if which == "last"
                else cases[unit_id][last_quarter[unit_id] :]
            )
            for k, (child_id, worker_id, demo_account) in enumerate(chosen):
                if worker_id == auditor:
                    continue
                aid = audit_ids.take()
                others = [m for m in moderators if m != auditor]  # never the auditor
                moderator = others[k % len(others)] if others and k % 3 != 2 else None
                if which == "last":
                    status = Status.MODERATED if moderator else Status.COMPLETED
                else:
                    status = (
                        [Status.PLANNED, Status.IN_PROGRESS][k % 2] if n % 3 else Status.AWAITING_MODERATION
                    )
                    if status == Status.AWAITING_MODERATION and moderator is None:
                        moderator = others[0] if others else None
                        status = Status.AWAITING_MODERATION if others else Status.IN_PROGRESS
                started = at(start + datetime.timedelta(days=rng.randint(3, 40)))
                finished = started + datetime.timedelta(days=rng.randint(5, 30), hours=2)
                if which == "this":
                    started = min(started, at(today) - datetime.timedelta(days=2))
                    finished = None
                roll = rng.random() + strength * 0.6
                overall = 0 if roll > 1.2 else 1 if roll > 0.65 else 2 if roll > 0.25 else 3
                final = overall
                agreed_mod, reason = None, ""
                if status == Status.MODERATED:
                    moderated_count += 1
                    agreed_mod = moderated_count % 4 != 2
                    if not agreed_mod:
                        down = overall == 3 or (overall > 0 and rng.random() < 0.5)
                        final = overall - 1 if down else overall + 1
                        reason = rng.choice(REGRADE_REASONS)
                gathered = rng.random() < 0.7
                graded = status in (Status.MODERATED, Status.COMPLETED, Status.AWAITING_MODERATION)
                in_progress = status == Status.IN_PROGRESS
                record = {
                    "id": aid,
                    "programme_id": pid,
                    "child_id": child_id,
                    "unit_id": unit_id,
                    "worker_id": worker_id,
                    "auditor_id": auditor,
                    "moderator_id": moderator,
                    "draw": 1,
                    "status": status,
                    "started_at": started if status != Status.PLANNED else None,
                    "submitted_at": finished or (at(today) - datetime.timedelta(days=1) if graded else None),
                    "finished_at": finished,
                    "findings": FINDINGS[overall] if graded or in_progress else "",
                    "worker_reflections": rng.choice(REFLECTIONS) if graded else "",
                    "overall_grade": GRADES[overall] if graded or in_progress else "",
                    "auditor_agreed_at": finished or (at(today) - datetime.timedelta(days=1))
                    if graded
                    else None,
                    "worker_agreed_at": finished or (at(today) - datetime.timedelta(days=1))
                    if graded
                    else None,
                    "family_view_status": (FamilyView.GATHERED if gathered else FamilyView.NOT_GATHERED)
                    if graded
                    else "",
                    "family_view": (rng.choice(FAMILY_VIEWS) if gathered else rng.choice(NOT_GATHERED))
                    if graded
                    else "",
                    "moderation_agreed": agreed_mod,
                    "moderated_grade": GRADES[final] if status == Status.MODERATED else "",
                    "moderation_reason": reason,
                    "final_grade": GRADES[final] if graded else "",
                    "final_grade_label": DEFAULT_SCALE[final]["label"] if graded else "",
                    "final_grade_rank": final + 1 if graded else None,
                    "final_meets_standard": DEFAULT_SCALE[final]["meets_standard"] if graded else None,
                    "created_at": at(start),
                    "updated_at": finished or at(today),
                }
                audits.append(record)
                if graded or in_progress:
                    for c, criterion_id in enumerate(criteria):
                        if in_progress and c >= len(criteria) // 2:
                            break
                        g = max(0, min(3, overall + rng.choice([-1, 0, 0, 0, 1])))
                        grades.append(
                            (
                                aid,
                                criterion_id,
                                GRADES[g],
                                "Seen in the record and talked through with the worker.",
                            )
                        )
                if which == "last" and worker_id:
                    for a in range(1 + (overall >= 2)):
                        due = (finished + datetime.timedelta(days=rng.randint(14, 60))).date()
                        done = due < today and rng.random() < 0.75
                        if demo_account and a == 0:  # a demo account has one to do on their work list
                            due, done = today + datetime.timedelta(days=10), False
                        actions.append(
                            AuditAction(
                                audit_id=aid,
                                text=ACTIONS[(k + a) % len(ACTIONS)],
                                owner_id=worker_id,
                                due_on=due,
                                status=ActionStatus.DONE if done else ActionStatus.OPEN,
                                created_by_id=auditor,
                                done_at=at(due) if done else None,
                                done_by_id=worker_id if done else None,
                                done_note=rng.choice(DONE_NOTES) if done else "",
                            )
                        )
                    chronology.append(
                        (
                            child_id,
                            finished,
                            EventKind.OTHER.value,
                            f"Case audit finished: {DEFAULT_SCALE[final]['label']}",
                            f"Audited with the worker in {names['last']}."
                            + (" The grade was moderated." if status == Status.MODERATED else ""),
                            False,
                            "audits.caseaudit",
                            aid,
                        )
                    )
    AuditProgramme.objects.bulk_create(programmes)
    if audits:
        columns = list(audits[0])
        # Plain strings for the choices (COPY on PostgreSQL writes values, not enum members).
        rows = [tuple(str(v) if isinstance(v, str) else v for v in (r[c] for c in columns)) for r in audits]
        _bulk_insert(CaseAudit, columns, rows)
    _bulk_insert(CriterionGrade, ["audit_id", "criterion_id", "grade", "evidence"], grades)
    AuditAction.objects.bulk_create(actions, batch_size=5000)
    _bulk_insert(
        ChronologyEntry,
        ["child_id", "occurred_at", "kind", "title", "summary", "is_key_event", "source_type", "source_id"],
        chronology,
    )
    if connection.vendor == "postgresql":
        _reset_sequence(AuditProgramme)
        _reset_sequence(CaseAudit)
    return f"{len(audits)} case audits in {len(programmes)} programmes created"
