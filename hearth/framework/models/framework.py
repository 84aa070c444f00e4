"""The practice framework and practice model: versions and their parts (see the package docstring)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from hearth.core.models import TimeStampedModel

MAX_TEXT = 4000
MAX_SHORT = 300


class TransitionError(ValueError):
    """A change that cannot happen, with the reason in plain English."""


# ---------------------------------------------------------------------------------------------------
# Framework and model
# ---------------------------------------------------------------------------------------------------


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Replaced by a newer version"


class FrameworkVersionQuerySet(models.QuerySet):
    def published_or_superseded(self):
        return self.exclude(status=VersionStatus.DRAFT)

    def current(self):
        """The one published version (or None)."""
        return self.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()


class FrameworkVersion(TimeStampedModel):
    """One version of the practice framework and practice model, with the family version."""

    number = models.PositiveIntegerField(unique=True)
    status = models.CharField(max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    title = models.CharField(max_length=MAX_SHORT, default="Our practice framework and practice model")
    framework_summary = models.TextField("why we work this way (the framework)", max_length=MAX_TEXT)
    model_summary = models.TextField("how we work (the practice model)", max_length=MAX_TEXT)
    family_summary = models.TextField(
        "the plain-English version for families and partners", max_length=MAX_TEXT
    )
    change_summary = models.TextField("what changed in this version, in a sentence or two", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="published"),
                name="framework_one_published_version",
            ),
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="draft"),
                name="framework_one_draft_version",
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("framework:version", args=[self.number])

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def check_can_edit(self) -> None:
        if not self.is_draft:
            raise TransitionError(
                f"Version {self.number} has been published and cannot be changed. Start a new draft."
            )

    def check_can_publish(self) -> None:
        if not self.is_draft:
            raise TransitionError(f"Version {self.number} has already been published.")


class VersionPart(models.Model):
    """A row that belongs to one framework version and keeps its `key` across versions."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="+")
    key = models.SlugField(max_length=60, help_text="Stays the same in every version of this item.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    @staticmethod
    def new_key(prefix: str) -> str:
        return f"{prefix}-{secrets.token_hex(4)}"


class Principle(VersionPart):
    """A principle of the framework (child-centred, family-led, ...) and why: theory and research."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="principles")
    name = models.CharField(max_length=120)
    summary = models.TextField("what it means", max_length=MAX_TEXT)
    theory = models.TextField("the theory behind it", max_length=MAX_TEXT)
    research = models.TextField("the research and evidence", max_length=MAX_TEXT)
    family_text = models.TextField("in plain English, for families and partners", max_length=MAX_TEXT)

    class Meta(VersionPart.Meta):
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="framework_principle_key")]

    def __str__(self) -> str:
        return self.name


class Method(VersionPart):
    """A skill or method of the practice model (how we work)."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="methods")
    name = models.CharField(max_length=120)
    description = models.TextField(max_length=MAX_TEXT)

    class Meta(VersionPart.Meta):
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="framework_method_key")]

    def __str__(self) -> str:
        return self.name


class GoodPracticeStatement(VersionPart):
    """A "what good looks like" statement of the practice model, under one principle.

    The quality assurance audits use these as their criteria (by `key`, through
    `selectors.good_practice_statements`).
    """

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="statements")
    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="statements")
    text = models.TextField(max_length=MAX_TEXT)

    class Meta(VersionPart.Meta):
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="framework_statement_key")]

    def __str__(self) -> str:
        return self.text[:80]


class PromptKind(models.TextChoices):
    PLAN = "plan", "Plans"
    ASSESSMENT = "assessment", "Assessments"


class RecordingPrompt(VersionPart):
    """A question the model asks of a plan or an assessment, shown on its recording page."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="prompts")
    kind = models.CharField(max_length=12, choices=PromptKind.choices)
    principle = models.ForeignKey(
        Principle, null=True, blank=True, on_delete=models.SET_NULL, related_name="prompts"
    )
    text = models.CharField(max_length=MAX_SHORT)

    class Meta(VersionPart.Meta):
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="framework_prompt_key")]

    def __str__(self) -> str:
        return self.text


class PromptUse(models.Model):
    """A worker said they used a prompt when recording a plan or an assessment (for health checks:
    "framework prompts used in plans"). No child's name; the record by type and id."""

    prompt_key = models.SlugField(max_length=60)
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=PromptKind.choices)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    child_id = models.BigIntegerField(null=True, blank=True)
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-used_at", "-id"]
        indexes = [models.Index(fields=["kind", "used_at"], name="framework_prompt_use_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["prompt_key", "object_type", "object_id"], name="framework_prompt_use_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prompt_key} on {self.object_type} {self.object_id}"
