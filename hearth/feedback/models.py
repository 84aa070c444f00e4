"""Feedback from children, families and staff, and "you said, we did" (Employer Standard 1: "listening to
people who access services is essential ... reflect on this feedback and act on it").

A worker sends a child, young person or family member an `Invitation`: a private link and a short code,
each working once and for 28 days, stored only as keyed hashes. The public form makes a `Response`. When
the person does not ask to be named, the response is anonymous: it holds no key to the invitation, no
child, no worker and no exact time (only the Monday of the week it came in), and staff see it only once
that week is over (ADR 0013). Staff record compliments, complaints, suggestions and staff feedback as
responses too. Every response is read and marked acted on (what we did) or not acted on (why not); the
team may publish it, in plain words, on the unit's "you said, we did" page.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from hearth.core.roles import OrgRole

MAX_TEXT = 2000
#: How long a link or code works.
LINK_DAYS = 28


class TransitionError(ValueError):
    """A change that cannot happen, with the reason in plain English."""


class InvitationRefused(ValueError):
    """A link or code that cannot be used, with a kind message for the person holding it."""


USED_MESSAGE = (
    "This link or code has already been used, so it cannot be used again. Thank you for telling us "
    "what you think. If you want to tell us more, ask your worker for a new link."
)
EXPIRED_MESSAGE = (
    "This link or code has run out. They work for 28 days. If you still want to tell us what you "
    "think, ask your worker for a new link."
)
UNKNOWN_MESSAGE = (
    "We could not find that link or code. Check it and try again, or ask your worker for a new one."
)


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the week `day` is in."""
    return day - datetime.timedelta(days=day.weekday())


class Recipient(models.TextChoices):
    YOUNG_PERSON = "young-person", "A child or young person"
    PARENT = "parent", "A parent or carer"
    FAMILY = "family", "Another family member"


class FormVersion(models.TextChoices):
    STANDARD = "standard", "The usual form"
    YOUNGER = "younger", "The form with faces, for younger children"


class Invitation(models.Model):
    """A private link and short code for one person to give feedback once.

    Deliberately no `updated_at` and no time of use: the row says only whether it has been used, so
    nothing records when a link was used (ADR 0013).
    """

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField("who it is for", max_length=20, choices=Recipient.choices)
    version = models.CharField(max_length=10, choices=FormVersion.choices, default=FormVersion.STANDARD)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used = models.BooleanField(default=False)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "sent_at"], name="feedback_invite_unit_sent"),
            models.Index(fields=["child", "-sent_at"], name="feedback_invite_child"),
        ]

    def __str__(self) -> str:
        return f"Feedback link {self.pk}"

    def check_can_use(self, now: datetime.datetime) -> None:
        if self.used:
            raise InvitationRefused(USED_MESSAGE)
        if now >= self.expires_at:
            raise InvitationRefused(EXPIRED_MESSAGE)


class Kind(models.TextChoices):
    FAMILY = "family", "Feedback from a child or family"
    COMPLIMENT = "compliment", "Compliment"
    COMPLAINT = "complaint", "Complaint"
    SUGGESTION = "suggestion", "Suggestion"
    STAFF = "staff", "Staff feedback"


#: What staff may record themselves (family feedback comes through the form).
RECORDED_KINDS = [Kind.COMPLIMENT, Kind.COMPLAINT, Kind.SUGGESTION, Kind.STAFF, Kind.FAMILY]


class Listened(models.TextChoices):
    YES = "yes", "Yes"
    SOMETIMES = "sometimes", "Sometimes"
    NO = "no", "No"
    NOT_SURE = "not-sure", "I am not sure"


class Status(models.TextChoices):
    UNREAD = "unread", "Not read yet"
    READ = "read", "Read, not marked yet"
    ACTED = "acted", "Acted on"
    NOT_ACTED = "not-acted", "Not acted on"


MARKED_STATUSES = (Status.ACTED, Status.NOT_ACTED)

#: Organisation roles that see every unit's responses.
SEES_ALL_ROLES = (OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD)


class ResponseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Members and line managers of the unit see its responses; the principal social worker and the
        quality lead see all; nobody else sees any."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.org_role in SEES_ALL_ROLES:
            return self
        return self.filter(unit__in=user.reach_unit_ids)

    def shown_on(self, today: datetime.date):
        """Responses staff may see today: anonymous ones only once their week is over (ADR 0013)."""
        return self.filter(visible_from__lte=today)

    def published(self):
        return self.filter(publish=True, status=Status.ACTED)


class Response(models.Model):
    """One piece of feedback, given on the form or recorded by staff.

    The key is random (a UUID), not a running number, so the order of responses says nothing about the
    order links were used in. There is no key to the invitation and no time of day (ADR 0013).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.FAMILY)
    via_form = models.BooleanField(default=False, help_text="Given on the form through a link or code.")
    version = models.CharField(max_length=10, choices=FormVersion.choices, blank=True)
    named = models.BooleanField(default=False, help_text="The person asked for their worker to know.")
    child = models.ForeignKey(
        "people.Child",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Only when the family agreed to be named.",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The worker who sent the link, only when the family agreed to be named.",
    )
    from_whom = models.CharField("who it is from", max_length=120, blank=True)
    listened = models.CharField(max_length=10, choices=Listened.choices, blank=True)
    helped = models.TextField("what helped", max_length=MAX_TEXT, blank=True)
    differently = models.TextField("what we should do differently", max_length=MAX_TEXT, blank=True)
    said = models.TextField("what was said", max_length=MAX_TEXT, blank=True)
    received_on = models.DateField(help_text="For anonymous responses, the Monday of the week.")
    visible_from = models.DateField(help_text="Staff see the response from this day.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UNREAD)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.TextField("what we did, or why not", max_length=MAX_TEXT, blank=True)
    publish = models.BooleanField(default=False)
    you_said = models.TextField(max_length=MAX_TEXT, blank=True)
    we_did = models.TextField(max_length=MAX_TEXT, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "id"]
        indexes = [
            models.Index(fields=["unit", "status", "visible_from"], name="feedback_unit_status"),
            models.Index(fields=["unit", "received_on"], name="feedback_unit_received"),
            models.Index(fields=["unit", "publish", "marked_at"], name="feedback_unit_published"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.unit_id}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:response", args=[self.pk])

    @property
    def is_marked(self) -> bool:
        return self.status in MARKED_STATUSES

    def days_to_act(self) -> int | None:
        if self.status != Status.ACTED or self.marked_at is None:
            return None
        return max(0, (self.marked_at.date() - self.received_on).days)

    # --- transitions -----------------------------------------------------------------------------

    def check_can_mark(self) -> None:
        if self.is_marked:
            raise TransitionError("This feedback has already been marked")
