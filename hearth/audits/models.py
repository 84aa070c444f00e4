"""Quality assurance (Employer Standard 1: "quality assurance that knows what good looks like"): audit
tools whose criteria are the practice model's "what good looks like" statements, audit programmes that
sample cases, and case audits done *with* the worker, moderated by a second auditor, with the family's
view and actions tracked to done.

A criterion keeps the words of the statement it was taken from (and the statement's stable key), so an
audit keeps what it was graded against when the practice model changes.

A case audit moves planned → in progress → awaiting moderation → moderated, or, when nobody moderates
it, in progress → completed. The moves are the model's `check_can_*` methods, called by the services,
which refuse impossible ones in plain English.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from hearth.core.models import TimeStampedModel
from hearth.core.permissions import VisibleToQuerySet

MAX_TEXT = 4000

#: The grading scale used unless the authority defines its own: best first. `meets_standard` marks the
#: grades that count as "good or better" on the quality page.
DEFAULT_SCALE = [
    {"key": "outstanding", "label": "Outstanding", "meets_standard": True},
    {"key": "good", "label": "Good", "meets_standard": True},
    {"key": "requires-improvement", "label": "Requires improvement", "meets_standard": False},
    {"key": "inadequate", "label": "Inadequate", "meets_standard": False},
]

GRADE_COLOURS = ["green", "blue", "orange", "red", "grey", "grey", "grey"]


class TransitionError(ValueError):
    """A change that cannot happen, with the reason in plain English."""


# --- tools ----------------------------------------------------------------------------------------


class AuditTool(TimeStampedModel):
    """A set of criteria ("what good looks like") with a grading scale."""

    name = models.CharField(max_length=150)
    description = models.TextField(blank=True, max_length=MAX_TEXT)
    scale = models.JSONField(default=list, help_text="Grades, best first: key, label, meets_standard.")
    model_version = models.CharField(
        "practice model version", max_length=60, blank=True, help_text="The version the criteria came from."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def grades(self) -> list[dict]:
        return self.scale or DEFAULT_SCALE

    def grade(self, key: str) -> dict | None:
        for rank, grade in enumerate(self.grades(), start=1):
            if grade["key"] == key:
                return {**grade, "rank": rank}
        return None

    def grade_choices(self) -> list[tuple[str, str]]:
        return [(g["key"], g["label"]) for g in self.grades()]


class Criterion(models.Model):
    """One "what good looks like" statement of the practice model, its words copied into the tool."""

    tool = models.ForeignKey(AuditTool, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    statement_key = models.SlugField(max_length=60, help_text="The statement's stable key in the model.")
    theme = models.CharField(max_length=150, help_text="The principle the statement sits under.")
    text = models.TextField(max_length=MAX_TEXT)

    class Meta:
        ordering = ["tool", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "statement_key"], name="audits_criterion_once")
        ]

    def __str__(self) -> str:
        return self.text[:60]


# --- programmes -----------------------------------------------------------------------------------


class SampleMethod(models.TextChoices):
    RANDOM = "random", "At random, within a unit or a kind of episode"
    THEMED = "themed", "Themed"


class EpisodeKind(models.TextChoices):
    """Kinds of open episode a random sample can be drawn from (blank: any open case)."""

    CP_PLAN = "cp-plan", "Child protection plan"
    CIN_PLAN = "cin-plan", "Child in need plan"
    LOOKED_AFTER = "looked-after", "Looked after"
    ASSESSMENT = "assessment", "Assessment"


class Theme(models.TextChoices):
    NEGLECT_CP = "neglect-cp", "Child protection plans for neglect"
    EMOTIONAL_CP = "emotional-cp", "Child protection plans for emotional abuse"
    REPEAT_CP = "repeat-cp", "Second or later child protection plans"
    UASC = "uasc", "Unaccompanied children seeking asylum"


class AuditProgramme(TimeStampedModel):
    """A round of audits over a period, owned by the principal social worker or a quality lead."""

    name = models.CharField(max_length=150)
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="programmes")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    method = models.CharField(max_length=10, choices=SampleMethod.choices, default=SampleMethod.RANDOM)
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    episode_kind = models.CharField(max_length=20, choices=EpisodeKind.choices, blank=True)
    theme = models.CharField(max_length=20, choices=Theme.choices, blank=True)
    seed = models.PositiveIntegerField(help_text="Draws are reproducible from this number.")
    draws = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="audits_programme_dates"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("audits:programme", args=[self.pk])

    def sample_in_words(self) -> str:
        if self.method == SampleMethod.THEMED:
            return f"Themed: {self.get_theme_display().lower()}"
        where = self.unit.name if self.unit_id else "every unit"
        what = self.get_episode_kind_display().lower() + "s" if self.episode_kind else "open cases"
        return f"At random: {what} in {where}"


# --- case audits ----------------------------------------------------------------------------------


class Status(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in-progress", "In progress"
    AWAITING_MODERATION = "awaiting-moderation", "Awaiting moderation"
    MODERATED = "moderated", "Moderated"
    COMPLETED = "completed", "Completed"


FINISHED = (Status.MODERATED, Status.COMPLETED)
STATUS_COLOURS = {
    Status.PLANNED: "grey",
    Status.IN_PROGRESS: "blue",
    Status.AWAITING_MODERATION: "orange",
    Status.MODERATED: "green",
    Status.COMPLETED: "green",
}


class FamilyView(models.TextChoices):
    NOT_YET = "", "Not recorded yet"
    GATHERED = "gathered", "Gathered"
    NOT_GATHERED = "not-gathered", "Not gathered"


class CaseAuditQuerySet(VisibleToQuerySet):
    """Audits of a child: members and managers of the unit holding the case, authority-wide roles, and
    the audit's own auditor, moderator and worker (audited access). A restricted child's audits only to
    the people named on the record or who broke glass."""

    unit_lookup = "child__allocated_unit"

    def visible_to(self, user):
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.has_authority_wide_case_access:
            return self.exclude_restricted_for(user)
        return self.filter(
            Q(child__allocated_unit__in=user.reach_unit_ids)
            | Q(auditor=user)
            | Q(moderator=user)
            | Q(worker=user)
        ).exclude_restricted_for(user)

    def exclude_restricted_for(self, user):
        from hearth.people.models import BreakGlass, RestrictedAccess

        named = RestrictedAccess.objects.filter(child=OuterRef("child_id"), user=user)
        glass = BreakGlass.objects.filter(
            child=OuterRef("child_id"), user=user, expires_at__gt=timezone.now()
        )
        return self.filter(Q(child__restriction="") | Exists(named) | Exists(glass))

    def finished(self):
        return self.filter(status__in=FINISHED)


class CaseAudit(TimeStampedModel):
    """One child's case audited with their lead worker against the programme's tool."""

    programme = models.ForeignKey(AuditProgramme, on_delete=models.PROTECT, related_name="audits")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="case_audits")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    draw = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    # The collaborative part: the auditor's findings and the worker's reflections side by side.
    findings = models.TextField("what the audit found", blank=True, max_length=MAX_TEXT)
    worker_reflections = models.TextField("the worker's reflections", blank=True, max_length=MAX_TEXT)
    overall_grade = models.CharField(max_length=40, blank=True)
    auditor_agreed_at = models.DateTimeField(null=True, blank=True)
    worker_agreed_at = models.DateTimeField(null=True, blank=True)

    family_view_status = models.CharField(max_length=20, choices=FamilyView.choices, blank=True, default="")
    family_view = models.TextField("the family's view", blank=True, max_length=MAX_TEXT)

    moderation_agreed = models.BooleanField(null=True, blank=True)
    moderated_grade = models.CharField(max_length=40, blank=True)
    moderation_reason = models.TextField(blank=True, max_length=MAX_TEXT)

    # The grade that stands (after moderation), kept for the quality page.
    final_grade = models.CharField(max_length=40, blank=True)
    final_grade_label = models.CharField(max_length=60, blank=True)
    final_grade_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    final_meets_standard = models.BooleanField(null=True, blank=True)

    objects = CaseAuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "child"], name="audits_child_once_per_programme"),
            models.CheckConstraint(
                condition=Q(moderator__isnull=True)
                | Q(auditor__isnull=True)
                | ~Q(moderator=models.F("auditor")),
                name="audits_moderator_is_not_auditor",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "finished_at"], name="audits_finished"),
            models.Index(fields=["auditor", "status"], name="audits_auditor"),
            models.Index(fields=["moderator", "status"], name="audits_moderator"),
            models.Index(fields=["worker", "status"], name="audits_worker"),
            models.Index(fields=["child", "-created_at"], name="audits_child"),
        ]

    def __str__(self) -> str:
        return f"Case audit {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("audits:audit", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def both_agreed(self) -> bool:
        return self.auditor_agreed_at is not None and self.worker_agreed_at is not None

    # --- transitions -----------------------------------------------------------------------------

    def check_can_assign(self, *, auditor, moderator) -> None:
        if self.is_finished:
            raise TransitionError("This audit is finished, so its auditors cannot change")
        if auditor is None:
            raise TransitionError("Choose who will audit the case")
        if moderator is not None and moderator.pk == auditor.pk:
            raise TransitionError("The moderator must be a different person from the auditor")
        if auditor.pk == self.worker_id or (moderator is not None and moderator.pk == self.worker_id):
            raise TransitionError("The child's lead worker cannot audit or moderate their own case")
        if self.status == Status.AWAITING_MODERATION and moderator is None:
            raise TransitionError("This audit is waiting for moderation: choose a moderator")

    def check_can_start(self) -> None:
        if self.status != Status.PLANNED:
            raise TransitionError("This audit has already started")
        if self.auditor_id is None:
            raise TransitionError("Assign an auditor before starting the audit")

    def check_can_edit(self) -> None:
        if self.status == Status.PLANNED:
            raise TransitionError("Start the audit before recording it")
        if self.status != Status.IN_PROGRESS:
            raise TransitionError("This audit has been submitted, so it cannot change")

    def check_can_agree(self) -> None:
        self.check_can_edit()
        missing = self.missing_for_agreement()
        if missing:
            raise TransitionError("Before agreeing the findings, " + " and ".join(missing))

    def missing_for_agreement(self) -> list[str]:
        missing = []
        if not self.overall_grade:
            missing.append("give an overall grade")
        if not self.findings.strip():
            missing.append("write what the audit found")
        if not self.worker_reflections.strip():
            missing.append("record the worker's reflections")
        return missing

    def check_can_submit(self, *, graded: int, criteria: int) -> None:
        self.check_can_edit()
        if graded < criteria:
            raise TransitionError("Grade every criterion before submitting the audit")
        if self.missing_for_agreement():
            raise TransitionError("Before submitting, " + " and ".join(self.missing_for_agreement()))
        if not self.both_agreed:
            raise TransitionError("The auditor and the worker must both agree the findings before submitting")
        if not self.family_view_status:
            raise TransitionError("Record the family's view, or why it was not gathered, before submitting")

    def check_can_moderate(self, by) -> None:
        if self.status != Status.AWAITING_MODERATION:
            raise TransitionError("This audit is not waiting for moderation")
        if by.pk == self.auditor_id:
            raise TransitionError("The auditor cannot moderate their own audit")
        if by.pk != self.moderator_id:
            raise TransitionError("Only the audit's moderator can moderate it")

    def set_final_grade(self, tool: AuditTool, key: str) -> None:
        grade = tool.grade(key) or {"label": key, "rank": None, "meets_standard": None}
        self.final_grade = key
        self.final_grade_label = grade["label"]
        self.final_grade_rank = grade["rank"]
        self.final_meets_standard = grade["meets_standard"]


class CriterionGrade(models.Model):
    """The grade of one criterion in one audit, with the evidence for it."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="grades")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=40)
    evidence = models.TextField(blank=True, max_length=MAX_TEXT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["audit", "criterion"], name="audits_grade_once")]


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class AuditAction(TimeStampedModel):
    """Something to do because of an audit, with an owner and a due date, tracked to done."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField("what needs to happen", max_length=MAX_TEXT)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("due by")
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_note = models.TextField("what was done", blank=True, max_length=MAX_TEXT)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="audits_action_owner")]

    def __str__(self) -> str:
        return self.text[:60]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < today

    def check_can_mark_done(self) -> None:
        if self.status == ActionStatus.DONE:
            raise TransitionError("This action is already done")
