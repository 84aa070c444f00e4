"""Reflective supervision, practice observations and mentoring.

Supervision records think about cases rather than list tasks: for each child discussed, the prompts
of reflective supervision and an agreed decision (which is written to the child's chronology). The
private reflective part lives in a table of its own (`PrivateReflection`) that nothing about a child
joins to: it is read only by the supervisor and the supervisee, and every read is in the audit log.
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from hearth.core.models import TimeStampedModel
from hearth.core.permissions import VisibleToQuerySet

from .lines import line_reports_q

#: Newly qualified social workers (ASYE) are supervised more often in their first year.
ASYE_DAYS = 365
#: Supervision due within this many days shows as "due soon".
DUE_SOON_DAYS = 7


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every 2 weeks"
    THREE_WEEKLY = "three-weekly", "Every 3 weeks"
    MONTHLY = "monthly", "Every month"
    SIX_WEEKLY = "six-weekly", "Every 6 weeks"

    def next_after(self, day: datetime.date) -> datetime.date:
        if self == Frequency.MONTHLY:
            return add_months(day, 1)
        days = {"weekly": 7, "fortnightly": 14, "three-weekly": 21, "six-weekly": 42}[self.value]
        return day + datetime.timedelta(days=days)


# --- who supervises whom -----------------------------------------------------------------------


class AgreementQuerySet(models.QuerySet):
    def open(self, on: datetime.date | None = None):
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on), started_on__lte=on)


class SupervisionAgreement(TimeStampedModel):
    """Who supervises whom, how often, since when. Made by a team manager or consultant social worker."""

    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervision_agreements_as_supervisor",
    )
    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervision_agreements"
    )
    frequency = models.CharField(
        max_length=20,
        choices=Frequency.choices,
        blank=True,
        help_text="Empty: the usual frequency (every 2 weeks in the ASYE year, then every month).",
    )
    asye_started_on = models.DateField(
        "ASYE start date",
        null=True,
        blank=True,
        help_text="For a newly qualified social worker: when their assessed and supported year began.",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["supervisee"],
                condition=Q(ended_on__isnull=True),
                name="supervision_one_open_agreement",
                violation_error_message="This person already has a supervision agreement.",
            ),
            models.CheckConstraint(
                condition=~Q(supervisor=models.F("supervisee")), name="supervision_not_self"
            ),
        ]
        indexes = [models.Index(fields=["supervisor", "ended_on"], name="supervision_by_supervisor")]

    def __str__(self) -> str:
        return f"{self.supervisor} supervises {self.supervisee}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:agreement", args=[self.pk])

    def in_asye_year(self, on: datetime.date) -> bool:
        return self.asye_started_on is not None and on < self.asye_started_on + datetime.timedelta(ASYE_DAYS)

    def effective_frequency(self, on: datetime.date) -> Frequency:
        if self.frequency:
            return Frequency(self.frequency)
        return Frequency.FORTNIGHTLY if self.in_asye_year(on) else Frequency.MONTHLY

    def next_due(self, last_held: datetime.date | None, today: datetime.date) -> datetime.date:
        """The next supervision is due one interval after the last (or after the agreement began)."""
        base = max(last_held, self.started_on) if last_held else self.started_on
        return self.effective_frequency(today).next_after(base)


# --- supervision records -------------------------------------------------------------------------


class SessionKind(models.TextChoices):
    ONE_TO_ONE = "one-to-one", "One-to-one supervision"
    GROUP = "group", "Group supervision"


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Records this person may open: as supervisor, as a supervisee in it, or as the line manager of
        a supervisee in it. Nobody else, whatever their role (administrators, directors, leads)."""

        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        attended = Attendance.objects.filter(session=OuterRef("pk"))
        reach = Q(supervisor=user) | Q(Exists(attended.filter(supervisee=user)))
        reports = line_reports_q(user, "supervisee")
        if reports is not None:
            reach |= Q(Exists(attended.filter(reports)))
        return self.filter(reach)


class SupervisionSession(TimeStampedModel):
    """One supervision: one-to-one, or a group with several supervisees."""

    kind = models.CharField(max_length=20, choices=SessionKind.choices, default=SessionKind.ONE_TO_ONE)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervision_sessions_led"
    )
    held_on = models.DateField("date of supervision")
    focus = models.TextField(
        "what you reflected on together",
        blank=True,
        help_text="Themes, learning and development: not a list of tasks.",
    )
    wellbeing = models.TextField("how the worker is", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by every change: a change made from an older version is refused.",
    )
    supervisees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Attendance", related_name="supervision_sessions"
    )

    objects = SessionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["supervisor", "-held_on"], name="supervision_session_by")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:session", args=[self.pk])


class Attendance(models.Model):
    """A supervisee in a supervision, with the worker's own reflections (seen by their line manager)."""

    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="attendances")
    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervision_attendances"
    )
    held_on = models.DateField(help_text="The session's date, kept here so 'last supervision' is one index.")
    own_reflections = models.TextField("your own reflections", blank=True)
    reflections_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "supervisee__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "supervisee"], name="supervision_attend_once")
        ]
        indexes = [models.Index(fields=["supervisee", "-held_on"], name="supervision_last_held")]


class CaseDiscussionQuerySet(VisibleToQuerySet):
    unit_lookup = "child__allocated_unit"

    def exclude_restricted_for(self, user):
        from hearth.people.models import Child

        return self.filter(child__in=Child.objects.visible_to(user).values("pk"))

    def visible_to(self, user):
        # Through the child's own queryset, so restrictions and reach are exactly the record's.
        from hearth.people.models import Child

        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(child__in=Child.objects.visible_to(user).values("pk"))


class CaseDiscussion(TimeStampedModel):
    """A child discussed in supervision: the reflective prompts, and the decision agreed.

    The decision (not the reflection) is written to the child's chronology.
    """

    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="discussions")
    child = models.ForeignKey(
        "people.Child", on_delete=models.PROTECT, related_name="supervision_discussions"
    )
    brought_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The supervisee whose case it is.",
    )
    what_is_happening = models.TextField("What is happening?")
    evidence = models.TextField("What is the evidence?", blank=True)
    other_explanations = models.TextField("What else could explain it?", blank=True)
    effect_on_worker = models.TextField("How is this affecting you?", blank=True)
    what_to_try = models.TextField("What will you try?", blank=True)
    decision = models.TextField("Decision agreed", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CaseDiscussionQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["child", "-created_at"], name="supervision_discussion_child")]

    def __str__(self) -> str:
        return f"Case discussion in {self.session}"


class PrivateReflectionQuerySet(models.QuerySet):
    def readable_by(self, user):
        """Only the supervisor of the session and the supervisee it belongs to. Nobody else, ever."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(Q(supervisee=user) | Q(session__supervisor=user))


class PrivateReflection(models.Model):
    """The private reflective part of a supervision, between supervisor and one supervisee.

    Its own table: no query about a child reaches it, it is on no chronology and in no API, and every
    read writes an audit row (`supervision.private_view`).
    """

    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="private_parts")
    supervisee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = PrivateReflectionQuerySet.as_manager()

    class Meta:
        db_table = "supervision_private_reflection"
        constraints = [
            models.UniqueConstraint(fields=["session", "supervisee"], name="supervision_private_once")
        ]

    def __str__(self) -> str:
        return "Private reflection"


# --- practice observations -----------------------------------------------------------------------


class PracticeCriterion(models.TextChoices):
    """The practice model's named criteria (a fixed list until the practice framework app owns them)."""

    RELATIONSHIP = "relationship", "Relationship with the child"
    STRENGTHS = "strengths", "Strengths-based"
    CURIOSITY = "curiosity", "Curiosity and hypotheses"
    FAMILY_GOALS = "family-goals", "Family-led goals"
    RECORDING = "recording", "Clear recording"


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires-improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


GRADE_COLOURS = {
    Grade.OUTSTANDING: "green",
    Grade.GOOD: "turquoise",
    Grade.REQUIRES_IMPROVEMENT: "yellow",
    Grade.INADEQUATE: "red",
}


class ObservedSetting(models.TextChoices):
    HOME_VISIT = "home-visit", "Home visit"
    DIRECT_WORK = "direct-work", "Direct work with a child"
    MEETING = "meeting", "Meeting"
    OTHER = "other", "Other"


class ObservationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The observer, the observed worker and the observed worker's line manager."""

        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        reach = Q(observer=user) | Q(observed=user)
        reports = line_reports_q(user, "observed")
        if reports is not None:
            reach |= reports
        return self.filter(reach)


class Observation(TimeStampedModel):
    """A senior observes a worker's visit or meeting and gives feedback against the practice model."""

    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observations_made"
    )
    observed = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="observations_received"
    )
    observed_on = models.DateField()
    setting = models.CharField(max_length=20, choices=ObservedSetting.choices)
    context = models.TextField(
        "what you observed", help_text="The visit or meeting, briefly. No child's full name."
    )
    summary = models.TextField("overall feedback")
    response = models.TextField("the worker's response", blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["-observed_on", "-pk"]

    def __str__(self) -> str:
        return f"Observation of {self.observed} on {self.observed_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:observation", args=[self.pk])


class ObservationRating(models.Model):
    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.CharField(max_length=20, choices=PracticeCriterion.choices)
    grade = models.CharField(max_length=24, choices=Grade.choices)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["observation", "criterion"], name="observation_criterion_once")
        ]

    @property
    def grade_colour(self) -> str:
        return GRADE_COLOURS.get(self.grade, "")


# --- mentoring -----------------------------------------------------------------------------------


class MentoringQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Mentor and mentee only: mentoring is a trusted relationship, not management oversight."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(Q(mentor=user) | Q(mentee=user))


class Mentoring(TimeStampedModel):
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentoring_given"
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentoring_received"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    objects = MentoringQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name_plural = "mentoring relationships"
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=models.F("mentee")), name="mentoring_not_self")
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentors {self.mentee}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:mentoring-relationship", args=[self.pk])


class MentoringGoal(models.Model):
    mentoring = models.ForeignKey(Mentoring, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(max_length=500)
    achieved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class MentoringNote(models.Model):
    mentoring = models.ForeignKey(Mentoring, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_on = models.DateField()
    text = models.TextField("progress")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-pk"]
