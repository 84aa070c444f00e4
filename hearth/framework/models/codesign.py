"""Co-design of the purpose and vision: rounds, invitation links, ideas, comments, support (see the
package docstring and ADR 0010)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from hearth.core.models import TimeStampedModel

from .framework import MAX_SHORT, MAX_TEXT, TransitionError

# ---------------------------------------------------------------------------------------------------
# Co-design of purpose and vision
# ---------------------------------------------------------------------------------------------------


class Group(models.TextChoices):
    STAFF = "staff", "Staff"
    CHILDREN = "children", "Children and young people"
    PARENTS = "parents", "Parents and carers"
    PARTNERS = "partners", "Partners"


INVITED_GROUPS = [(g.value, g.label) for g in Group if g != Group.STAFF]


class RoundStatus(models.TextChoices):
    OPEN = "open", "Open for ideas"
    CLOSED = "closed", "Closed: writing the statement"
    PUBLISHED = "published", "Published"


class CoDesignRoundQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=RoundStatus.PUBLISHED)


class CoDesignRound(TimeStampedModel):
    """A round of co-design of the purpose and vision statement."""

    title = models.CharField(max_length=MAX_SHORT)
    question = models.TextField("what we are asking", max_length=MAX_TEXT)
    draft_statement = models.TextField("the draft statement", max_length=MAX_TEXT)
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    closes_on = models.DateField("ideas close on")
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    final_statement = models.TextField("the final statement", blank=True, max_length=MAX_TEXT)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who took part, frozen when published: counts by group, never names.
    staff_count = models.PositiveIntegerField(default=0)
    children_count = models.PositiveIntegerField(default=0)
    parents_count = models.PositiveIntegerField(default=0)
    partners_count = models.PositiveIntegerField(default=0)

    objects = CoDesignRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("framework:round", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def is_published(self) -> bool:
        return self.status == RoundStatus.PUBLISHED

    def participation(self) -> list[tuple[str, int]]:
        return [
            (Group.STAFF.label, self.staff_count),
            (Group.CHILDREN.label, self.children_count),
            (Group.PARENTS.label, self.parents_count),
            (Group.PARTNERS.label, self.partners_count),
        ]

    def check_open(self) -> None:
        if self.status != RoundStatus.OPEN:
            raise TransitionError("This co-design round is no longer taking ideas.")

    def check_can_close(self) -> None:
        if self.status != RoundStatus.OPEN:
            raise TransitionError("Only an open round can be closed.")

    def check_can_publish(self) -> None:
        if self.status == RoundStatus.PUBLISHED:
            raise TransitionError("This statement has already been published.")
        if self.status != RoundStatus.CLOSED:
            raise TransitionError("Close the round to ideas before publishing the statement.")
        if not self.final_statement.strip():
            raise TransitionError("Write the final statement before publishing it.")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(TimeStampedModel):
    """A link for children, families or partners to add ideas without an account.

    Only the SHA-256 of the token is kept: the link is shown once, when made. It works `max_uses`
    times, until `expires_at`, while the round is open and it has not been withdrawn.
    """

    round = models.ForeignKey(CoDesignRound, on_delete=models.CASCADE, related_name="invitations")
    group = models.CharField(max_length=10, choices=INVITED_GROUPS)
    label = models.CharField(
        "who it is for, without names (for example 'Children in care council, March')", max_length=120
    )
    token_hash = models.CharField(max_length=64, unique=True)
    max_uses = models.PositiveIntegerField(default=1)
    uses = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.label

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(24)

    def refusal(self, now: datetime.datetime | None = None) -> str:
        """Why the link cannot be used now, in plain English; empty when it can."""
        now = now or timezone.now()
        if self.withdrawn_at is not None:
            return "This invitation link has been withdrawn. Please ask the person who sent it for a new one."
        if self.uses >= self.max_uses:
            return (
                "This invitation link has already been used. Please ask the person who sent it for a new one."
            )
        if self.expires_at <= now:
            return "This invitation link has expired. Please ask the person who sent it for a new one."
        if self.round.status != RoundStatus.OPEN:
            return (
                "This co-design round has closed and is no longer taking ideas. Thank you for your interest."
            )
        return ""


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def visible_from(day: datetime.date, anonymous: bool) -> datetime.date:
    """When staff first see an idea added on `day`: at once, or (anonymous) the Monday after."""
    return week_start(day) + datetime.timedelta(days=7) if anonymous else day


class Idea(models.Model):
    """An idea for the purpose and vision. Every idea is shown equal: no name, no role, no badge.

    When `anonymous`, nothing here links it to a person or an invitation: `author` and `invitation` are
    empty, the id is random, only the week it was added is kept, and it is shown to staff from the
    following Monday while the round is open (ADR 0010).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(CoDesignRound, on_delete=models.CASCADE, related_name="ideas")
    group = models.CharField(max_length=10, choices=Group.choices)
    text = models.TextField("your idea", max_length=MAX_TEXT)
    anonymous = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_week = models.DateField("the week it was added (its Monday)")
    visible_from = models.DateField(
        "shown to staff from",
        help_text="An anonymous idea is shown from the Monday after the week it was added, with the others "
        "of that week, so the moment it appears says nothing about who sent it (ADR 0010).",
    )
    shaped_statement = models.BooleanField("shaped the final statement", default=False)
    shaped_note = models.CharField("how it shaped the statement", max_length=MAX_SHORT, blank=True)

    class Meta:
        # Oldest first, then by the random id: never by who wrote it.
        ordering = ["added_week", "id"]
        indexes = [models.Index(fields=["round", "added_week"], name="framework_idea_round")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=False) | models.Q(author__isnull=True, invitation__isnull=True),
                name="framework_anonymous_idea_unlinked",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class IdeaComment(models.Model):
    """A comment on an idea by a member of staff; shown without a name or role."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=MAX_TEXT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class IdeaSupport(models.Model):
    """One person's support for an idea (once each)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    supporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "supporter"], name="framework_support_once")]


class Participant(models.Model):
    """A member of staff took part in a round (an idea, a comment or support), for the counts by group.

    It says that they took part, never in what: no link to any idea, and no time.
    """

    round = models.ForeignKey(CoDesignRound, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="framework_participant_once")]

    def __str__(self) -> str:
        return f"{self.user} in {self.round}"
