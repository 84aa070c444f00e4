"""Writes for quality assurance audits: one atomic function per thing a person does, each writing its
audit row. Transitions refuse impossible moves with `TransitionError` (a plain-English message); bad input
raises `ValidationError` naming the field."""

from __future__ import annotations

import datetime
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.cases.models import EventKind
from hearth.cases.services.chronology import add_to_chronology
from hearth.core.models import AuditLog
from hearth.framework.selectors import statements_by_key

from . import selectors
from .models import (
    DEFAULT_SCALE,
    MAX_TEXT,
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
    Theme,
    TransitionError,
)
from .permissions import Perm

MAX_SAMPLE = 50


def _text(value) -> str:
    return (value or "").strip()


def _locked(audit: CaseAudit) -> CaseAudit:
    """The audit as saved now, locked for the change (row lock on PostgreSQL)."""
    return CaseAudit.objects.select_for_update().select_related("programme__tool").get(pk=audit.pk)


def _require(user, perm: str, obj, message: str) -> None:
    if not user.has_perm(perm, obj):
        raise TransitionError(message)


# --- tools ----------------------------------------------------------------------------------------


def parse_scale(text: str) -> list[dict]:
    """A scale written one grade a line, best first; a line ending in " *" meets the standard ("good or
    better"). Empty: the default scale."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return [dict(g) for g in DEFAULT_SCALE]
    scale, seen = [], set()
    for line in lines:
        meets = line.endswith("*")
        label = line.rstrip("*").strip()
        key = "-".join(label.lower().split())[:40]
        if not label or key in seen:
            raise ValidationError({"scale": "Write each grade once, one a line, best first"})
        seen.add(key)
        scale.append({"key": key, "label": label[:60], "meets_standard": meets})
    if len(scale) < 2:
        raise ValidationError({"scale": "A scale needs at least two grades"})
    if not any(g["meets_standard"] for g in scale):
        raise ValidationError({"scale": "Mark with * the grades that meet the standard"})
    return scale


@transaction.atomic
def create_tool(*, by, name: str, description: str, statement_keys: list[str], scale: str = "", request=None):
    """A tool from statements of the current practice model: their words and keys are copied in."""
    _require(by, Perm.MANAGE, None, "Only the principal social worker and quality leads can make audit tools")
    errors = {}
    name = _text(name)
    if not name:
        errors["name"] = "Write a name for the tool"
    statements = statements_by_key(statement_keys) if statement_keys else {}
    if not statements:
        errors["statements"] = "Choose at least one statement of what good looks like"
    try:
        grades = parse_scale(scale)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    ordered = sorted(statements.values(), key=lambda s: s.order)
    tool = AuditTool.objects.create(
        name=name,
        description=_text(description),
        scale=grades,
        model_version=str(ordered[0].version),
        created_by=by,
    )
    Criterion.objects.bulk_create(
        Criterion(tool=tool, position=n, statement_key=s.key, theme=s.principle, text=s.text)
        for n, s in enumerate(ordered)
    )
    AuditLog.record(actor=by, action="audits.tool.create", obj=tool, request=request)
    return tool


# --- programmes -----------------------------------------------------------------------------------


@transaction.atomic
def start_programme(
    *,
    by,
    name: str,
    tool: AuditTool,
    starts_on: datetime.date,
    ends_on: datetime.date,
    method: str,
    unit=None,
    episode_kind: str = "",
    theme: str = "",
    seed: int | None = None,
    request=None,
) -> AuditProgramme:
    _require(by, Perm.MANAGE, None, "Only the principal social worker and quality leads can start programmes")
    errors = {}
    if not _text(name):
        errors["name"] = "Write a name for the programme"
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "The end date must be the same as or after the start date"
    if method == SampleMethod.THEMED:
        if theme not in Theme.values:
            errors["theme"] = "Choose the theme of the audits"
        unit, episode_kind = None, ""
    elif method == SampleMethod.RANDOM:
        theme = ""
    else:
        errors["method"] = "Choose how cases are chosen"
    if errors:
        raise ValidationError(errors)
    programme = AuditProgramme.objects.create(
        name=_text(name),
        tool=tool,
        owner=by,
        starts_on=starts_on,
        ends_on=ends_on,
        method=method,
        unit=unit,
        episode_kind=episode_kind or "",
        theme=theme or "",
        seed=seed if seed is not None else random.SystemRandom().randint(1, 999_999),
    )
    AuditLog.record(actor=by, action="audits.programme.start", obj=programme, request=request)
    return programme


def draw(candidates: list[int], *, seed: int, draw_number: int, size: int) -> list[int]:
    """A reproducible random choice of `size` children from `candidates`: the same seed, draw and
    candidates always give the same children."""
    rng = random.Random(f"hearth-audit:{seed}:{draw_number}")  # noqa: S311 - sampling, not secrets
    pool = sorted(set(candidates))
    return sorted(rng.sample(pool, min(size, len(pool))))


@transaction.atomic
def draw_sample(*, by, programme: AuditProgramme, size: int, request=None) -> list[CaseAudit]:
    """Add `size` cases to the programme, chosen at random among the eligible children who are not in
    it yet. Each becomes a planned audit with the child's unit and lead worker as they are now."""
    programme = AuditProgramme.objects.select_for_update().get(pk=programme.pk)
    if not (programme.owner_id == by.pk or by.has_perm(Perm.MANAGE)):
        raise TransitionError("Only the programme's owner can draw cases")
    if not size or size < 1 or size > MAX_SAMPLE:
        raise ValidationError({"size": f"Choose between 1 and {MAX_SAMPLE} cases"})
    candidates = selectors.eligible_children(programme)
    if not candidates:
        raise TransitionError("There are no more cases that fit this programme")
    programme.draws += 1
    programme.save(update_fields=["draws", "updated_at"])
    chosen = draw(list(candidates), seed=programme.seed, draw_number=programme.draws, size=size)
    audits = CaseAudit.objects.bulk_create(
        CaseAudit(
            programme=programme,
            child_id=child_id,
            unit_id=candidates[child_id][0],
            worker_id=candidates[child_id][1],
            draw=programme.draws,
        )
        for child_id in chosen
    )
    AuditLog.record(
        actor=by,
        action="audits.programme.draw",
        obj=programme,
        children=chosen,
        request=request,
        detail=f"draw {programme.draws}",
    )
    return audits


@transaction.atomic
def assign(*, by, audit: CaseAudit, auditor, moderator=None, request=None) -> CaseAudit:
    audit = _locked(audit)
    if not (audit.programme.owner_id == by.pk or by.has_perm(Perm.MANAGE)):
        raise TransitionError("Only the programme's owner can assign auditors")
    audit.check_can_assign(auditor=auditor, moderator=moderator)
    audit.auditor = auditor
    audit.moderator = moderator
    audit.save(update_fields=["auditor", "moderator", "updated_at"])
    AuditLog.record(
        actor=by, action="audits.audit.assign", obj=audit, child_id=audit.child_id, request=request
    )
    return audit


# --- conducting an audit with the worker --------------------------------------------------------


@transaction.atomic
def start_audit(*, by, audit: CaseAudit, request=None) -> CaseAudit:
    audit = _locked(audit)
    _require(by, Perm.CONDUCT, audit, "Only the audit's auditor can start it")
    audit.check_can_start()
    audit.status = Status.IN_PROGRESS
    audit.started_at = timezone.now()
    audit.save(update_fields=["status", "started_at", "updated_at"])
    AuditLog.record(
        actor=by, action="audits.audit.start", obj=audit, child_id=audit.child_id, request=request
    )
    return audit


def _unagree(audit: CaseAudit) -> list[str]:
    """A change to the findings means both must agree again."""
    audit.auditor_agreed_at = audit.worker_agreed_at = None
    return ["auditor_agreed_at", "worker_agreed_at"]


@transaction.atomic
def record_grades(
    *, by, audit: CaseAudit, grades: dict[int, tuple[str, str]], overall: str, findings: str, request=None
) -> CaseAudit:
    """The auditor's grade and evidence for each criterion, the overall grade and what the audit found.
    `grades` maps a criterion's id to (grade, evidence); a criterion left ungraded stays ungraded."""
    audit = _locked(audit)
    _require(by, Perm.CONDUCT, audit, "Only the audit's auditor can grade it")
    audit.check_can_edit()
    tool = audit.programme.tool
    keys = {g["key"] for g in tool.grades()}
    criteria = set(tool.criteria.values_list("pk", flat=True))
    errors = {}
    if overall and overall not in keys:
        errors["overall"] = "Choose an overall grade from the scale"
    for criterion_id, (grade, evidence) in grades.items():
        if criterion_id not in criteria:
            errors["__all__"] = "A criterion that is not in this audit's tool was graded"
        elif grade and grade not in keys:
            errors[f"grade_{criterion_id}"] = "Choose a grade from the scale"
        elif len(evidence or "") > MAX_TEXT:
            errors[f"evidence_{criterion_id}"] = f"The evidence must be {MAX_TEXT:,} characters or fewer"
    if errors:
        raise ValidationError(errors)
    existing = {g.criterion_id: g for g in audit.grades.all()}
    new, changed = [], []
    for criterion_id, (grade, evidence) in grades.items():
        if not grade:
            continue
        row = existing.get(criterion_id)
        if row is None:
            new.append(
                CriterionGrade(audit=audit, criterion_id=criterion_id, grade=grade, evidence=_text(evidence))
            )
        elif (row.grade, row.evidence) != (grade, _text(evidence)):
            row.grade, row.evidence = grade, _text(evidence)
            changed.append(row)
    CriterionGrade.objects.bulk_create(new)
    CriterionGrade.objects.bulk_update(changed, ["grade", "evidence"])
    audit.overall_grade = overall or ""
    audit.findings = _text(findings)
    fields = ["overall_grade", "findings", "updated_at", *_unagree(audit)]
    audit.save(update_fields=fields)
    AuditLog.record(
        actor=by, action="audits.audit.grade", obj=audit, child_id=audit.child_id, request=request
    )
    return audit


@transaction.atomic
def record_reflections(*, by, audit: CaseAudit, text: str, request=None) -> CaseAudit:
    """The lead worker's reflections on their practice, written by the worker or by the auditor with them."""
    audit = _locked(audit)
    _require(
        by, Perm.CONTRIBUTE, audit, "Only the auditor and the child's lead worker can record reflections"
    )
    audit.check_can_edit()
    text = _text(text)
    if not text:
        raise ValidationError({"reflections": "Write the worker's reflections"})
    audit.worker_reflections = text
    audit.save(update_fields=["worker_reflections", "updated_at", *_unagree(audit)])
    AuditLog.record(
        actor=by, action="audits.audit.reflect", obj=audit, child_id=audit.child_id, request=request
    )
    return audit


@transaction.atomic
def record_family_view(*, by, audit: CaseAudit, gathered: bool, text: str, request=None) -> CaseAudit:
    """What the family said about the help they get, or why their view was not gathered."""
    audit = _locked(audit)
    _require(by, Perm.CONDUCT, audit, "Only the audit's auditor can record the family's view")
    audit.check_can_edit()
    text = _text(text)
    if not text:
        raise ValidationError(
            {
                "family_view": "Write what the family said"
                if gathered
                else "Write why the family's view was not gathered"
            }
        )
    audit.family_view_status = FamilyView.GATHERED if gathered else FamilyView.NOT_GATHERED
    audit.family_view = text
    audit.save(update_fields=["family_view_status", "family_view", "updated_at"])
    AuditLog.record(
        actor=by, action="audits.audit.family-view", obj=audit, child_id=audit.child_id, request=request
    )
    return audit


@transaction.atomic
def agree_findings(*, by, audit: CaseAudit, request=None) -> CaseAudit:
    """The auditor or the worker says they agree the findings as written (each for themselves)."""
    audit = _locked(audit)
    _require(by, Perm.CONTRIBUTE, audit, "Only the auditor and the child's lead worker agree the findings")
    audit.check_can_agree()
    now = timezone.now()
    field = "auditor_agreed_at" if by.pk == audit.auditor_id else "worker_agreed_at"
    if getattr(audit, field) is not None:
        raise TransitionError("You have already agreed these findings")
    setattr(audit, field, now)
    audit.save(update_fields=[field, "updated_at"])
    AuditLog.record(
        actor=by, action="audits.audit.agree", obj=audit, child_id=audit.child_id, request=request
    )
    return audit


def _finish(audit: CaseAudit, *, by, now) -> None:
    audit.finished_at = now
    add_to_chronology(
        children=[audit.child_id],
        occurred_at=now,
        kind=EventKind.OTHER,
        title=f"Case audit finished: {audit.final_grade_label}",
        summary=f"Audited with the worker in {audit.programme.name}."
        + (" The grade was moderated." if audit.status == Status.MODERATED else ""),
        source=audit,
    )


@transaction.atomic
def submit(*, by, audit: CaseAudit, request=None, now=None) -> CaseAudit:
    """The auditor submits the agreed audit: to its moderator, or, with nobody to moderate it, complete."""
    audit = _locked(audit)
    _require(by, Perm.CONDUCT, audit, "Only the audit's auditor can submit it")
    audit.check_can_submit(graded=audit.grades.count(), criteria=audit.programme.tool.criteria.count())
    now = now or timezone.now()
    audit.submitted_at = now
    audit.set_final_grade(audit.programme.tool, audit.overall_grade)
    if audit.moderator_id:
        audit.status = Status.AWAITING_MODERATION
    else:
        audit.status = Status.COMPLETED
        _finish(audit, by=by, now=now)
    audit.save()
    AuditLog.record(
        actor=by, action="audits.audit.submit", obj=audit, child_id=audit.child_id, request=request
    )
    return audit


@transaction.atomic
def moderate(*, by, audit: CaseAudit, agree: bool, grade: str = "", reason: str = "", request=None, now=None):
    """The moderator agrees the grade, or changes it with a reason."""
    audit = _locked(audit)
    audit.check_can_moderate(by)
    tool = audit.programme.tool
    reason = _text(reason)
    if not agree:
        errors = {}
        if tool.grade(grade) is None:
            errors["grade"] = "Choose the grade the audit should have"
        elif grade == audit.overall_grade:
            errors["grade"] = "That is the auditor's grade: choose a different one, or agree the grade"
        if not reason:
            errors["reason"] = "Write why the grade changes"
        if errors:
            raise ValidationError(errors)
    now = now or timezone.now()
    audit.moderation_agreed = agree
    audit.moderated_grade = audit.overall_grade if agree else grade
    audit.moderation_reason = reason
    audit.status = Status.MODERATED
    audit.set_final_grade(tool, audit.moderated_grade)
    _finish(audit, by=by, now=now)
    audit.save()
    AuditLog.record(
        actor=by,
        action="audits.audit.moderate" if agree else "audits.audit.regrade",
        obj=audit,
        child_id=audit.child_id,
        reason=reason,
        request=request,
    )
    return audit


# --- actions --------------------------------------------------------------------------------------


@transaction.atomic
def add_action(*, by, audit: CaseAudit, text: str, owner, due_on: datetime.date, request=None, today=None):
    audit = _locked(audit)
    _require(
        by, Perm.ADD_ACTION, audit, "Only the auditor, the moderator or the programme's owner add actions"
    )
    if audit.status == Status.PLANNED:
        raise TransitionError("Start the audit before adding actions")
    today = today or timezone.localdate()
    errors = {}
    if not _text(text):
        errors["text"] = "Write what needs to happen"
    if owner is None:
        errors["owner"] = "Choose who will do it"
    if due_on is None:
        errors["due_on"] = "Enter the date it is due by"
    elif due_on < today:
        errors["due_on"] = "The due date must be today or in the future"
    if errors:
        raise ValidationError(errors)
    action = AuditAction.objects.create(
        audit=audit, text=_text(text), owner=owner, due_on=due_on, created_by=by
    )
    AuditLog.record(
        actor=by, action="audits.action.add", obj=action, child_id=audit.child_id, request=request
    )
    return action


@transaction.atomic
def complete_action(*, by, action: AuditAction, note: str, request=None) -> AuditAction:
    action = AuditAction.objects.select_for_update().select_related("audit").get(pk=action.pk)
    _require(by, Perm.COMPLETE_ACTION, action, "Only the action's owner or the auditor can mark it done")
    action.check_can_mark_done()
    note = _text(note)
    if not note:
        raise ValidationError({"note": "Write what was done"})
    action.status = ActionStatus.DONE
    action.done_at = timezone.now()
    action.done_by = by
    action.done_note = note
    action.save(update_fields=["status", "done_at", "done_by", "done_note", "updated_at"])
    AuditLog.record(
        actor=by, action="audits.action.done", obj=action, child_id=action.audit.child_id, request=request
    )
    return action
