"""Writes for learning reviews and near misses."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core.models import AuditLog
from hearth.people.models import Child

from ..language import child_identifiers_in
from ..models import (
    ActionStatus,
    EntrySource,
    LearningEntry,
    LearningReview,
    NearMiss,
    NearMissStatus,
    Recommendation,
    ReviewAction,
    ReviewChild,
    ReviewKind,
    ReviewStatus,
    Theme,
    TransitionError,
)
from ..permissions import Perm
from ._common import (
    _check_period,
    _clean_themes,
    _entry_themes,
    _locked_review,
    _require,
)

# --- reviews -------------------------------------------------------------------------------------------


@transaction.atomic
def open_review(
    *,
    by,
    kind: str,
    title: str,
    scope: str = "",
    unit=None,
    period_start=None,
    period_end=None,
    themes=(),
    request=None,
) -> LearningReview:
    errors = {}
    if kind not in ReviewKind.values:
        errors["kind"] = "Choose the kind of review"
    title = (title or "").strip()
    if not title:
        errors["title"] = "Give the review a title"
    _check_period(period_start, period_end, errors)
    if errors:
        raise ValidationError(errors)
    if unit is not None:
        _require(by, Perm.OPEN_REVIEW, unit, "You can open reviews only for the units you manage")
    else:
        _require(by, Perm.OPEN_REVIEW, None)
        if not by.has_perm(Perm.PUBLISH):
            raise ValidationError({"unit": "Choose the unit the review is for"})
    review = LearningReview.objects.create(
        kind=kind,
        title=title,
        scope=(scope or "").strip(),
        unit=unit,
        period_start=period_start,
        period_end=period_end,
        themes=_clean_themes(themes),
        opened_by=by,
    )
    AuditLog.record(actor=by, action="learning.review.open", obj=review, request=request, detail=kind)
    return review


@transaction.atomic
def update_review(
    *, by, review: LearningReview, title: str, scope: str, period_start, period_end, themes, request=None
) -> LearningReview:
    review = _locked_review(review)
    _require(by, Perm.EDIT_REVIEW, review, "Only the review's owners can change it")
    review.check_can_edit()
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = "Give the review a title"
    _check_period(period_start, period_end, errors)
    if errors:
        raise ValidationError(errors)
    review.title, review.scope = title, (scope or "").strip()
    review.period_start, review.period_end = period_start, period_end
    review.themes = _clean_themes(themes)
    review.save()
    AuditLog.record(actor=by, action="learning.review.change", obj=review, request=request)
    return review


@transaction.atomic
def write_findings(
    *,
    by,
    review: LearningReview,
    what_helped: str,
    what_got_in_the_way: str,
    what_we_will_do: str,
    request=None,
) -> LearningReview:
    review = _locked_review(review)
    _require(by, Perm.EDIT_REVIEW, review, "Only the review's owners can write its findings")
    review.check_can_edit()
    review.what_helped = (what_helped or "").strip()
    review.what_got_in_the_way = (what_got_in_the_way or "").strip()
    review.what_we_will_do = (what_we_will_do or "").strip()
    review.save(update_fields=["what_helped", "what_got_in_the_way", "what_we_will_do", "updated_at"])
    AuditLog.record(actor=by, action="learning.review.findings", obj=review, request=request)
    return review


@transaction.atomic
def add_child(*, by, review: LearningReview, child_ref: str, request=None) -> ReviewChild:
    """Add a child the person can see, by record number or LA child ID."""
    review = _locked_review(review)
    _require(by, Perm.EDIT_REVIEW, review, "Only the review's owners can add children to it")
    review.check_can_edit()
    ref = (child_ref or "").strip()
    visible = Child.objects.visible_to(by)
    child = None
    if ref.isdigit():
        child = visible.filter(pk=int(ref)).first()
    if child is None and ref:
        child = visible.filter(la_child_id__iexact=ref).first()
    if child is None:
        raise ValidationError(
            {"child": "No child with that record number or LA child ID is in your reach"}
            if ref
            else {"child": "Enter the child's record number or LA child ID"}
        )
    if ReviewChild.objects.filter(review=review, child=child).exists():
        raise ValidationError({"child": "That child is already part of this review"})
    link = ReviewChild.objects.create(review=review, child=child, added_by=by)
    AuditLog.record(
        actor=by, action="learning.review.add_child", obj=review, child_id=child.pk, request=request
    )
    return link


@transaction.atomic
def add_recommendation(*, by, review: LearningReview, text: str, request=None) -> Recommendation:
    review = _locked_review(review)
    _require(by, Perm.EDIT_REVIEW, review, "Only the review's owners can add recommendations")
    review.check_can_edit()
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the recommendation"})
    recommendation = Recommendation.objects.create(review=review, text=text)
    AuditLog.record(actor=by, action="learning.review.recommend", obj=review, request=request)
    return recommendation


@transaction.atomic
def add_action(
    *, by, review: LearningReview, description: str, owner, due_on: datetime.date, request=None, today=None
) -> ReviewAction:
    """An action can be added until the review is disposed of: actions are tracked after publication."""
    today = today or timezone.localdate()
    review = _locked_review(review)
    _require(
        by,
        Perm.EDIT_REVIEW if not review.is_published else Perm.PUBLISH,
        review,
        "Only the review's owners can add actions",
    )
    errors = {}
    description = (description or "").strip()
    if not description:
        errors["description"] = "Write what will be done"
    if owner is None or not owner.is_active:
        errors["owner"] = "Enter the email address of the person who will do it"
    if due_on is None:
        errors["due_on"] = "Enter the date it is due"
    elif due_on < today:
        errors["due_on"] = "The due date must be today or in the future"
    if errors:
        raise ValidationError(errors)
    action = ReviewAction.objects.create(review=review, description=description, owner=owner, due_on=due_on)
    AuditLog.record(actor=by, action="learning.action.add", obj=action, request=request)
    return action


@transaction.atomic
def complete_action(*, by, action: ReviewAction, note: str = "", request=None) -> ReviewAction:
    action = ReviewAction.objects.select_for_update().select_related("review").get(pk=action.pk)
    if action.owner_id != by.pk and not by.has_perm(Perm.EDIT_REVIEW, action.review):
        raise PermissionDenied("Only the action's owner or the review's owners can mark it done")
    action.check_can_complete()
    action.status = ActionStatus.DONE
    action.done_at = timezone.now()
    action.done_note = (note or "").strip()
    action.save(update_fields=["status", "done_at", "done_note"])
    AuditLog.record(actor=by, action="learning.action.done", obj=action, request=request)
    return action


@transaction.atomic
def submit_review(*, by, review: LearningReview, request=None, now=None) -> LearningReview:
    review = _locked_review(review)
    _require(by, Perm.EDIT_REVIEW, review, "Only the review's owners can send it for review")
    review.check_can_submit()
    review.status = ReviewStatus.IN_REVIEW
    review.submitted_at = now or timezone.now()
    review.save(update_fields=["status", "submitted_at", "updated_at"])
    AuditLog.record(actor=by, action="learning.review.submit", obj=review, request=request)
    return review


@transaction.atomic
def return_review(*, by, review: LearningReview, request=None) -> LearningReview:
    review = _locked_review(review)
    _require(by, Perm.PUBLISH, review, "Only the principal social worker or the quality lead can do this")
    review.check_can_return()
    review.status = ReviewStatus.DRAFT
    review.save(update_fields=["status", "updated_at"])
    AuditLog.record(actor=by, action="learning.review.return", obj=review, request=request)
    return review


@transaction.atomic
def publish_review(*, by, review: LearningReview, request=None, now=None) -> LearningEntry:
    """Publish the findings into the library. Refused while any part of the findings or any
    recommendation names a child involved in the review or carries their identifier."""
    review = _locked_review(review)
    _require(by, Perm.PUBLISH, review, "Only the principal social worker or the quality lead can publish")
    review.check_can_publish()
    recommendations = list(review.recommendations.values_list("text", flat=True))
    children = list(Child.objects.filter(pk__in=review.review_children.values("child_id")))
    texts = [
        review.title,
        review.what_helped,
        review.what_got_in_the_way,
        review.what_we_will_do,
        *recommendations,
    ]
    if any(child_identifiers_in(text, children) for text in texts):
        raise TransitionError(
            "The title, findings or recommendations name a child involved in the review or carry one of "
            "their identifiers. Take it out before publishing: published learning never identifies a child"
        )
    review.status = ReviewStatus.PUBLISHED
    review.published_at = now or timezone.now()
    review.published_by = by
    review.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    entry = LearningEntry.objects.create(
        source=EntrySource.REVIEW,
        kind_label=review.get_kind_display(),
        title=review.title,
        themes=list(review.themes),
        what_helped=review.what_helped,
        what_got_in_the_way=review.what_got_in_the_way,
        what_we_will_do=review.what_we_will_do,
        recommendations=recommendations,
        published_at=review.published_at,
        review=review,
    )
    _entry_themes(entry, review.themes)
    AuditLog.record(actor=by, action="learning.review.publish", obj=review, request=request)
    return entry


# --- near misses ---------------------------------------------------------------------------------------


@transaction.atomic
def report_near_miss(
    *, by, what_happened: str, what_stopped_harm: str, theme: str, hide_name: bool = False, request=None
) -> NearMiss:
    _require(by, Perm.REPORT_NEAR_MISS)
    errors = {}
    what_happened = (what_happened or "").strip()
    what_stopped_harm = (what_stopped_harm or "").strip()
    if not what_happened:
        errors["what_happened"] = "Write what happened"
    if not what_stopped_harm:
        errors["what_stopped_harm"] = "Write what stopped harm"
    if theme not in Theme.values:
        errors["theme"] = "Choose the theme closest to what happened"
    if errors:
        raise ValidationError(errors)
    units = sorted(by.unit_ids) or sorted(by.managed_unit_ids)
    near_miss = NearMiss.objects.create(
        reported_by=by,
        hide_name=bool(hide_name),
        unit_id=units[0] if units else None,
        what_happened=what_happened,
        what_stopped_harm=what_stopped_harm,
        theme=theme,
    )
    AuditLog.record(actor=by, action="learning.near_miss.report", obj=near_miss, request=request)
    return near_miss


@transaction.atomic
def take_near_miss_into_review(*, by, near_miss: NearMiss, request=None) -> LearningReview:
    near_miss = NearMiss.objects.select_for_update().get(pk=near_miss.pk)
    _require(
        by, Perm.PUBLISH, None, "Only the principal social worker or the quality lead can open this review"
    )
    near_miss.check_can_take_into_review()
    theme = Theme(near_miss.theme)
    review = LearningReview.objects.create(
        kind=ReviewKind.NEAR_MISS,
        title=f"Near miss: {theme.label.lower()}, reported {timezone.localtime(near_miss.reported_at):%-d %B %Y}",
        scope=f"What happened: {near_miss.what_happened}\n\nWhat stopped harm: {near_miss.what_stopped_harm}",
        unit_id=near_miss.unit_id,
        themes=[near_miss.theme],
        opened_by=by,
    )
    near_miss.review = review
    near_miss.status = NearMissStatus.IN_REVIEW
    near_miss.save(update_fields=["review", "status"])
    AuditLog.record(actor=by, action="learning.near_miss.review", obj=near_miss, request=request)
    AuditLog.record(actor=by, action="learning.review.open", obj=review, request=request, detail="near-miss")
    return review
