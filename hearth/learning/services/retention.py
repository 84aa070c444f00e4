"""Retention periods and disposal of learning records."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core.models import AuditLog

from ..models import (
    DEFAULT_RETENTION_YEARS,
    LearningReview,
    NearMiss,
    RetentionSetting,
    ReviewKind,
    TransitionError,
)
from ..permissions import Perm
from ._common import (
    MAX_RETENTION_YEARS,
    _locked_review,
    _require,
)

# --- retention -----------------------------------------------------------------------------------------


def current_retention() -> dict[str, int]:
    """Years kept per kind: the newest setting per kind, else the default. One query."""
    years = dict(DEFAULT_RETENTION_YEARS)
    seen = set()
    for kind, value in RetentionSetting.objects.order_by("-changed_at", "-id").values_list("kind", "years"):
        if kind not in seen:
            seen.add(kind)
            years[kind] = value
    return years


@transaction.atomic
def change_retention(*, by, years: dict[str, int], reason: str, request=None) -> int:
    """Record a new setting for each kind whose period changes. Returns how many changed."""
    _require(
        by, Perm.MANAGE_RETENTION, None, "Only the principal social worker or the quality lead can do this"
    )
    reason = (reason or "").strip()
    errors = {}
    for kind, value in years.items():
        if kind not in ReviewKind.values:
            errors["__all__"] = "Unknown kind of review"
        elif value is None or not 1 <= value <= MAX_RETENTION_YEARS:
            errors[kind] = f"Enter a number of years from 1 to {MAX_RETENTION_YEARS}"
    if not reason:
        errors["reason"] = "Say why the periods are changing (for example, the retention schedule it follows)"
    if errors:
        raise ValidationError(errors)
    now_in_force = current_retention()
    changed = 0
    for kind, value in years.items():
        if now_in_force[kind] != value:
            RetentionSetting.objects.create(kind=kind, years=value, changed_by=by, reason=reason)
            AuditLog.record(
                actor=by, action="learning.retention.change", request=request, detail=f"{kind}={value}"
            )
            changed += 1
    return changed


@transaction.atomic
def dispose_review(*, by, review: LearningReview, request=None, today=None) -> None:
    """Delete a published review past its retention period, with its children, recommendations and
    actions; the anonymous library entry stays. The audit row keeps what was disposed of and when."""
    from ..selectors import retention_due_on

    review = _locked_review(review)
    if by is not None:
        _require(
            by,
            Perm.MANAGE_RETENTION,
            None,
            "Only the principal social worker or the quality lead can do this",
        )
    due = retention_due_on(review.kind, review.published_at, current_retention())
    if due is None or due > (today or timezone.localdate()):
        raise TransitionError("This review is not past its retention period, so it cannot be disposed of")
    children = review.review_children.count()
    AuditLog.record(
        actor=by,
        action="learning.review.dispose",
        obj=review,
        request=request,
        detail=f"{review.kind}, published {review.published_at:%Y-%m-%d}, {children} children, past retention",
    )
    NearMiss.objects.filter(review=review).delete()
    review.delete()


@transaction.atomic
def dispose_near_miss(*, by, near_miss: NearMiss, request=None, today=None) -> None:
    """Delete a near miss not taken into a review, past its retention period, keeping an audit row."""
    from ..selectors import retention_due_on

    near_miss = NearMiss.objects.select_for_update().get(pk=near_miss.pk)
    if by is not None:
        _require(
            by,
            Perm.MANAGE_RETENTION,
            None,
            "Only the principal social worker or the quality lead can do this",
        )
    if near_miss.review_id is not None:
        raise TransitionError("This near miss is part of a review: it is kept as long as the review is")
    due = retention_due_on(ReviewKind.NEAR_MISS, near_miss.reported_at, current_retention())
    if due > (today or timezone.localdate()):
        raise TransitionError("This near miss is not past its retention period, so it cannot be disposed of")
    AuditLog.record(
        actor=by,
        action="learning.near_miss.dispose",
        obj=near_miss,
        request=request,
        detail=f"reported {near_miss.reported_at:%Y-%m-%d}, past retention",
    )
    near_miss.delete()
