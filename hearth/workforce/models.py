"""Staff records, posts, absence, development, conversations, the wellbeing pulse and equality records.

Workforce figures (turnover, vacancy, agency, absence, caseload, stability) are never stored: they are
worked out from these records when a page asks (`figures.py`, `selectors.py`).

The pulse is anonymous by construction (docs/adr/0007-workforce-privacy-thresholds.md):
`PulseResponse` has no link to a person, no timestamp and a random key; `PulseParticipation` records
only that a person answered a round (so they cannot answer twice); `PulseTally` counts answers by
protected characteristic in rows made, all at once, when the round opens.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from hearth.core.models import TimeStampedModel

from .codes import (
    AgeBand,
    AsyeStatus,
    CensusEthnicity,
    CensusGender,
    CensusReasonLeave,
    Contract,
    ConversationKind,
    CpdKind,
    Disability,
    Discrimination,
    EthnicGroup,
    FactorKind,
    Gender,
    Grade,
    LeaverDestination,
    LeavingReason,
    OrgRole,
    PushFactor,
    QualificationLevel,
    SexualOrientation,
    StartOrigin,
)

FTE_FIELD = {
    "max_digits": 3,
    "decimal_places": 2,
    "validators": [MinValueValidator(0.01), MaxValueValidator(1)],
}


class Post(TimeStampedModel):
    """A funded post in a unit (the establishment). A post with no employed holder is a vacancy."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="workforce_posts")
    title = models.CharField(max_length=150)
    grade = models.CharField(max_length=16, choices=Grade.choices)
    fte = models.DecimalField("full-time equivalent", default=1, **FTE_FIELD)
    is_social_work = models.BooleanField(
        "social work post", default=True, help_text="Needs a registered social worker."
    )
    established_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["unit", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("established_on")),
                name="workforce_post_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.unit}"


class StaffRecordQuerySet(models.QuerySet):
    def in_post(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=on), started_on__lte=on)


class StaffRecord(TimeStampedModel):
    """One person's employment (or agency placement) with the authority.

    A person who leaves and comes back has two records. `unit` is empty for staff who work across the
    authority (managers above units, central teams).
    """

    employee_number = models.CharField(
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9-]+$", "Use only letters, numbers and hyphens")],
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_records",
        help_text="Their Hearth account, if they have one.",
    )
    full_name = models.CharField(max_length=150)
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="staff_records"
    )
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="holders")
    job_title = models.CharField(max_length=150)
    grade = models.CharField(max_length=16, choices=Grade.choices)
    fte = models.DecimalField("full-time equivalent", default=1, **FTE_FIELD)
    contract = models.CharField(max_length=16, choices=Contract.choices)
    is_social_worker = models.BooleanField(
        "registered social worker",
        default=True,
        help_text="Counted in the social worker figures (as in the workforce census).",
    )
    started_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    leaving_reason = models.CharField(max_length=20, choices=LeavingReason.choices, blank=True)
    swe_registration_number = models.CharField(
        "Social Work England registration number",
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(r"^SW\d{1,8}$", "Enter the registration number as SW followed by numbers")
        ],
    )
    swe_renewal_due = models.DateField("registration renewal due", null=True, blank=True)
    asye_status = models.CharField(
        "ASYE", max_length=16, choices=AsyeStatus.choices, default=AsyeStatus.NOT_APPLICABLE
    )
    last_promoted_on = models.DateField(null=True, blank=True)

    objects = StaffRecordQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("started_on")),
                name="workforce_staff_leaves_after_start",
            ),
            models.CheckConstraint(
                condition=Q(leaving_reason="") | Q(left_on__isnull=False),
                name="workforce_staff_reason_only_when_left",
            ),
        ]
        indexes = [models.Index(fields=["unit", "left_on"], name="workforce_staff_unit_left")]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("workforce:staff-detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.left_on and self.started_on and self.left_on < self.started_on:
            raise ValidationError({"left_on": "The leaving date must be on or after the start date"})

    def in_post_on(self, day) -> bool:
        return self.started_on <= day and (self.left_on is None or self.left_on > day)


class SicknessAbsence(models.Model):
    staff = models.ForeignKey(StaffRecord, on_delete=models.CASCADE, related_name="absences")
    starts_on = models.DateField()
    ends_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="workforce_absence_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["ends_on"], name="workforce_absence_ends")]


class CpdRecord(models.Model):
    """Continuing professional development (Social Work England asks for it at each renewal)."""

    staff = models.ForeignKey(StaffRecord, on_delete=models.CASCADE, related_name="cpd_records")
    completed_on = models.DateField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=CpdKind.choices)
    hours = models.DecimalField(max_digits=5, decimal_places=1, validators=[MinValueValidator(0.5)])

    class Meta:
        ordering = ["-completed_on", "pk"]


class Conversation(models.Model):
    """An exit interview or a stay conversation, with the push and pull factors it named."""

    staff = models.ForeignKey(StaffRecord, on_delete=models.CASCADE, related_name="conversations")
    kind = models.CharField(max_length=20, choices=ConversationKind.choices)
    held_on = models.DateField()
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "pk"]
        indexes = [models.Index(fields=["held_on"], name="workforce_conversation_held")]


class ConversationFactor(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="factors")
    kind = models.CharField(max_length=4, choices=FactorKind.choices)
    factor = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "kind", "factor"], name="workforce_factor_once")
        ]


class RetentionAction(TimeStampedModel):
    """Something the authority does against a push factor, in one unit, one service area or everywhere."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        UNDER_WAY = "under-way", "Under way"
        DONE = "done", "Done"

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    push_factor = models.CharField(max_length=20, choices=PushFactor.choices)
    service_area = models.ForeignKey(
        "organisation.ServiceArea", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNDER_WAY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "pk"]

    def __str__(self) -> str:
        return self.title


# --- wellbeing pulse -----------------------------------------------------------------------------


class PulseRound(TimeStampedModel):
    title = models.CharField(max_length=100, unique=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="workforce_round_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


AGREE_FIELD = {"validators": [MinValueValidator(1), MaxValueValidator(5)]}


class PulseResponse(models.Model):
    """One person's answers to a round, with nothing that leads back to them.

    No person, no time, a random key: only the round and the unit and service area the answers count
    towards. Names are taken out of the comment before it is saved.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(PulseRound, on_delete=models.PROTECT, related_name="responses")
    service_area = models.ForeignKey(
        "organisation.ServiceArea", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    workload = models.PositiveSmallIntegerField(**AGREE_FIELD)
    support = models.PositiveSmallIntegerField(**AGREE_FIELD)
    safe_to_discuss = models.PositiveSmallIntegerField(**AGREE_FIELD)
    intention_to_stay = models.PositiveSmallIntegerField(**AGREE_FIELD)
    discrimination = models.CharField(max_length=20, choices=Discrimination.choices)
    push_factors = models.JSONField(default=list, blank=True)
    pull_factors = models.JSONField(default=list, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["round", "service_area", "unit"], name="workforce_response_group")]


class PulseParticipation(models.Model):
    """That a person has answered a round: so they cannot answer twice. Nothing about their answers."""

    round = models.ForeignKey(PulseRound, on_delete=models.PROTECT, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="workforce_one_answer_per_round")
        ]


class PulseTally(models.Model):
    """How many respondents of a round, in one group of one characteristic, gave one answer.

    Every row of a round is made when the round opens, with a count of 0, and answering adds one to
    counts: no row is ever made by a person answering, so neither the rows nor their order say who
    answered what. `question` "respondents" (answer "") counts the people in the group.
    """

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="tallies")
    characteristic = models.CharField(max_length=20)
    group = models.CharField(max_length=20)
    question = models.CharField(max_length=20)
    answer = models.CharField(max_length=20, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "characteristic", "group", "question", "answer"], name="workforce_tally_once"
            )
        ]


# --- things staff record themselves ----------------------------------------------------------------


class EqualityRecord(models.Model):
    """Protected characteristics a person chose to share. Used only in groups of at least five."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="equality")
    ethnic_group = models.CharField(max_length=20, choices=EthnicGroup.choices, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    disability = models.CharField(max_length=20, choices=Disability.choices, blank=True)
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, blank=True)
    sexual_orientation = models.CharField(max_length=20, choices=SexualOrientation.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class ExtraHours(models.Model):
    """Hours a person worked beyond their contract in one week (shown to others only in aggregate)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_starting = models.DateField(help_text="The Monday of the week.")
    hours = models.DecimalField(
        max_digits=4, decimal_places=1, validators=[MinValueValidator(0.5), MaxValueValidator(60)]
    )
    service_area = models.ForeignKey(
        "organisation.ServiceArea", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-week_starting"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week_starting"], name="workforce_hours_once_a_week")
        ]
        indexes = [models.Index(fields=["week_starting"], name="workforce_hours_week")]


# --- children's social work workforce census -------------------------------------------------------


class CensusDetails(models.Model):
    """What the DfE's children's social work workforce census asks about a worker that the staff record
    does not otherwise hold. Kept apart from the staff record: date of birth and ethnicity are for the
    census only and never shown in workforce figures (equality groups come from `EqualityRecord`)."""

    staff = models.OneToOneField(StaffRecord, on_delete=models.CASCADE, related_name="census")
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=1, choices=CensusGender.choices, blank=True)
    ethnicity = models.CharField(max_length=4, choices=CensusEthnicity.choices, blank=True)
    qualification_institution = models.CharField(
        "where they qualified as a social worker", max_length=200, blank=True
    )
    qualification_level = models.CharField(max_length=1, choices=QualificationLevel.choices, blank=True)
    step_up_graduate = models.BooleanField("qualified through Step Up to Social Work", null=True, blank=True)
    frontline_graduate = models.BooleanField("qualified through Frontline", null=True, blank=True)
    org_role = models.CharField("role in the organisation", max_length=1, choices=OrgRole.choices, blank=True)
    start_origin = models.CharField(
        "where they came from", max_length=2, choices=StartOrigin.choices, blank=True
    )
    leaver_destination = models.CharField(
        "where they went", max_length=1, choices=LeaverDestination.choices, blank=True
    )
    reason_leave = models.CharField(
        "reason for leaving (census)", max_length=2, choices=CensusReasonLeave.choices, blank=True
    )

    class Meta:
        verbose_name = "census details"
        verbose_name_plural = "census details"
