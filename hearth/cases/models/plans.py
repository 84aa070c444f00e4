"""Plans written with the family: strengths, worries, goals, actions and reviews."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from hearth.core.models import TimeStampedModel
from hearth.core.presenters import date_in_words

from .episodes import TransitionError

#: The longest outcome or reason a worker writes when a plan ends (a short line, not a report).
PLAN_OUTCOME_LENGTH = 500


class PlanKind(models.TextChoices):
    CHILD_IN_NEED = "cin", "Child in need plan"
    CHILD_PROTECTION = "cp", "Child protection plan"
    CARE = "care", "Care plan"
    PATHWAY = "pathway", "Pathway plan"


class Plan(TimeStampedModel):
    kind = models.CharField(max_length=10, choices=PlanKind.choices)
    children = models.ManyToManyField("people.Child", related_name="plans")
    strengths = models.TextField(help_text="What is going well, in the family's words.")
    worries = models.TextField(help_text="What we are worried about, and what the family is worried about.")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    end_outcome = models.CharField(
        "outcome or reason for ending",
        max_length=PLAN_OUTCOME_LENGTH,
        blank=True,
        help_text="Why the plan ended and what it achieved, in a sentence or two.",
    )

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="plan_ends_after_start",
            )
        ]

    @property
    def is_ended(self) -> bool:
        return self.ended_on is not None

    def refuse_if_ended(self) -> None:
        """Nothing is added to an ended plan: its actions and reviews are a closed record."""
        if self.is_ended:
            raise TransitionError(
                f"This plan ended on {date_in_words(self.ended_on)}. Actions and reviews cannot be added "
                "to an ended plan: write a new plan with the family if more help is needed."
            )

    def end(self, *, on: datetime.date, outcome: str, today: datetime.date | None = None) -> None:
        outcome = (outcome or "").strip()
        if self.is_ended:
            raise TransitionError(f"This plan already ended on {date_in_words(self.ended_on)}.")
        if on < self.started_on:
            raise TransitionError(
                f"A plan cannot end before it starts. This plan started on {date_in_words(self.started_on)}."
            )
        if on > (today or timezone.localdate()):
            raise TransitionError("The end date must be today or in the past.")
        if not outcome:
            raise TransitionError("Write the outcome, or the reason the plan ended.")
        if len(outcome) > PLAN_OUTCOME_LENGTH:
            raise TransitionError(f"The outcome must be {PLAN_OUTCOME_LENGTH} characters or fewer.")
        self.ended_on = on
        self.end_outcome = outcome


class PlanGoal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField()
    agreed_with_family = models.BooleanField(default=True)
    achieved_on = models.DateField(null=True, blank=True)


class PlanAction(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(
        PlanGoal, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    text = models.TextField()
    owner_name = models.CharField(max_length=150, help_text="Who will do it: a worker, a parent, a school…")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)


class PlanReview(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    summary = models.TextField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
