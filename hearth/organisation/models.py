"""The local authority, its service areas, small units and who belongs to them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hearth.core.models import TimeStampedModel
from hearth.core.roles import UnitRole

#: The research calls for small, flat teams; a unit of about five is the Hearth default.
RECOMMENDED_UNIT_SIZE = 5
LARGE_UNIT_SIZE = 7


class LocalAuthority(TimeStampedModel):
    name = models.CharField(max_length=150)
    la_code = models.CharField(
        "DfE local authority code",
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", "Enter the three-digit DfE local authority code, like 999")],
    )
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class ServiceArea(TimeStampedModel):
    authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="service_areas")
    name = models.CharField(max_length=150)
    head_of_service = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_areas_headed",
    )
    service_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_areas_managed",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["authority", "name"], name="service_area_unique_name")]

    def __str__(self) -> str:
        return self.name


class UnitType(models.TextChoices):
    ASSESSMENT = "assessment", "Assessment"
    CIN_CP = "cin-cp", "Child in need and child protection"
    CHILDREN_IN_CARE = "children-in-care", "Children in care"
    CARE_LEAVERS = "care-leavers", "Care leavers"
    DISABLED_CHILDREN = "disabled-children", "Disabled children"


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_member_count(self):
        today = timezone.localdate()
        current = Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gt=today)
        return self.annotate(member_count=Count("memberships", filter=current, distinct=True))


class Unit(TimeStampedModel):
    """A small team (about five people) that shares its cases and meets weekly."""

    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="units")
    name = models.CharField(max_length=150)
    code = models.SlugField(
        max_length=40,
        unique=True,
        help_text="A short name used in web addresses, for example 'north-3'. Letters, numbers and hyphens.",
    )
    unit_type = models.CharField(max_length=32, choices=UnitType.choices)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_units",
        help_text="The team manager who line-manages this unit.",
    )
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()
    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:unit", args=[self.code])

    def current_memberships(self):
        return self.memberships.current().select_related("user").order_by("role", "user__full_name")


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on), started_on__lte=on)


class Membership(TimeStampedModel):
    """A person's place in a unit, with their role in it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=32, choices=UnitRole.choices)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "user"],
                condition=Q(ended_on__isnull=True),
                name="membership_one_open_per_unit",
                violation_error_message="This person is already a member of this unit.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
                violation_error_message="The end date must be on or after the start date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.unit}"

    def clean(self):
        super().clean()
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "The end date must be on or after the start date."})

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.started_on <= today and (self.ended_on is None or self.ended_on > today)
