"""Unit meetings: a weekly (or other) meeting per unit, its attendance, an agenda of the unit's children,
the unit's hypotheses about each child's family, its decisions and the actions agreed; and requests
from members for a child's case to be discussed.

Systemic practice (glossary): the unit forms a current hypothesis about what is happening for a family
and alternative hypotheses, and says what would tell them apart, rather than settling on one story.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from hearth.core.models import TimeStampedModel
from hearth.core.permissions import VisibleToQuerySet

#: The longest texts kept in a discussion, in characters.
MAX_TEXT = 5000
#: Alternative hypotheses a discussion may hold.
MAX_ALTERNATIVES = 8


class TransitionError(ValueError):
    """A change that cannot happen, with the reason in plain English."""


class Cadence(models.IntegerChoices):
    WEEKLY = 1, "Every week"
    FORTNIGHTLY = 2, "Every two weeks"
    FOUR_WEEKLY = 4, "Every four weeks"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


#: The unit meets every week, on Tuesday at 10am, unless its consultant or a manager says otherwise.
DEFAULT_CADENCE = Cadence.WEEKLY
DEFAULT_WEEKDAY = Weekday.TUESDAY
DEFAULT_TIME = datetime.time(10, 0)
#: Fortnightly and four-weekly meetings count their weeks from here unless a schedule says otherwise.
DEFAULT_FIRST_WEEK = datetime.date(2026, 1, 5)


class MeetingSchedule(TimeStampedModel):
    """When a unit meets. A unit without one meets weekly on Tuesday at 10am."""

    unit = models.OneToOneField(
        "organisation.Unit", on_delete=models.CASCADE, related_name="meeting_schedule"
    )
    cadence_weeks = models.PositiveSmallIntegerField(
        "how often", choices=Cadence.choices, default=DEFAULT_CADENCE
    )
    weekday = models.PositiveSmallIntegerField("day", choices=Weekday.choices, default=DEFAULT_WEEKDAY)
    starts_at = models.TimeField("time", default=DEFAULT_TIME)
    first_week = models.DateField(
        default=DEFAULT_FIRST_WEEK,
        help_text="The Monday of a week with a meeting: meetings every two or four weeks count from it.",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.get_cadence_weeks_display()} on {self.get_weekday_display()}"

    @classmethod
    def default_for(cls, unit) -> MeetingSchedule:
        return cls(unit=unit)

    def meeting_date(self, today: datetime.date) -> datetime.date:
        """The day of this week's meeting; in a week without one, of the next meeting."""
        week = monday_of(today)
        since = (week - monday_of(self.first_week)).days // 7
        offset = since % self.cadence_weeks
        if offset:
            week += datetime.timedelta(weeks=self.cadence_weeks - offset)
        return week + datetime.timedelta(days=self.weekday)


class MeetingKind(models.TextChoices):
    REGULAR = "regular", "Unit meeting"
    AD_HOC = "ad-hoc", "Ad hoc discussion"


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings of the units a person belongs to or manages; every unit's for authority-wide roles."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.has_authority_wide_case_access:
            return self
        return self.filter(unit__in=user.reach_unit_ids)


class Meeting(TimeStampedModel):
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=10, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    held_on = models.DateField()
    week_starting = models.DateField(help_text="The Monday of the meeting's week: one unit meeting a week.")
    starts_at = models.TimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Attendance", related_name="unit_meetings_attended"
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "week_starting"],
                condition=Q(kind="regular"),
                name="meeting_one_regular_per_unit_week",
            )
        ]
        indexes = [models.Index(fields=["unit", "-held_on"], name="meeting_unit_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.unit}, {self.held_on:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def title(self) -> str:
        from hearth.core.presenters import date_in_words

        day = f"{self.held_on:%A} {date_in_words(self.held_on)}"
        return f"Ad hoc discussion, {day}" if self.kind == MeetingKind.AD_HOC else f"Unit meeting, {day}"

    def moment(self) -> datetime.datetime:
        """When the meeting was held, for the chronology: its day and time (10am when not known)."""
        return timezone.make_aware(datetime.datetime.combine(self.held_on, self.starts_at or DEFAULT_TIME))


class Attendance(models.Model):
    """A member of the unit who was at the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once")]


class ChildVisibleQuerySet(VisibleToQuerySet):
    """Records about one child: visible exactly when the child is (current allocation, restrictions)."""

    child_lookup = "child"

    def visible_to(self, user):
        from hearth.people.models import Child

        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(**{f"{self.child_lookup}__in": Child.objects.visible_to(user).values("pk")})


class DiscussionStatus(models.TextChoices):
    AGENDA = "agenda", "On the agenda"
    DISCUSSED = "discussed", "Discussed"


class DiscussionQuerySet(ChildVisibleQuerySet):
    def with_hypothesis(self):
        return self.exclude(hypothesis="")


class Discussion(TimeStampedModel):
    """A child on a meeting's agenda, and what the unit thought and decided about their family."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="discussions")
    # Indexed by discussion_child_time, which starts with the child.
    child = models.ForeignKey(
        "people.Child", on_delete=models.PROTECT, related_name="meeting_discussions", db_index=False
    )
    position = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    hypothesis = models.TextField("current hypothesis", blank=True, max_length=MAX_TEXT)
    alternatives = models.JSONField("alternative hypotheses", default=list, blank=True)
    distinguishing = models.TextField("what would tell them apart", blank=True, max_length=MAX_TEXT)
    decision = models.TextField(blank=True, max_length=MAX_TEXT)
    status = models.CharField(
        max_length=10, choices=DiscussionStatus.choices, default=DiscussionStatus.AGENDA
    )
    discussed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock: goes up with every save.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DiscussionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "child"], name="discussion_child_once_per_meeting")
        ]
        indexes = [models.Index(fields=["child", "-created_at"], name="discussion_child_time")]

    def __str__(self) -> str:
        return f"{self.child} at {self.meeting}"

    def get_absolute_url(self) -> str:
        return reverse("meetings:discussion", args=[self.pk])

    @property
    def is_discussed(self) -> bool:
        return self.status == DiscussionStatus.DISCUSSED

    @property
    def has_record(self) -> bool:
        """Something was written down about the child in this meeting."""
        return any((self.hypothesis, self.alternatives, self.distinguishing, self.decision))

    def check_can_remove(self, *, has_actions: bool) -> None:
        """A child comes off the agenda only before the unit has discussed them."""
        name = self.child.full_name
        if self.is_discussed:
            raise TransitionError(f"{name} has been discussed, so cannot be taken off the agenda")
        if has_actions:
            raise TransitionError(f"Actions were agreed for {name}, so they cannot be taken off the agenda")
        if self.has_record:
            raise TransitionError(
                f"Something has been written about {name} in this meeting, so they cannot be taken off "
                "the agenda. Clear what was written first"
            )

    def check_can_mark_discussed(self) -> None:
        problems = []
        if not self.hypothesis.strip():
            problems.append("the current hypothesis")
        if not [a for a in self.alternatives if a.strip()]:
            problems.append("at least one alternative hypothesis")
        if not self.decision.strip():
            problems.append("the decision")
        if problems:
            raise TransitionError("To mark the discussion as done, write " + _and_list(problems))


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class ActionQuerySet(ChildVisibleQuerySet):
    child_lookup = "discussion__child"

    def open(self):
        return self.filter(done_at__isnull=True)


class Action(TimeStampedModel):
    """Something the unit agreed to do for a child: one owner (a member of the unit) and a due date."""

    discussion = models.ForeignKey(Discussion, on_delete=models.PROTECT, related_name="actions")
    text = models.CharField("what needs to be done", max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meeting_actions"
    )
    due_on = models.DateField("due by")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "done_at", "due_on"], name="action_owner_open")]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("meetings:action", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_done and self.due_on < today


class RequestWhen(models.TextChoices):
    NEXT_MEETING = "next-meeting", "At the next unit meeting"
    AD_HOC = "ad-hoc", "As soon as possible, before the next meeting (ad hoc)"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    DISCUSSED = "discussed", "Discussed"


class DiscussionRequestQuerySet(ChildVisibleQuerySet):
    def open(self):
        return self.filter(status=RequestStatus.OPEN)


class DiscussionRequest(TimeStampedModel):
    """A member asks the unit to discuss a child's case, with the question they want help with."""

    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="discussion_requests"
    )
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="discussion_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    question = models.TextField("the question you want help with", max_length=2000)
    when = models.CharField(max_length=20, choices=RequestWhen.choices, default=RequestWhen.NEXT_MEETING)
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    discussion = models.ForeignKey(
        Discussion, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    discussed_at = models.DateTimeField(null=True, blank=True)

    objects = DiscussionRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "status", "-created_at"], name="request_unit_status")]

    def __str__(self) -> str:
        return f"Discussion of {self.child} asked for by {self.requested_by}"
