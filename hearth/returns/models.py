"""Runs of a statutory return, and the data problems the validation rules find in the record."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class TransitionError(ValidationError):
    """A state change that cannot happen, in plain English."""


class ReturnName(models.TextChoices):
    CIN = "cin", "Children in need census"
    SSDA903 = "ssda903", "SSDA903: children looked after"
    WORKFORCE = "workforce", "Children's social work workforce census"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Ready to download"
    FAILED = "failed", "Failed"


class ReturnRun(models.Model):
    """One run of a return for a period: who asked, how far it has got, the files it made (a zip), and
    how it differs from the previous run of the same return and period."""

    return_name = models.CharField("return", max_length=20, choices=ReturnName.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    period_label = models.CharField("year", max_length=20)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    archive = models.BinaryField(null=True, blank=True, editable=False)
    archive_name = models.CharField(max_length=120, blank=True)
    file_names = models.JSONField(default=list, blank=True)
    subjects = models.JSONField(default=dict, blank=True, help_text="Subject key -> hash of its rows.")
    comparison = models.JSONField(default=dict, blank=True)
    previous_run = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_count = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["return_name", "period_label", "status", "-created_at"], name="return_run_lookup"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_return_name_display()} {self.period_label}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == RunStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(99, int(100 * self.progress_done / self.progress_total))

    def start(self) -> None:
        if self.status != RunStatus.QUEUED:
            raise TransitionError("This run has already started.")
        self.status = RunStatus.RUNNING
        self.started_at = timezone.now()

    def finish(self) -> None:
        if self.status != RunStatus.RUNNING:
            raise TransitionError("Only a running return can finish.")
        self.status = RunStatus.DONE
        self.finished_at = timezone.now()
        self.progress_done = self.progress_total

    def fail(self, error: str) -> None:
        if self.is_finished:
            raise TransitionError("This run has already finished.")
        self.status = RunStatus.FAILED
        self.error = error[:2000]
        self.finished_at = timezone.now()


class DataProblem(models.Model):
    """A DfE validation rule that one child's (or staff member's) record breaks now. Rewritten whenever
    the facts change; a problem that remains keeps its "explained" mark."""

    return_name = models.CharField("return", max_length=20, choices=ReturnName.choices)
    code = models.CharField("rule", max_length=10)
    subject_id = models.PositiveIntegerField()
    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.CASCADE, related_name="data_problems"
    )
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField()
    object_label = models.CharField("record", max_length=200, blank=True)
    first_seen_at = models.DateTimeField(default=timezone.now)
    explained_at = models.DateTimeField(null=True, blank=True)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    explanation = models.TextField(blank=True)

    class Meta:
        ordering = ["return_name", "code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["return_name", "code", "subject_id", "object_label"], name="data_problem_once"
            )
        ]
        indexes = [
            models.Index(fields=["return_name", "subject_id"], name="data_problem_subject"),
            models.Index(fields=["unit", "return_name"], name="data_problem_unit"),
            models.Index(fields=["worker", "return_name"], name="data_problem_worker"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    @property
    def is_explained(self) -> bool:
        return self.explained_at is not None

    def explain(self, *, by, reason: str) -> None:
        reason = (reason or "").strip()
        if self.is_explained:
            raise TransitionError("This problem is already marked as explained.")
        if not reason:
            raise TransitionError("Give the reason the problem is explained.")
        self.explained_at = timezone.now()
        self.explained_by = by
        self.explanation = reason
