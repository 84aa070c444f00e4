"""Plans written with the family: strengths, worries, goals, actions and reviews."""

from django.conf import settings
from django.db import models

from hearth.core.models import TimeStampedModel


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

    class Meta:
        ordering = ["-started_on"]


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
