"""Need scores, intensity tiers, weighted caseloads and where time goes (issue 7, ADR 0009).

Scores are not stored: they are worked out when read from the facts on the record (ADR 0009). What is
stored is what the record did not hold: the versioned configuration of weights and tiers, need factors
a worker records (a police contact, a hospital attendance...), the time people log, the nudges sent
about overdue visits (so the same overdue visit is not nudged twice) and who wants an email digest.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from hearth.core.permissions import VisibleToQuerySet

from . import scoring

MAX_TEXT = 1000


class ConfigurationQuerySet(models.QuerySet):
    def current(self):
        return self.order_by("-number").first()


class Configuration(models.Model):
    """One version of the weights, tiers and caseload points. Versions are never changed or deleted: a
    change is a new version with who made it, when and why (audited too)."""

    number = models.PositiveIntegerField(unique=True)
    weights = models.JSONField(help_text="Factor key -> points (scoring.FACTORS).")
    tiers = models.JSONField(help_text="Most intensive first: name, min_score, kinds, interval.")
    episode_weights = models.JSONField(help_text="Episode kind -> points a case weighs.")
    points_per_fte = models.PositiveIntegerField("caseload points per full-time worker")
    reason = models.TextField("why it changed", max_length=MAX_TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ConfigurationQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Version {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("A version of the weights is never changed: make a new version")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A version of the weights is never deleted")

    def tier_list(self) -> list[scoring.Tier]:
        return scoring.tiers_from(self.tiers)


def built_in_configuration() -> Configuration:
    """What applies before anyone has saved a version (not saved: version 0)."""
    return Configuration(
        number=0,
        weights=dict(scoring.DEFAULT_WEIGHTS),
        tiers=[dict(t) for t in scoring.DEFAULT_TIERS],
        episode_weights=dict(scoring.DEFAULT_EPISODE_WEIGHTS),
        points_per_fte=scoring.DEFAULT_POINTS_PER_FTE,
        reason="Built-in starting weights",
    )


class FactorKind(models.TextChoices):
    POLICE = "police", "Police contact"
    HOSPITAL = "hospital", "Hospital attendance"
    MISSING = "missing", "Missing episode"
    SCHOOL_EXCLUSION = "school-exclusion", "Exclusion from school"
    HOUSING = "housing", "Housing crisis"


class ChildFactQuerySet(VisibleToQuerySet):
    unit_lookup = "child__allocated_unit"

    def exclude_restricted_for(self, user):
        from hearth.people.models import BreakGlass, RestrictedAccess

        named = RestrictedAccess.objects.filter(child=OuterRef("child_id"), user=user)
        glass = BreakGlass.objects.filter(
            child=OuterRef("child_id"), user=user, expires_at__gt=timezone.now()
        )
        return self.filter(Q(child__restriction="") | Exists(named) | Exists(glass))


class RecordedFactor(models.Model):
    """A fact about a child that counts towards their need score and that the record does not otherwise
    hold: a police contact, a hospital attendance, a missing episode... with the date it happened."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="recorded_need_factors")
    kind = models.CharField(max_length=20, choices=FactorKind.choices)
    occurred_on = models.DateField("date it happened")
    note = models.CharField("what happened", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = ChildFactQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["child", "occurred_on"], name="priorities_factor_child")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on:%d/%m/%Y}"


class Activity(models.TextChoices):
    DIRECT = "direct", "Direct work with families"
    TRAVEL = "travel", "Travel"
    RECORDING = "recording", "Recording"
    MEETINGS = "meetings", "Meetings"
    SUPERVISION = "supervision", "Supervision"
    ADMIN = "admin", "Administration"


class TimeEntry(models.Model):
    """Time a person spent in a week on one activity (for direct work: with which child, and the child's
    tier when it was logged, so "intensive work to the highest-need families" reads what was true then)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_entries")
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    week_starting = models.DateField(help_text="A Monday.")
    activity = models.CharField(max_length=20, choices=Activity.choices)
    minutes = models.PositiveIntegerField()
    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tier_rank = models.PositiveSmallIntegerField(null=True, blank=True, help_text="0: the most intensive")
    prefilled = models.BooleanField(default=False, help_text="Suggested from what was recorded, confirmed.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-week_starting", "activity", "id"]
        indexes = [
            models.Index(fields=["user", "week_starting"], name="priorities_time_user_week"),
            models.Index(fields=["unit", "week_starting"], name="priorities_time_unit_week"),
        ]
        constraints = [models.CheckConstraint(condition=Q(minutes__gt=0), name="priorities_time_positive")]

    def __str__(self) -> str:
        return f"{self.get_activity_display()}: {self.minutes} minutes"


class WeekConfirmation(models.Model):
    """The person confirmed the time suggested for a week (so it is not suggested again)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_starting = models.DateField()
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "week_starting"], name="priorities_week_once")]


class VisitNudge(models.Model):
    """A nudge sent to a lead worker about one overdue visit: one per child per due date, never daily."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="+")
    lead_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField(null=True, blank=True, help_text="Empty: no visit recorded yet.")
    sent_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "lead_worker", "due_on"], name="priorities_nudge_once"),
            models.UniqueConstraint(
                fields=["child", "lead_worker"],
                condition=Q(due_on__isnull=True),
                name="priorities_nudge_once_unvisited",
            ),
        ]


class DigestPreference(models.Model):
    """A person who asked for the email digest of their overdue and due-soon visits."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    wants_email = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())
