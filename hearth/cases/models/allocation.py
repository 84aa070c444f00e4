"""Shared allocation: the unit that holds a child's case and the lead worker in it, with history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Allocation(models.Model):
    # Indexed by allocation_child_time, which starts with the child.
    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="allocations", db_index=False
    )
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="allocations")
    lead_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(ended_at__isnull=True), name="allocation_one_current_per_child"
            )
        ]
        indexes = [models.Index(fields=["child", "-started_at"], name="allocation_child_time")]
