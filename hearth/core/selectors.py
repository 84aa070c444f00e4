"""Reads for core pages."""

from django.contrib.auth import get_user_model

from .models import AuditLog


def search_audit_log(*, email=None, child_id=None, action=None, date_from=None, date_to=None):
    actor = None
    if email:
        actor = get_user_model().objects.filter(email__iexact=email).first()
        if actor is None:
            return AuditLog.objects.none()
    return AuditLog.objects.search(
        actor=actor, child_id=child_id, action=action, date_from=date_from, date_to=date_to
    ).select_related("actor")


def home_summary_for(user) -> dict:
    """What the home page shows: the person's units and the units they manage.

    Uses the user's reverse relations so core need not import the organisation app.
    """
    memberships = list(user.memberships.current().select_related("unit", "unit__service_area"))
    managed = list(user.managed_units.model.objects.filter(pk__in=user.managed_unit_ids).order_by("name"))
    return {
        "memberships": memberships,
        "managed_units": managed,
        "unread_notifications": unread_notification_count(user),
    }


def notifications_for(user):
    return user.notifications.order_by("-created_at", "-pk")


def unread_notification_count(user) -> int:
    return user.notifications.unread().count()
