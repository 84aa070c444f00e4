"""Facts about looked-after children that the SSDA903 return asks for and an episode does not hold.

Field names follow the SSDA903 data items (REVIEW, REVIEW_CODE, MIS_START, DUC, SDQ_SCORE, IN_TOUCH,
DATE_INT, ...), as the episode's do (episodes.py). Each row belongs to one child.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from hearth.core.models import TimeStampedModel

from ..codes import (
    ACCOMMODATION_CHOICES,
    Activity,
    AdopterLegalStatus,
    AdopterSex,
    InTouch,
    MissingKind,
    PreviousPermanence,
    ReasonPlacedCeased,
    ReviewParticipation,
    SdqReason,
)


class LookedAfterReview(TimeStampedModel):
    """A statutory review of a looked-after child's care plan (903 Reviews: REVIEW, REVIEW_CODE)."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="lac_reviews")
    review = models.DateField("date of the review")
    review_code = models.CharField(
        "how the child took part", max_length=3, choices=ReviewParticipation.choices
    )

    class Meta:
        ordering = ["child", "review"]
        indexes = [models.Index(fields=["child", "review"], name="lac_review_child_date")]

    def __str__(self) -> str:
        return f"Looked-after review on {self.review:%d/%m/%Y}"


class MissingEpisode(TimeStampedModel):
    """A time the child was missing or away from their placement without authorisation (903 Missing)."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="missing_episodes")
    missing = models.CharField("missing or away", max_length=1, choices=MissingKind.choices)
    mis_start = models.DateField("date it started")
    mis_end = models.DateField("date it ended", null=True, blank=True)

    class Meta:
        ordering = ["child", "mis_start"]
        indexes = [models.Index(fields=["child", "mis_start"], name="missing_child_start")]

    def __str__(self) -> str:
        return f"{self.get_missing_display()} from {self.mis_start:%d/%m/%Y}"


class UascStatus(TimeStampedModel):
    """The child's status as an unaccompanied asylum-seeking child (903 UASC: DUC), kept after it ends."""

    child = models.OneToOneField("people.Child", on_delete=models.CASCADE, related_name="uasc_status")
    duc = models.DateField("date UASC status ceased", null=True, blank=True)

    class Meta:
        verbose_name = "UASC status"
        verbose_name_plural = "UASC statuses"


class HealthOutcome(TimeStampedModel):
    """Outcomes of a child looked after continuously for 12 months, for one year to 31 March (903 OC2).

    Yes/no items are empty until recorded (the return writes them as 1 and 0).
    """

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="health_outcomes")
    year_ending = models.DateField("year ending", help_text="31 March of the collection year.")
    sdq_score = models.PositiveSmallIntegerField(
        "SDQ score", null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(40)]
    )
    sdq_reason = models.CharField(
        "reason for no SDQ score", max_length=4, choices=SdqReason.choices, blank=True
    )
    convicted = models.BooleanField(null=True, blank=True)
    health_check = models.BooleanField("health check up to date", null=True, blank=True)
    immunisations = models.BooleanField("immunisations up to date", null=True, blank=True)
    teeth_check = models.BooleanField("teeth checked", null=True, blank=True)
    health_assessment = models.BooleanField("health assessment up to date", null=True, blank=True)
    substance_misuse = models.BooleanField("substance misuse problem identified", null=True, blank=True)
    intervention_received = models.BooleanField(null=True, blank=True)
    intervention_offered = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["child", "year_ending"]
        constraints = [
            models.UniqueConstraint(fields=["child", "year_ending"], name="health_outcome_once_a_year")
        ]


class CareLeaverOutcome(TimeStampedModel):
    """A care leaver's situation around one birthday from their 17th to their 21st (903 OC3)."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="care_leaver_outcomes")
    birthday = models.DateField("the birthday it is about")
    in_touch = models.CharField(max_length=4, choices=InTouch.choices)
    activ = models.CharField("main activity", max_length=2, choices=Activity.choices)
    accom = models.CharField("accommodation", max_length=2, choices=ACCOMMODATION_CHOICES)

    class Meta:
        ordering = ["child", "birthday"]
        constraints = [models.UniqueConstraint(fields=["child", "birthday"], name="care_leaver_outcome_once")]


class Adoption(TimeStampedModel):
    """A looked-after child's adoption (903 AD1)."""

    child = models.OneToOneField("people.Child", on_delete=models.CASCADE, related_name="adoption")
    date_int = models.DateField("date of the decision that adoption is in the child's best interest")
    date_match = models.DateField("date the child was matched with the adopters")
    foster_care = models.BooleanField("adopted by their former foster carers")
    nb_adoptr = models.PositiveSmallIntegerField(
        "number of adopters", validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    sex_adoptr = models.CharField("sex of adopters", max_length=2, choices=AdopterSex.choices)
    ls_adoptr = models.CharField("legal status of adopters", max_length=3, choices=AdopterLegalStatus.choices)


class PlacementForAdoptionDecision(TimeStampedModel):
    """The decision that a child should be placed for adoption, and its reversal (903 PlacedAdoption)."""

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="placement_for_adoption_decisions"
    )
    date_placed = models.DateField("date of the decision that the child should be placed for adoption")
    date_placed_ceased = models.DateField(
        "date of the decision that the child should no longer be placed for adoption", null=True, blank=True
    )
    reason_placed_ceased = models.CharField(
        "reason the child should no longer be placed for adoption",
        max_length=3,
        choices=ReasonPlacedCeased.choices,
        blank=True,
    )

    class Meta:
        ordering = ["child", "date_placed"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_placed_ceased__isnull=True) | ~Q(reason_placed_ceased=""),
                name="placed_adoption_ceased_with_reason",
                violation_error_message="Give the reason the child should no longer be placed for adoption.",
            )
        ]


class PreviousPermanenceOrder(TimeStampedModel):
    """The permanence order a child had before they started to be looked after (903 PrevPerm)."""

    child = models.OneToOneField("people.Child", on_delete=models.CASCADE, related_name="previous_permanence")
    prev_perm = models.CharField("previous permanence", max_length=2, choices=PreviousPermanence.choices)
    la_perm = models.CharField("authority that arranged it (DfE code)", max_length=3, blank=True)
    date_perm = models.DateField("date of the order", null=True, blank=True)


class ChildAsMother(TimeStampedModel):
    """A looked-after young woman who is a mother, and her child's date of birth (903 MOTHER, MC_DOB)."""

    child = models.OneToOneField("people.Child", on_delete=models.CASCADE, related_name="as_mother")
    mc_dob = models.DateField("date of birth of her child")

    class Meta:
        verbose_name = "looked-after mother"
