"""Clinical input: a worker asks the unit's clinician for a consultation, or refers a child to a
therapeutic service, with the question to answer (characteristic 6: "teams are interdisciplinary ... or
workers have easy access to clinical and therapeutic services").

A request moves requested → taken (by a clinician) → first contact recorded → input recorded (on the
child's chronology) → closed. Waiting time is measured from the request to the first contact.
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

MAX_TEXT = 5000


class TransitionError(ValueError):
    """A change that cannot happen, with the reason in plain English."""


class Service(models.TextChoices):
    CONSULTATION = "consultation", "Consultation with a clinician"
    CAMHS = "camhs", "Child and adolescent mental health services (CAMHS)"
    FAMILY_THERAPY = "family-therapy", "Family therapy"
    PSYCHOLOGY = "psychology", "Psychology"
    SPEECH_LANGUAGE = "speech-language", "Speech and language therapy"
    SUBSTANCE_MISUSE = "substance-misuse", "Substance misuse service"
    DOMESTIC_ABUSE = "domestic-abuse", "Domestic abuse service"


class Status(models.TextChoices):
    REQUESTED = "requested", "Waiting"
    TAKEN = "taken", "With a clinician"
    CLOSED = "closed", "Closed"


class ClinicalRequestQuerySet(VisibleToQuerySet):
    """Members and managers of the request's unit see it, authority-wide roles see all; a restricted
    child's only by the people named on it or who broke glass."""

    unit_lookup = "unit"

    def exclude_restricted_for(self, user):
        from hearth.people.models import BreakGlass, RestrictedAccess

        named = RestrictedAccess.objects.filter(child=OuterRef("child_id"), user=user)
        glass = BreakGlass.objects.filter(
            child=OuterRef("child_id"), user=user, expires_at__gt=timezone.now()
        )
        return self.filter(Q(child__restriction="") | Exists(named) | Exists(glass))

    def open(self):
        return self.exclude(status=Status.CLOSED)


class ClinicalRequest(TimeStampedModel):
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="clinical_requests")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="clinical_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    service = models.CharField(max_length=20, choices=Service.choices)
    question = models.TextField("the question to answer", max_length=MAX_TEXT)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clinical_requests_taken",
    )
    taken_at = models.DateTimeField(null=True, blank=True)
    first_contact_on = models.DateField("date of first contact", null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ClinicalRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["unit", "status", "created_at"], name="clinical_unit_queue"),
            models.Index(fields=["unit", "first_contact_on"], name="clinical_unit_contact"),
            models.Index(fields=["child", "status"], name="clinical_child"),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()} for {self.child}"

    def get_absolute_url(self) -> str:
        return reverse("clinical:request", args=[self.pk])

    @property
    def is_referral(self) -> bool:
        return self.service != Service.CONSULTATION

    @property
    def kind_in_words(self) -> str:
        return "Referral" if self.is_referral else "Consultation"

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    def requested_on(self) -> datetime.date:
        return timezone.localtime(self.created_at).date()

    def days_waited(self, today: datetime.date | None = None) -> int | None:
        """Days from the request to the first contact (or, while waiting, to today)."""
        if self.first_contact_on is not None:
            return (self.first_contact_on - self.requested_on()).days
        if today is not None and self.is_open:
            return (today - self.requested_on()).days
        return None

    # --- transitions -----------------------------------------------------------------------------

    def check_can_take(self, by) -> None:
        if self.status == Status.CLOSED:
            raise TransitionError("This request is closed, so it cannot be taken")
        if self.status == Status.TAKEN and self.clinician_id == by.pk:
            raise TransitionError("You have already taken this request")

    def check_can_record_contact(self, day: datetime.date, today: datetime.date) -> None:
        if self.status == Status.REQUESTED:
            raise TransitionError("Take the request before recording the first contact")
        if self.status == Status.CLOSED:
            raise TransitionError("This request is closed, so nothing more can be recorded on it")
        if self.first_contact_on is not None:
            raise TransitionError("The first contact has already been recorded")
        if day > today:
            raise TransitionError("The date of first contact cannot be in the future")
        if day < self.requested_on():
            raise TransitionError("The date of first contact cannot be before the request was made")

    def check_can_record_input(self) -> None:
        if self.status == Status.REQUESTED:
            raise TransitionError("Take the request before recording your input")
        if self.status == Status.CLOSED:
            raise TransitionError("This request is closed, so nothing more can be recorded on it")
        if self.first_contact_on is None:
            raise TransitionError("Record the date of first contact before recording your input")

    def check_can_close(self, *, has_input: bool) -> None:
        if self.status == Status.REQUESTED:
            raise TransitionError("Take the request before closing it")
        if self.status == Status.CLOSED:
            raise TransitionError("This request is already closed")
        if not has_input:
            raise TransitionError("Record your input before closing the request")


class ClinicalInput(models.Model):
    """What the clinician offered: advice, formulation, the outcome of a referral."""

    request = models.ForeignKey(ClinicalRequest, on_delete=models.CASCADE, related_name="inputs")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=MAX_TEXT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]
