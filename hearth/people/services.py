"""Writes about children: opening a record (audited), breaking glass, naming people on a restriction."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from hearth.core.models import AuditLog, Notification

from .models import BREAK_GLASS_HOURS, BreakGlass, Child, RestrictedAccess


def record_child_viewed(*, by, child: Child, request=None, what: str = "record") -> None:
    """Every view of a child's record writes an audit row (design.md §4.5)."""
    AuditLog.record(actor=by, action=f"child.view_{what}", obj=child, child_id=child.pk, request=request)


@transaction.atomic
def break_glass(*, by, child: Child, reason: str, request=None) -> BreakGlass:
    reason = reason.strip()
    if len(reason) < 10:
        raise ValueError("Give a reason of at least 10 characters")
    grant = BreakGlass.objects.create(
        child=child,
        user=by,
        reason=reason,
        expires_at=timezone.now() + datetime.timedelta(hours=BREAK_GLASS_HOURS),
    )
    AuditLog.record(
        actor=by, action="child.break_glass", obj=child, child_id=child.pk, reason=reason, request=request
    )
    manager = child.allocated_unit.manager if child.allocated_unit_id else None
    if manager is not None and manager != by:
        Notification.objects.create(
            recipient=manager,
            message=f"{by} opened a restricted record in {child.allocated_unit} (reason given).",
            url=child.get_absolute_url(),
        )
    return grant


@transaction.atomic
def name_on_restriction(*, by, child: Child, user, request=None) -> RestrictedAccess:
    access, _ = RestrictedAccess.objects.get_or_create(child=child, user=user, defaults={"granted_by": by})
    AuditLog.record(
        actor=by,
        action="child.restriction_named",
        obj=child,
        child_id=child.pk,
        request=request,
        detail=user.email,
    )
    return access
