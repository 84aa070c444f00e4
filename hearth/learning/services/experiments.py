"""Writes for practice experiments."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core.models import AuditLog

from ..models import (
    EntrySource,
    Experiment,
    ExperimentStatus,
    LearningEntry,
)
from ..permissions import Perm
from ._common import (
    _clean_themes,
    _entry_themes,
    _require,
)

# --- experiments ---------------------------------------------------------------------------------------


@transaction.atomic
def propose_experiment(*, by, data: dict, request=None, today=None) -> Experiment:
    _require(by, Perm.PROPOSE_EXPERIMENT)
    today = today or timezone.localdate()
    fields = ("title", "hypothesis", "what_we_will_try", "for_which_families", "how_we_will_know")
    messages = {
        "title": "Give the experiment a short name",
        "hypothesis": "Write what you think will happen",
        "what_we_will_try": "Write what you will try",
        "for_which_families": "Say which families it is for",
        "how_we_will_know": "Say how you will know if it helped",
    }
    errors = {}
    values = {f: (data.get(f) or "").strip() for f in fields}
    for f in fields:
        if not values[f]:
            errors[f] = messages[f]
    review_on = data.get("review_on")
    if review_on is None:
        errors["review_on"] = "Enter the date you will review it"
    elif review_on <= today:
        errors["review_on"] = "The review date must be in the future"
    unit = data.get("unit")
    if unit is not None and unit.pk not in by.reach_unit_ids:
        errors["unit"] = "Choose one of your own units, or none"
    if errors:
        raise ValidationError(errors)
    experiment = Experiment.objects.create(
        proposed_by=by, unit=unit, review_on=review_on, themes=_clean_themes(data.get("themes")), **values
    )
    AuditLog.record(actor=by, action="learning.experiment.propose", obj=experiment, request=request)
    return experiment


@transaction.atomic
def decide_experiment(
    *, by, experiment: Experiment, agree: bool, reason: str = "", request=None
) -> Experiment:
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    _require(
        by,
        Perm.AGREE_EXPERIMENT,
        experiment,
        "Only a manager of the unit or the principal social worker can agree an experiment",
    )
    experiment.check_can_decide(by)
    reason = (reason or "").strip()
    if not agree and not reason:
        raise ValidationError({"reason": "Say why the experiment is not agreed"})
    experiment.status = ExperimentStatus.RUNNING if agree else ExperimentStatus.NOT_AGREED
    experiment.decided_by, experiment.decided_at, experiment.decision_reason = by, timezone.now(), reason
    experiment.save()
    AuditLog.record(
        actor=by,
        action="learning.experiment.agree" if agree else "learning.experiment.not_agreed",
        obj=experiment,
        request=request,
    )
    return experiment


def can_record_outcome(user, experiment: Experiment) -> bool:
    return (
        experiment.proposed_by_id == user.pk
        or user.has_perm(Perm.AGREE_EXPERIMENT, experiment)
        or user.has_perm(Perm.PUBLISH)
    )


@transaction.atomic
def finish_experiment(*, by, experiment: Experiment, outcome: str, learning: str, request=None) -> Experiment:
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    if not can_record_outcome(by, experiment):
        raise PermissionDenied(
            "Only the person who proposed it, a manager of the unit or the principal social "
            "worker can record the outcome"
        )
    experiment.check_can_finish()
    errors = {}
    outcome, learning = (outcome or "").strip(), (learning or "").strip()
    if not outcome:
        errors["outcome"] = "Write what happened"
    if not learning:
        errors["learning"] = "Write what was learned"
    if errors:
        raise ValidationError(errors)
    experiment.outcome, experiment.learning = outcome, learning
    experiment.status, experiment.finished_at = ExperimentStatus.FINISHED, timezone.now()
    experiment.save()
    AuditLog.record(actor=by, action="learning.experiment.finish", obj=experiment, request=request)
    return experiment


@transaction.atomic
def publish_experiment(*, by, experiment: Experiment, request=None, now=None) -> LearningEntry:
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    _require(by, Perm.PUBLISH, None, "Only the principal social worker or the quality lead can publish")
    experiment.check_can_publish()
    experiment.status, experiment.published_at = ExperimentStatus.PUBLISHED, now or timezone.now()
    experiment.save(update_fields=["status", "published_at", "updated_at"])
    entry = LearningEntry.objects.create(
        source=EntrySource.EXPERIMENT,
        kind_label="Practice experiment",
        title=experiment.title,
        themes=list(experiment.themes),
        what_helped=experiment.outcome,
        what_we_will_do=experiment.learning,
        recommendations=[
            f"What we tried: {experiment.what_we_will_try}",
            f"Hypothesis: {experiment.hypothesis}",
        ],
        published_at=experiment.published_at,
        experiment=experiment,
    )
    _entry_themes(entry, experiment.themes)
    AuditLog.record(actor=by, action="learning.experiment.publish", obj=experiment, request=request)
    return entry
