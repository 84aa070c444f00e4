"""Writes for core pages."""

from django.utils import timezone

from .models import Notification


def mark_notifications_read(user, ids) -> int:
    """Mark the person's own notifications read (never anyone else's)."""
    if not ids:
        return 0
    return Notification.objects.filter(recipient=user, pk__in=ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )
