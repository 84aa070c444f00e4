"""Shared base models and the append-only audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .middleware import current_request_id


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditLogImmutableError(Exception):
    """The audit log is append-only: rows are never changed or removed."""


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogImmutableError("Audit log entries cannot be changed.")

    def delete(self):
        raise AuditLogImmutableError("Audit log entries cannot be deleted.")

    def _raw_delete(self, using):
        raise AuditLogImmutableError("Audit log entries cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogImmutableError("Audit log entries cannot be changed.")

    def search(self, *, actor=None, child_id=None, date_from=None, date_to=None, action=None):
        qs = self
        if actor is not None:
            qs = qs.filter(actor=actor)
        if child_id is not None:
            qs = qs.filter(child_id=child_id)
        if date_from is not None:
            qs = qs.filter(created_at__date__gte=date_from)
        if date_to is not None:
            qs = qs.filter(created_at__date__lte=date_to)
        if action:
            qs = qs.filter(action__startswith=action)
        return qs


class AuditLog(models.Model):
    """Who did what, to which record and which child, why, from where and when.

    Written by services (design.md §4.5) for every read of a child's record and every change, and by
    signals for sign-in, failed sign-in and sign-out. Never updated or deleted: the ORM refuses, and on
    PostgreSQL a trigger refuses in the database too (migration 0002).
    """

    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
        help_text="Empty for events with no signed-in person, such as a failed sign-in.",
    )
    action = models.CharField(
        max_length=64, db_index=True, help_text="For example 'child.view' or 'sign_in'."
    )
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    child_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    reason = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=255, blank=True, help_text="Short and free of personal data.")

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["actor", "-created_at"], name="audit_actor_time"),
            models.Index(fields=["child_id", "-created_at"], name="audit_child_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogImmutableError("Audit log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutableError("Audit log entries cannot be deleted.")

    @classmethod
    def record(
        cls,
        *,
        actor,
        action: str,
        obj: models.Model | None = None,
        child_id: int | None = None,
        children=(),
        reason: str = "",
        request=None,
        detail: str = "",
    ) -> list[AuditLog]:
        """Append one row, or one per child when an action touches several children."""
        actor = actor if getattr(actor, "is_authenticated", False) else None
        base = {
            "actor": actor,
            "action": action,
            "object_type": obj._meta.label_lower if obj is not None else "",
            "object_id": str(obj.pk) if obj is not None else "",
            "reason": reason,
            "request_id": (getattr(request, "request_id", "") if request else "")
            or current_request_id()
            or "",
            "ip_address": client_ip(request) if request is not None else None,
            "detail": detail[:255],
        }
        child_ids = [getattr(c, "pk", c) for c in children] or [child_id]
        if len(child_ids) == 1:
            # One INSERT, no BEGIN and COMMIT around it: every view of a child's record writes a row.
            return [cls.objects.create(child_id=child_ids[0], **base)]
        return cls.objects.bulk_create([cls(child_id=cid, **base) for cid in child_ids])


def client_ip(request) -> str | None:
    """The address the request came from. Behind a proxy, REMOTE_ADDR is set by the WSGI server."""
    address = request.META.get("REMOTE_ADDR") or None
    return address


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app message to one person (for example: someone broke glass on a child in your unit)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300, help_text="No child's name: the link leads to the record.")
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.message
