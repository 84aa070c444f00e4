"""Practical help for families: requests a unit member raises for a child (transport, a venue, a letter,
school uniform, ...) that the unit coordinator takes, works on and closes (characteristic 2: "a good
administrative team acts as an all-round trouble-shooter who gets the practical things done").

A request moves raised → taken → done (or cannot be done, with the reason). The moves are the model's
`check_can_*` methods, called by the services, which refuse impossible ones in plain English.
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

MAX_TEXT = 2000


class TransitionError(ValueError):
    """A change that cannot happen, with the reason in plain English."""


class RequestKind(models.TextChoices):
    TRANSPORT = "transport", "Transport"
    VENUE = "venue", "A venue for a meeting"
    LETTER = "letter", "A letter to housing or benefits"
    UNIFORM = "uniform", "School uniform"
    FURNITURE = "furniture", "Furniture"
    INTERPRETER = "interpreter", "An interpreter"
    CONTACT = "contact", "Booking a contact session"
    OTHER = "other", "Something else"


class Status(models.TextChoices):
    RAISED = "raised", "Waiting"
    TAKEN = "taken", "In progress"
    DONE = "done", "Done"
    CANNOT = "cannot", "Cannot be done"


OPEN_STATUSES = (Status.RAISED, Status.TAKEN)
CLOSED_STATUSES = (Status.DONE, Status.CANNOT)


class ChildRecordQuerySet(VisibleToQuerySet):
    """Records about one child held by a unit: members and managers of the unit see them, authority-wide
    roles see all; a restricted child's only by the people named on it or who broke glass."""

    unit_lookup = "unit"

    def exclude_restricted_for(self, user):
        from hearth.people.models import BreakGlass, RestrictedAccess

        named = RestrictedAccess.objects.filter(child=OuterRef("child_id"), user=user)
        glass = BreakGlass.objects.filter(
            child=OuterRef("child_id"), user=user, expires_at__gt=timezone.now()
        )
        return self.filter(Q(child__restriction="") | Exists(named) | Exists(glass))


class PracticalRequestQuerySet(ChildRecordQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def closed(self):
        return self.filter(status__in=CLOSED_STATUSES)


class PracticalRequest(TimeStampedModel):
    """Something practical a family needs, asked of the unit coordinator."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="practical_requests")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="practical_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("what kind of help", max_length=20, choices=RequestKind.choices)
    needed = models.TextField("what is needed", max_length=MAX_TEXT)
    due_on = models.DateField("needed by")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RAISED)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practical_requests_taken",
    )
    taken_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.TextField("what was done, or why it cannot be done", blank=True, max_length=MAX_TEXT)

    objects = PracticalRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["unit", "status", "due_on"], name="practical_unit_queue"),
            models.Index(fields=["unit", "closed_at"], name="practical_unit_closed"),
            models.Index(fields=["requested_by", "-created_at"], name="practical_requester"),
            models.Index(fields=["child", "status"], name="practical_child"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.child}"

    def get_absolute_url(self) -> str:
        return reverse("support:request", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.due_on < today

    def days_to_done(self) -> float | None:
        if self.status != Status.DONE or self.closed_at is None:
            return None
        return (self.closed_at - self.created_at).total_seconds() / 86400

    # --- transitions -----------------------------------------------------------------------------

    def check_can_take(self, by) -> None:
        if self.status in CLOSED_STATUSES:
            raise TransitionError("This request is closed, so it cannot be taken")
        if self.status == Status.TAKEN and self.assigned_to_id == by.pk:
            raise TransitionError("You have already taken this request")

    def check_can_add_note(self) -> None:
        if self.status == Status.RAISED:
            raise TransitionError("Take the request before recording what was done")
        if self.status in CLOSED_STATUSES:
            raise TransitionError("This request is closed, so nothing more can be recorded on it")

    def check_can_close(self) -> None:
        if self.status == Status.RAISED:
            raise TransitionError("Take the request before closing it")
        if self.status in CLOSED_STATUSES:
            raise TransitionError("This request is already closed")


class ProgressNote(models.Model):
    """What the coordinator did towards a request."""

    request = models.ForeignKey(PracticalRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=MAX_TEXT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]
