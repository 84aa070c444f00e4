"""Writes for the practice framework and model: drafts, their parts, publishing, and the prompts a
worker used on a plan or an assessment. One atomic function per thing a person does, each audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hearth.core.models import AuditLog

from ..models import (
    FrameworkVersion,
    GoodPracticeStatement,
    Method,
    Principle,
    PromptKind,
    PromptUse,
    RecordingPrompt,
    TransitionError,
    VersionStatus,
)
from ..permissions import Perm
from ._common import ONLY_OWNERS, _require, _required_text

# ---------------------------------------------------------------------------------------------------
# Framework and model
# ---------------------------------------------------------------------------------------------------


def _locked_version(version: FrameworkVersion) -> FrameworkVersion:
    return FrameworkVersion.objects.select_for_update().get(pk=version.pk)


@transaction.atomic
def start_draft(*, by, request=None) -> FrameworkVersion:
    """A new draft: a copy of the current published version (keys kept), or an empty first version."""
    _require(by, Perm.MANAGE_FRAMEWORK, ONLY_OWNERS)
    if FrameworkVersion.objects.filter(status=VersionStatus.DRAFT).exists():
        raise TransitionError("There is already a draft. Carry on with it, or publish it first.")
    current = FrameworkVersion.objects.current()
    number = (FrameworkVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    if current is None:
        draft = FrameworkVersion.objects.create(
            number=number,
            framework_summary="",
            model_summary="",
            family_summary="",
            created_by=by,
        )
    else:
        draft = FrameworkVersion.objects.create(
            number=number,
            title=current.title,
            framework_summary=current.framework_summary,
            model_summary=current.model_summary,
            family_summary=current.family_summary,
            created_by=by,
            based_on=current,
        )
        _copy_contents(current, draft)
    AuditLog.record(actor=by, action="framework.version.start_draft", obj=draft, request=request)
    return draft


def _copy_contents(source: FrameworkVersion, draft: FrameworkVersion) -> None:
    principles = list(source.principles.order_by("order", "id"))
    new_principles = Principle.objects.bulk_create(
        [
            Principle(
                version=draft,
                key=p.key,
                order=p.order,
                name=p.name,
                summary=p.summary,
                theory=p.theory,
                research=p.research,
                family_text=p.family_text,
            )
            for p in principles
        ]
    )
    by_old = {old.pk: new for old, new in zip(principles, new_principles, strict=True)}
    if not all(p.pk for p in new_principles):  # backends that do not return ids from bulk inserts
        keyed = {p.key: p for p in draft.principles.all()}
        by_old = {old.pk: keyed[old.key] for old in principles}
    Method.objects.bulk_create(
        [
            Method(version=draft, key=m.key, order=m.order, name=m.name, description=m.description)
            for m in source.methods.all()
        ]
    )
    GoodPracticeStatement.objects.bulk_create(
        [
            GoodPracticeStatement(
                version=draft, key=s.key, order=s.order, principle=by_old[s.principle_id], text=s.text
            )
            for s in source.statements.all()
        ]
    )
    RecordingPrompt.objects.bulk_create(
        [
            RecordingPrompt(
                version=draft,
                key=p.key,
                order=p.order,
                kind=p.kind,
                text=p.text,
                principle=by_old.get(p.principle_id),
            )
            for p in source.prompts.all()
        ]
    )


@transaction.atomic
def update_summary(
    *,
    by,
    version: FrameworkVersion,
    title: str,
    framework_summary: str,
    model_summary: str,
    family_summary: str,
    change_summary: str = "",
    request=None,
) -> FrameworkVersion:
    _require(by, Perm.MANAGE_FRAMEWORK, ONLY_OWNERS)
    version = _locked_version(version)
    version.check_can_edit()
    errors: dict = {}
    version.title = _required_text(errors, "title", title, "Enter a title")
    version.framework_summary = _required_text(
        errors, "framework_summary", framework_summary, "Write why we work this way"
    )
    version.model_summary = _required_text(errors, "model_summary", model_summary, "Write how we work")
    version.family_summary = _required_text(
        errors, "family_summary", family_summary, "Write the version for families and partners"
    )
    version.change_summary = (change_summary or "").strip()
    if errors:
        raise ValidationError(errors)
    version.save()
    AuditLog.record(actor=by, action="framework.version.edit", obj=version, request=request)
    return version


def _next_order(qs) -> int:
    return (qs.aggregate(o=Max("order"))["o"] or 0) + 1


@transaction.atomic
def save_principle(
    *,
    by,
    version: FrameworkVersion,
    principle: Principle | None = None,
    name: str,
    summary: str,
    theory: str,
    research: str,
    family_text: str,
    request=None,
) -> Principle:
    """Add a principle to the draft, or change one of its principles."""
    _require(by, Perm.MANAGE_FRAMEWORK, ONLY_OWNERS)
    version = _locked_version(version)
    version.check_can_edit()
    errors: dict = {}
    values = {
        "name": _required_text(errors, "name", name, "Enter the principle's name"),
        "summary": _required_text(errors, "summary", summary, "Write what the principle means"),
        "theory": _required_text(errors, "theory", theory, "Write the theory behind it"),
        "research": _required_text(errors, "research", research, "Write the research and evidence"),
        "family_text": _required_text(errors, "family_text", family_text, "Write it in plain English"),
    }
    if errors:
        raise ValidationError(errors)
    if principle is None:
        principle = Principle.objects.create(
            version=version,
            key=Principle.new_key("principle"),
            order=_next_order(version.principles.all()),
            **values,
        )
        action = "framework.principle.add"
    else:
        if principle.version_id != version.pk:
            raise TransitionError("That principle belongs to another version.")
        for field, value in values.items():
            setattr(principle, field, value)
        principle.save()
        action = "framework.principle.edit"
    AuditLog.record(
        actor=by, action=action, obj=principle, request=request, detail=f"version {version.number}"
    )
    return principle


@transaction.atomic
def save_method(
    *, by, version: FrameworkVersion, method: Method | None = None, name: str, description: str, request=None
) -> Method:
    _require(by, Perm.MANAGE_FRAMEWORK, ONLY_OWNERS)
    version = _locked_version(version)
    version.check_can_edit()
    errors: dict = {}
    name = _required_text(errors, "name", name, "Enter the name of the skill or method")
    description = _required_text(errors, "description", description, "Describe the skill or method")
    if errors:
        raise ValidationError(errors)
    if method is None:
        method = Method.objects.create(
            version=version,
            key=Method.new_key("method"),
            order=_next_order(version.methods.all()),
            name=name,
            description=description,
        )
        action = "framework.method.add"
    else:
        if method.version_id != version.pk:
            raise TransitionError("That method belongs to another version.")
        method.name, method.description = name, description
        method.save()
        action = "framework.method.edit"
    AuditLog.record(actor=by, action=action, obj=method, request=request, detail=f"version {version.number}")
    return method


@transaction.atomic
def save_statement(
    *,
    by,
    version: FrameworkVersion,
    statement: GoodPracticeStatement | None = None,
    principle: Principle,
    text: str,
    request=None,
) -> GoodPracticeStatement:
    _require(by, Perm.MANAGE_FRAMEWORK, ONLY_OWNERS)
    version = _locked_version(version)
    version.check_can_edit()
    errors: dict = {}
    text = _required_text(errors, "text", text, "Write what good looks like")
    if principle is None or principle.version_id != version.pk:
        errors["principle"] = "Choose a principle of this version"
    if errors:
        raise ValidationError(errors)
    if statement is None:
        statement = GoodPracticeStatement.objects.create(
            version=version,
            key=GoodPracticeStatement.new_key(principle.key),
            order=_next_order(version.statements.filter(principle=principle)),
            principle=principle,
            text=text,
        )
        action = "framework.statement.add"
    else:
        if statement.version_id != version.pk:
            raise TransitionError("That statement belongs to another version.")
        statement.principle, statement.text = principle, text
        statement.save()
        action = "framework.statement.edit"
    AuditLog.record(
        actor=by, action=action, obj=statement, request=request, detail=f"version {version.number}"
    )
    return statement


@transaction.atomic
def save_prompt(
    *,
    by,
    version: FrameworkVersion,
    prompt: RecordingPrompt | None = None,
    kind: str,
    text: str,
    principle: Principle | None = None,
    request=None,
) -> RecordingPrompt:
    _require(by, Perm.MANAGE_FRAMEWORK, ONLY_OWNERS)
    version = _locked_version(version)
    version.check_can_edit()
    errors: dict = {}
    text = _required_text(errors, "text", text, "Write the question to ask")
    if len(text) > 300:
        errors["text"] = "The question must be 300 characters or fewer"
    if kind not in PromptKind.values:
        errors["kind"] = "Choose where the question is asked"
    if principle is not None and principle.version_id != version.pk:
        errors["principle"] = "Choose a principle of this version"
    if errors:
        raise ValidationError(errors)
    if prompt is None:
        prompt = RecordingPrompt.objects.create(
            version=version,
            key=RecordingPrompt.new_key(kind),
            order=_next_order(version.prompts.filter(kind=kind)),
            kind=kind,
            text=text,
            principle=principle,
        )
        action = "framework.prompt.add"
    else:
        if prompt.version_id != version.pk:
            raise TransitionError("That question belongs to another version.")
        prompt.kind, prompt.text, prompt.principle = kind, text, principle
        prompt.save()
        action = "framework.prompt.edit"
    AuditLog.record(actor=by, action=action, obj=prompt, request=request, detail=f"version {version.number}")
    return prompt


@transaction.atomic
def remove_part(*, by, version: FrameworkVersion, part, request=None) -> None:
    """Take a principle (with its statements), method, statement or prompt out of the draft."""
    _require(by, Perm.MANAGE_FRAMEWORK, ONLY_OWNERS)
    version = _locked_version(version)
    version.check_can_edit()
    if part.version_id != version.pk:
        raise TransitionError("That part belongs to another version.")
    AuditLog.record(
        actor=by,
        action=f"framework.{part._meta.model_name}.remove",
        obj=part,
        request=request,
        detail=f"version {version.number}",
    )
    part.delete()


@transaction.atomic
def publish_version(*, by, version: FrameworkVersion, request=None, now=None) -> FrameworkVersion:
    """Publish the draft: the published version before it is kept, readable, as superseded."""
    _require(by, Perm.MANAGE_FRAMEWORK, "Only the principal social worker or a quality lead can publish.")
    version = _locked_version(version)
    version.check_can_publish()
    missing = []
    if not (version.framework_summary and version.model_summary and version.family_summary):
        missing.append("the summaries (why, how, and the version for families)")
    if not version.principles.exists():
        missing.append("at least one principle")
    if not version.statements.exists():
        missing.append("at least one 'what good looks like' statement")
    if missing:
        raise TransitionError("Before publishing, add " + " and ".join(missing) + ".")
    previous = FrameworkVersion.objects.select_for_update().filter(status=VersionStatus.PUBLISHED).first()
    if previous is not None:
        previous.status = VersionStatus.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
    version.status = VersionStatus.PUBLISHED
    version.published_at = now or timezone.now()
    version.published_by = by
    version.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    AuditLog.record(
        actor=by,
        action="framework.version.publish",
        obj=version,
        request=request,
        detail=f"version {version.number}" + (f" replaces version {previous.number}" if previous else ""),
    )
    return version


@transaction.atomic
def discard_draft(*, by, version: FrameworkVersion, request=None) -> None:
    _require(by, Perm.MANAGE_FRAMEWORK, ONLY_OWNERS)
    version = _locked_version(version)
    version.check_can_edit()
    AuditLog.record(
        actor=by,
        action="framework.version.discard",
        obj=version,
        request=request,
        detail=f"version {version.number}",
    )
    version.delete()


def record_prompts_used(user, kind: str, obj, child_id=None, prompt_keys=(), *, now=None) -> int:
    """Keep which of the current model's prompts a worker used on a plan or an assessment (also the
    RECORDING_PROMPTS_USED slot, called after casework saved the record). Keys that
    are not current prompts of that kind are ignored. Returns how many were kept."""
    current = FrameworkVersion.objects.current()
    if current is None or not prompt_keys or kind not in PromptKind.values:
        return 0
    keys = set(current.prompts.filter(kind=kind, key__in=list(prompt_keys)).values_list("key", flat=True))
    if not keys:
        return 0
    now = now or timezone.now()
    with transaction.atomic():
        PromptUse.objects.bulk_create(
            [
                PromptUse(
                    prompt_key=key,
                    version=current,
                    kind=kind,
                    object_type=obj._meta.label_lower,
                    object_id=str(obj.pk),
                    child_id=child_id,
                    used_by=user,
                    used_at=now,
                )
                for key in sorted(keys)
            ],
            ignore_conflicts=True,
        )
        AuditLog.record(
            actor=user,
            action="framework.prompts.used",
            obj=obj,
            child_id=child_id,
            detail=f"{len(keys)} {kind} prompts",
        )
    return len(keys)
