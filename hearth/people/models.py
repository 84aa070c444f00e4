"""Children, the adults in their lives, relationships and households.

Field names follow the DfE returns where a field is returned (CIN census, SSDA903), so that the
returns come from the record with no extra entry.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hearth.core.models import TimeStampedModel
from hearth.core.permissions import VisibleToQuerySet

from .codes import Disability, Ethnicity, RelationshipKind, Restriction, Sex
from .validators import normalise_nhs_number, normalise_upn, validate_nhs_number, validate_upn

#: How long a break-glass grant lasts.
BREAK_GLASS_HOURS = 8


class ChildQuerySet(VisibleToQuerySet):
    unit_lookup = "allocated_unit"

    def exclude_restricted_for(self, user):
        """Restricted children only for the people named on them, or who broke glass recently."""
        named = RestrictedAccess.objects.filter(child=OuterRef("pk"), user=user)
        glass = BreakGlass.objects.filter(child=OuterRef("pk"), user=user, expires_at__gt=timezone.now())
        return self.filter(Q(restriction="") | Exists(named) | Exists(glass))

    def in_reach_of(self, user):
        """Children the person would see if nothing were restricted (who may break glass)."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.has_authority_wide_case_access or user.is_system_administrator:
            return self.all()
        return self.filter(allocated_unit__in=user.reach_unit_ids)


class Child(TimeStampedModel):
    la_child_id = models.CharField(
        "LA child ID", max_length=20, unique=True, help_text="The authority's own reference (<LAchildID>)."
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    other_names = models.CharField("other names", max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(
        null=True, blank=True, help_text="For an unborn child: the expected date of birth."
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender_identity = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    upn = models.CharField("UPN", max_length=13, blank=True, validators=[validate_upn])
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, validators=[validate_nhs_number])
    first_language = models.CharField(max_length=60, blank=True, default="English")
    uasc = models.BooleanField("unaccompanied asylum-seeking child", default=False)
    date_of_death = models.DateField(null=True, blank=True)

    # Shared allocation (history in cases.Allocation): the unit that holds the case and its lead worker.
    allocated_unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    lead_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_children",
    )

    restriction = models.CharField(max_length=20, choices=Restriction.choices, blank=True, default="")

    # Kept up to date by the services that record visits, so lists need no aggregate per child.
    last_visit_at = models.DateTimeField("last visit", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"
        indexes = [
            models.Index(fields=["allocated_unit", "last_name"], name="child_unit_name"),
            models.Index(fields=["last_name", "first_name"], name="child_name"),
            models.Index(fields=["date_of_birth"], name="child_dob"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("people:child", args=[self.pk])

    def clean(self):
        super().clean()
        self.upn = normalise_upn(self.upn) if self.upn else ""
        self.nhs_number = normalise_nhs_number(self.nhs_number) if self.nhs_number else ""
        today = timezone.localdate()
        if self.date_of_birth and self.date_of_birth > today:
            raise ValidationError({"date_of_birth": "Date of birth must be today or in the past"})
        if self.date_of_birth and self.expected_date_of_birth:
            raise ValidationError(
                {"expected_date_of_birth": "Give a date of birth or an expected date of birth, not both"}
            )

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    def age_on(self, day: datetime.date | None = None) -> int | None:
        if self.date_of_birth is None:
            return None
        day = day or timezone.localdate()
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def is_restricted(self) -> bool:
        return bool(self.restriction)


class ChildDisability(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4, choices=Disability.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "code"], name="child_disability_once")]

    def __str__(self) -> str:
        return self.get_code_display()


class Adult(TimeStampedModel):
    """A parent, carer or other adult in a child's life. Reached only through the children they are linked to."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Relationship(TimeStampedModel):
    """How someone is related to a child: an adult (parent, carer) or another child (sibling)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="relationships")
    adult = models.ForeignKey(
        Adult, null=True, blank=True, on_delete=models.CASCADE, related_name="relationships"
    )
    other_child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.CASCADE, related_name="relationships_as_other"
    )
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    parental_responsibility = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(adult__isnull=False) & Q(other_child__isnull=True))
                | (Q(adult__isnull=True) & Q(other_child__isnull=False)),
                name="relationship_one_other_person",
            ),
            models.CheckConstraint(condition=~Q(child=models.F("other_child")), name="relationship_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.adult or self.other_child} is {self.get_kind_display().lower()} of {self.child}"


class Household(TimeStampedModel):
    """The people who live together: the family a worker visits, and a unit of need scoring."""

    name = models.CharField(max_length=150, help_text="For example 'The Ahmed household'.")
    children = models.ManyToManyField(Child, related_name="households", blank=True)
    adults = models.ManyToManyField(Adult, related_name="households", blank=True)

    def __str__(self) -> str:
        return self.name


class Address(TimeStampedModel):
    """Address history of a child (where they live, from and to)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField("address line 1", max_length=150)
    line_2 = models.CharField("address line 2", max_length=150, blank=True)
    town = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=10)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="address_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.line_1}, {self.town} {self.postcode}"


class RestrictedAccess(models.Model):
    """A person named on a restricted record: they see it without breaking glass."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="named_access")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "user"], name="restricted_access_once")]


class BreakGlass(models.Model):
    """Someone not named on a restricted record opened it, giving a reason. Audited; the manager is told."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["child", "user", "expires_at"], name="break_glass_lookup")]
