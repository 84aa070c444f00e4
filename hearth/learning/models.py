"""Learning without blame (Employer Standard 1; characteristic 4): learning reviews, near misses, practice
experiments and the learning library they publish to, with the authority's retention periods.

A review moves draft → in review → published; a near miss is reported and may be taken into a review; an
experiment moves proposed → agreed (running) → finished → published, or is not agreed. The moves are the
models' `check_can_*` methods, called by the services, which refuse impossible ones in plain English.
Published learning is copied into `LearningEntry`, which never holds a child's name or identifier.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from hearth.core.models import TimeStampedModel

MAX_TEXT = 5000
SHORT_TEXT = 1000


class TransitionError(ValueError):
    """A change that cannot happen, with the reason in plain English."""


class Theme(models.TextChoices):
    NEGLECT = "neglect", "Neglect"
    DOMESTIC_ABUSE = "domestic-abuse", "Domestic abuse"
    ADOLESCENTS = "adolescents", "Adolescents"
    EXPLOITATION = "exploitation", "Exploitation"
    FATHERS = "fathers", "Working with fathers"
    RECORDING = "recording", "Recording"
    MULTI_AGENCY = "multi-agency", "Multi-agency working"
    MENTAL_HEALTH = "mental-health", "Parental mental health"
    SUBSTANCE_MISUSE = "substance-misuse", "Substance misuse"
    DISABLED_CHILDREN = "disabled-children", "Disabled children"
    BABIES = "babies", "Babies and under-fives"
    CHILDS_VOICE = "childs-voice", "The child's voice"


class ReviewKind(models.TextChoices):
    RAPID = "rapid", "Rapid review"
    LCSPR = "lcspr", "Local child safeguarding practice review"
    SERIOUS_SUCCESS = "serious-success", "Serious success review"
    NEAR_MISS = "near-miss", "Near-miss review"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in-review", "In review"
    PUBLISHED = "published", "Published"


class LearningReview(TimeStampedModel):
    """A review of practice: what helped, what got in the way, what we will do. No blame."""

    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    title = models.CharField(max_length=200, help_text="No child's name: the title is shown in lists.")
    scope = models.TextField("scope", max_length=MAX_TEXT, blank=True)
    period_start = models.DateField("period from", null=True, blank=True)
    period_end = models.DateField("period to", null=True, blank=True)
    themes = models.JSONField(default=list, blank=True)
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="learning_reviews"
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    what_helped = models.TextField("what helped", max_length=MAX_TEXT, blank=True)
    what_got_in_the_way = models.TextField("what got in the way", max_length=MAX_TEXT, blank=True)
    what_we_will_do = models.TextField("what we will do", max_length=MAX_TEXT, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="learning_review_status"),
            models.Index(fields=["unit", "status"], name="learning_review_unit"),
            models.Index(fields=["kind", "published_at"], name="learning_review_retention"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:review", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == ReviewStatus.PUBLISHED

    def theme_labels(self) -> list[str]:
        return [Theme(t).label for t in self.themes if t in Theme.values]

    def findings_complete(self) -> bool:
        return all(s.strip() for s in (self.what_helped, self.what_got_in_the_way, self.what_we_will_do))

    # --- transitions -----------------------------------------------------------------------------

    def check_can_edit(self) -> None:
        if self.is_published:
            raise TransitionError("This review is published, so its findings can no longer be changed")

    def check_can_submit(self) -> None:
        if self.status != ReviewStatus.DRAFT:
            raise TransitionError("Only a draft can be sent for review")
        if not self.findings_complete():
            raise TransitionError(
                "Write all three parts of the findings (what helped, what got in the way, what we will do) "
                "before sending the review for review"
            )

    def check_can_return(self) -> None:
        if self.status != ReviewStatus.IN_REVIEW:
            raise TransitionError("Only a review that is in review can go back to draft")

    def check_can_publish(self) -> None:
        if self.status == ReviewStatus.PUBLISHED:
            raise TransitionError("This review is already published")
        if self.status != ReviewStatus.IN_REVIEW:
            raise TransitionError("Send the review for review before publishing it")
        if not self.findings_complete():
            raise TransitionError("Write all three parts of the findings before publishing")
        if not self.themes:
            raise TransitionError("Choose at least one theme so that people can find the learning")


class ReviewChild(models.Model):
    """A child involved in a review. Reading who they are through the review is audited."""

    review = models.ForeignKey(LearningReview, on_delete=models.CASCADE, related_name="review_children")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "child"], name="learning_review_child_once")]


class Recommendation(models.Model):
    review = models.ForeignKey(LearningReview, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(max_length=SHORT_TEXT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class ReviewAction(models.Model):
    """Something we will do because of a review, with its owner and due date, tracked to done."""

    review = models.ForeignKey(LearningReview, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(max_length=SHORT_TEXT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="learning_actions"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)
    done_note = models.TextField(blank=True, max_length=SHORT_TEXT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="learning_action_owner")]

    def __str__(self) -> str:
        return self.description[:60]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < today

    def check_can_complete(self) -> None:
        if self.status == ActionStatus.DONE:
            raise TransitionError("This action is already done")


class NearMissStatus(models.TextChoices):
    REPORTED = "reported", "Reported"
    IN_REVIEW = "in-review", "Taken into a review"


class NearMiss(models.Model):
    """Something that nearly went wrong, and what stopped harm. Reported by anyone in a minute.

    The reporter is always stored (the audit trail needs it: ADR 0012); when `hide_name` is set, no page
    shows it to anyone.
    """

    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    hide_name = models.BooleanField(default=False)
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="near_misses"
    )
    what_happened = models.TextField(max_length=SHORT_TEXT)
    what_stopped_harm = models.TextField(max_length=SHORT_TEXT)
    theme = models.CharField(max_length=24, choices=Theme.choices)
    reported_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=NearMissStatus.choices, default=NearMissStatus.REPORTED)
    review = models.OneToOneField(
        LearningReview, null=True, blank=True, on_delete=models.SET_NULL, related_name="near_miss"
    )

    class Meta:
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["unit", "-reported_at"], name="learning_nearmiss_unit")]

    def __str__(self) -> str:
        return self.what_happened[:60]

    def get_absolute_url(self) -> str:
        return reverse("learning:near-miss", args=[self.pk])

    def reporter_shown(self) -> str:
        return "Name not shown" if self.hide_name else self.reported_by.full_name

    def check_can_take_into_review(self) -> None:
        if self.review_id is not None or self.status == NearMissStatus.IN_REVIEW:
            raise TransitionError("This near miss has already been taken into a review")


class ExperimentStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    RUNNING = "running", "Running"
    NOT_AGREED = "not-agreed", "Not agreed"
    FINISHED = "finished", "Finished"
    PUBLISHED = "published", "Learning published"


class Experiment(TimeStampedModel):
    """A practice experiment: try a new approach and learn from it (characteristic 4)."""

    title = models.CharField(max_length=200)
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="experiments"
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    hypothesis = models.TextField(max_length=SHORT_TEXT)
    what_we_will_try = models.TextField(max_length=SHORT_TEXT)
    for_which_families = models.TextField(max_length=SHORT_TEXT)
    how_we_will_know = models.TextField(max_length=SHORT_TEXT)
    review_on = models.DateField()
    themes = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=12, choices=ExperimentStatus.choices, default=ExperimentStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, max_length=SHORT_TEXT)
    outcome = models.TextField(blank=True, max_length=MAX_TEXT)
    learning = models.TextField(blank=True, max_length=MAX_TEXT)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review_on", "id"]
        indexes = [
            models.Index(fields=["status", "review_on"], name="learning_experiment_status"),
            models.Index(fields=["unit", "status"], name="learning_experiment_unit"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:experiment", args=[self.pk])

    def is_review_overdue(self, today: datetime.date) -> bool:
        return self.status == ExperimentStatus.RUNNING and self.review_on < today

    def theme_labels(self) -> list[str]:
        return [Theme(t).label for t in self.themes if t in Theme.values]

    def check_can_decide(self, by) -> None:
        if self.status != ExperimentStatus.PROPOSED:
            raise TransitionError("This experiment has already been decided")
        if by.pk == self.proposed_by_id:
            raise TransitionError("Someone other than the person who proposed it must agree the experiment")

    def check_can_finish(self) -> None:
        if self.status != ExperimentStatus.RUNNING:
            raise TransitionError("Only a running experiment can have its outcome recorded")

    def check_can_publish(self) -> None:
        if self.status == ExperimentStatus.PUBLISHED:
            raise TransitionError("The learning from this experiment is already published")
        if self.status != ExperimentStatus.FINISHED:
            raise TransitionError("Record the outcome and the learning before publishing")
        if not self.themes:
            raise TransitionError("Choose at least one theme so that people can find the learning")


class EntrySource(models.TextChoices):
    REVIEW = "review", "Learning review"
    EXPERIMENT = "experiment", "Practice experiment"


class LearningEntry(models.Model):
    """Published learning, as the library shows it: no child's name or identifier, ever.

    It outlives the review it came from: when a review is disposed of at the end of its retention period,
    the anonymous learning stays (ADR 0012).
    """

    source = models.CharField(max_length=12, choices=EntrySource.choices)
    kind_label = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    themes = models.JSONField(default=list)
    what_helped = models.TextField(blank=True)
    what_got_in_the_way = models.TextField(blank=True)
    what_we_will_do = models.TextField(blank=True)
    recommendations = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    review = models.OneToOneField(
        LearningReview, null=True, blank=True, on_delete=models.SET_NULL, related_name="library_entry"
    )
    experiment = models.OneToOneField(
        Experiment, null=True, blank=True, on_delete=models.SET_NULL, related_name="library_entry"
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name_plural = "learning entries"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:entry", args=[self.pk])

    def theme_labels(self) -> list[str]:
        return [Theme(t).label for t in self.themes if t in Theme.values]


class EntryTheme(models.Model):
    """One theme of a library entry: the library's search by theme is an indexed lookup."""

    entry = models.ForeignKey(LearningEntry, on_delete=models.CASCADE, related_name="entry_themes")
    theme = models.CharField(max_length=24, choices=Theme.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "theme"], name="learning_entry_theme_once")]
        indexes = [models.Index(fields=["theme", "entry"], name="learning_theme_entry")]


# --- retention ---------------------------------------------------------------------------------------


#: Years a record of each kind is kept after it was published (a near miss not taken into a review: after
#: it was reported), until the authority sets its own. ADR 0012 explains where they come from.
DEFAULT_RETENTION_YEARS: dict[str, int] = {
    ReviewKind.RAPID: 35,
    ReviewKind.LCSPR: 35,
    ReviewKind.SERIOUS_SUCCESS: 15,
    ReviewKind.NEAR_MISS: 6,
}


class RetentionSetting(models.Model):
    """One change to a retention period: the newest row per kind is in force; older rows are history."""

    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    years = models.PositiveSmallIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now, editable=False)
    reason = models.TextField(blank=True, max_length=SHORT_TEXT)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.years} years"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TransitionError("A retention setting is history: make a new one instead of changing it")
        super().save(*args, **kwargs)
