"""Thresholds the authority sets (append-only, so their history is kept) and snapshots of the health check
(worked out by a background task, so the authority-wide pages answer quickly; a unit's own page is live).
No indicator value can be typed in: snapshots are written only by `services.take_snapshot`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Thresholds are never changed: add a new one.")

    def delete(self):
        raise TypeError("Thresholds are never deleted: add a new one.")


class Threshold(models.Model):
    """An indicator's threshold from a moment on. The newest row per indicator is the one in force; an
    indicator with none uses its default (its `source` says where that comes from)."""

    indicator_key = models.CharField(max_length=60, db_index=True)
    good = models.DecimalField("meets at", max_digits=9, decimal_places=2)
    concern = models.DecimalField("below when worse than", max_digits=9, decimal_places=2)
    reason = models.TextField("why it changed")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["indicator_key", "-set_at", "-pk"]

    def save(self, *args, **kwargs):
        if self.pk:
            raise TypeError("Thresholds are never changed: add a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Thresholds are never deleted: add a new one.")


class Snapshot(models.Model):
    """The health check of every unit as at a day. `MONTH` snapshots (as at a month's last day) are kept
    for the 12-month trend; `LATEST` ones are the newest figures for the heatmap and are replaced."""

    class Kind(models.TextChoices):
        LATEST = "latest", "Latest figures"
        MONTH = "month", "End of month"

    class Status(models.TextChoices):
        RUNNING = "running", "Working out"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    as_of = models.DateField("figures as at")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    units = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-as_of", "-pk"]
        indexes = [models.Index(fields=["kind", "status", "-as_of"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} as at {self.as_of}"


class SnapshotValue(models.Model):
    """One indicator's value for one unit (or, with no unit, for the authority) in a snapshot."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="values")
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    indicator_key = models.CharField(max_length=60)
    value = models.FloatField(null=True, blank=True)
    sample = models.PositiveIntegerField(default=0)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    note = models.CharField(max_length=255, blank=True)
    rating = models.CharField(max_length=8)
    good = models.FloatField()
    concern = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "unit", "indicator_key"], name="insights_value_once")
        ]


class SnapshotScore(models.Model):
    """One characteristic's score for one unit in a snapshot. `score` is None when there is not enough
    data; `rated` and `indicators` say how many of its indicators had enough."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.CASCADE, related_name="+")
    characteristic = models.CharField(max_length=20)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    rating = models.CharField(max_length=12)
    rated = models.PositiveSmallIntegerField(default=0)
    indicators = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "unit", "characteristic"], name="insights_score_once")
        ]
