"""Writes of the health check: a threshold changed (append-only, audited) and a snapshot worked out."""

from __future__ import annotations

import calendar
import datetime
import logging
import time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from hearth.core.models import AuditLog
from hearth.organisation.models import Unit

from . import scoring
from .indicators import registry
from .indicators.base import Direction
from .models import Snapshot, SnapshotScore, SnapshotValue, Threshold
from .permissions import Perm
from .selectors import current_limits

logger = logging.getLogger(__name__)


def set_threshold(
    *, by, indicator_key: str, good: Decimal, concern: Decimal, reason: str, request=None
) -> Threshold:
    """A new threshold for an indicator from now on. The old one stays in the history."""
    if not by.has_perm(Perm.SET_THRESHOLDS):
        raise ValidationError(
            "Only the director, the principal social worker and the quality lead can change thresholds."
        )
    indicator = registry.get(indicator_key)
    if indicator is None:
        raise ValidationError("There is no such indicator.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why the threshold is changing"})
    if indicator.direction == Direction.HIGHER and good < concern:
        raise ValidationError(
            {
                "good": "Higher is better for this indicator: 'meets at' must be at least 'below when worse than'"
            }
        )
    if indicator.direction == Direction.LOWER and good > concern:
        raise ValidationError(
            {
                "good": "Lower is better for this indicator: 'meets at' must be no more than 'below when worse than'"
            }
        )
    with transaction.atomic():
        threshold = Threshold.objects.create(
            indicator_key=indicator_key, good=good, concern=concern, reason=reason.strip(), set_by=by
        )
        AuditLog.record(
            actor=by,
            action="insights.threshold.set",
            obj=threshold,
            request=request,
            detail=f"{indicator_key}: meets at {good}, below when worse than {concern}",
        )
    return threshold


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def take_snapshot(*, as_of: datetime.date, kind: str = Snapshot.Kind.LATEST, by=None) -> Snapshot:
    """Work out every active unit's indicators and scores as at `as_of` and keep them. A `LATEST`
    snapshot replaces the previous latest one when done; a `MONTH` snapshot replaces the same month's."""
    snapshot = Snapshot.objects.create(kind=kind, as_of=as_of, requested_by=by)
    started = time.monotonic()
    try:
        unit_ids = list(Unit.objects.active().order_by("pk").values_list("pk", flat=True))
        limits = current_limits()
        result = scoring.assess(unit_ids, as_of, limits, with_authority=True)
        values, scores = [], []
        for unit_id, rated in result.rated.items():
            values.extend(_value_row(snapshot, unit_id, item) for item in rated.values())
            scores.extend(
                SnapshotScore(
                    snapshot=snapshot,
                    unit_id=unit_id,
                    characteristic=s.characteristic,
                    score=s.score,
                    rating=s.rating,
                    rated=s.rated,
                    indicators=s.indicators,
                )
                for s in result.scores[unit_id].values()
            )
        values.extend(_value_row(snapshot, None, item) for item in result.authority.values())
        with transaction.atomic():
            SnapshotValue.objects.bulk_create(values, batch_size=2000)
            SnapshotScore.objects.bulk_create(scores, batch_size=2000)
            snapshot.status = Snapshot.Status.DONE
            snapshot.units = len(unit_ids)
            snapshot.finished_at = timezone.now()
            snapshot.seconds = round(time.monotonic() - started, 2)
            snapshot.save()
            older = Snapshot.objects.filter(kind=kind).exclude(pk=snapshot.pk)
            if kind == Snapshot.Kind.MONTH:
                older = older.filter(as_of=as_of)
            older.delete()
    except Exception as error:  # a failed snapshot is kept, saying why; the previous one stays in use
        logger.exception("health check snapshot failed")
        Snapshot.objects.filter(pk=snapshot.pk).update(
            status=Snapshot.Status.FAILED, error=type(error).__name__, finished_at=timezone.now()
        )
        raise
    AuditLog.record(actor=by, action="insights.snapshot", obj=snapshot, detail=f"{kind} as at {as_of}")
    return snapshot


def _value_row(snapshot, unit_id, item: scoring.Rated) -> SnapshotValue:
    m = item.measure
    return SnapshotValue(
        snapshot=snapshot,
        unit_id=unit_id,
        indicator_key=item.indicator.key,
        value=m.value,
        sample=m.sample,
        numerator=m.numerator,
        denominator=m.denominator,
        note=m.note[:255],
        rating=item.rating,
        good=item.limits.good,
        concern=item.limits.concern,
    )


def refresh(today: datetime.date | None = None, *, by=None) -> Snapshot:
    """The nightly refresh: the latest figures, and the month-end snapshot of last month if missing."""
    today = today or timezone.localdate()
    last_month_end = today.replace(day=1) - datetime.timedelta(days=1)
    if not Snapshot.objects.filter(
        kind=Snapshot.Kind.MONTH, as_of=last_month_end, status=Snapshot.Status.DONE
    ).exists():
        take_snapshot(as_of=last_month_end, kind=Snapshot.Kind.MONTH, by=by)
    return take_snapshot(as_of=today, kind=Snapshot.Kind.LATEST, by=by)


@task()
def refresh_health_check(requested_by_id: int | None = None) -> None:
    """The background task behind "work out again now" and the nightly refresh."""
    from django.contrib.auth import get_user_model

    by = get_user_model().objects.filter(pk=requested_by_id).first() if requested_by_id else None
    refresh(by=by)


def request_refresh(*, by, request=None) -> None:
    """Someone asked for the figures to be worked out again now: audited, then done in the background."""
    from django.core.exceptions import PermissionDenied

    if not by.has_perm(Perm.REFRESH):
        raise PermissionDenied(
            "Only the director, the principal social worker and the quality lead can ask for this."
        )
    AuditLog.record(
        actor=by, action="insights.refresh.request", request=request, detail="figures worked out again"
    )
    refresh_health_check.enqueue(by.pk)


def record_evidence_viewed(*, by, unit, indicator_key: str, evidence, request=None) -> None:
    """The records behind an indicator were listed: one audit row per child named (none when no child
    was listed)."""
    if not evidence.child_ids:
        return
    AuditLog.record(
        actor=by,
        action="insights.evidence.view",
        obj=unit,
        children=evidence.child_ids,
        request=request,
        detail=indicator_key,
    )
