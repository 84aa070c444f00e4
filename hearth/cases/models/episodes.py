"""Episodes of help: contact, referral to closure (a CIN episode), assessment, section 47 enquiry,
child protection and child in need plans, and looked-after episodes.

Field names follow the CIN census (<CINreferralDate>, <ReferralSource>, <PrimaryNeedCode>, ...) and
SSDA903 (DECOM, RNE, LEGAL_STATUS, PLACE, ...). State changes go through methods that refuse impossible
moves with a plain-English `TransitionError`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hearth.core.models import TimeStampedModel

from ..codes import (
    AssessmentFactor,
    CategoryOfAbuse,
    CategoryOfNeed,
    ContactOutcome,
    LegalStatus,
    Placement,
    PlacementProvider,
    PrimaryNeed,
    ReasonEpisodeCeased,
    ReasonForClosure,
    ReasonNewEpisode,
    ReasonPlaceChange,
    ReferralSource,
)


class TransitionError(ValidationError):
    """A state change that cannot happen, with the reason in plain English."""


def _not_before(later: datetime.date, earlier: datetime.date, message: str) -> None:
    if later < earlier:
        raise TransitionError(message)


class OpenClosedQuerySet(models.QuerySet):
    end_field = "end_date"

    def open(self):
        return self.filter(**{f"{self.end_field}__isnull": True})


class Contact(TimeStampedModel):
    """Any enquiry about a child, screened at the front door."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="contacts")
    contact_date = models.DateField()
    source = models.CharField(max_length=3, choices=ReferralSource.choices)
    summary = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=ContactOutcome.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-contact_date"]


class ReferralQuerySet(OpenClosedQuerySet):
    end_field = "cin_closure_date"


class Referral(TimeStampedModel):
    """A referral to children's social care and the episode of help that follows, to closure
    (<CINdetails> in the CIN census)."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="referrals")
    cin_referral_date = models.DateField("referral date")
    referral_source = models.CharField(max_length=3, choices=ReferralSource.choices)
    primary_need_code = models.CharField(max_length=2, choices=PrimaryNeed.choices, default=PrimaryNeed.N0)
    referral_nfa = models.BooleanField("no further action after referral", default=False)
    cin_closure_date = models.DateField("closure date", null=True, blank=True)
    reason_for_closure = models.CharField(max_length=3, choices=ReasonForClosure.choices, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-cin_referral_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(cin_closure_date__isnull=True),
                name="referral_one_open_per_child",
                violation_error_message="This child already has an open episode of help.",
            ),
            models.CheckConstraint(
                condition=Q(cin_closure_date__isnull=True)
                | Q(cin_closure_date__gte=models.F("cin_referral_date")),
                name="referral_closes_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.cin_referral_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.cin_closure_date is None

    def close(self, *, on: datetime.date, reason: str) -> None:
        if not self.is_open:
            raise TransitionError("This episode of help is already closed.")
        if reason not in ReasonForClosure.values:
            raise TransitionError("Choose a reason for closure.")
        _not_before(on, self.cin_referral_date, "The closure date cannot be before the referral date.")
        if self.cp_plans.filter(cpp_end_date__isnull=True).exists():
            raise TransitionError("End the child protection plan before closing the case.")
        if self.cin_plans.filter(cin_plan_end_date__isnull=True).exists():
            raise TransitionError("End the child in need plan before closing the case.")
        if self.child.looked_after_episodes.filter(dec__isnull=True).exists():
            raise TransitionError("The child is still looked after: end the looked-after episode first.")
        if self.assessments.filter(
            assessment_authorisation_date__isnull=True, withdrawn_on__isnull=True
        ).exists():
            raise TransitionError("Complete or withdraw the open assessment before closing the case.")
        self.cin_closure_date = on
        self.reason_for_closure = reason


class Assessment(TimeStampedModel):
    """A child and family assessment (statutory maximum 45 working days from referral)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="assessments")
    assessment_actual_start_date = models.DateField("start date")
    assessment_internal_review_date = models.DateField("completion date", null=True, blank=True)
    assessment_authorisation_date = models.DateField("authorisation date", null=True, blank=True)
    factors = models.JSONField(default=list, blank=True, help_text="CIN census <AssessmentFactors> codes.")
    # Withdrawn before it was authorised (the family moved away, the referral was a duplicate...): the
    # assessment is no longer open, and is not returned as a completed assessment.
    withdrawn_on = models.DateField("date withdrawn", null=True, blank=True)
    withdrawal_reason = models.TextField("reason for withdrawing", blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-assessment_actual_start_date"]
        # Lists ask which of a page's children have an open episode (cases/selectors/lists.py).
        indexes = [
            models.Index(
                fields=["referral"],
                condition=Q(assessment_authorisation_date__isnull=True, withdrawn_on__isnull=True),
                name="assessment_open",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(assessment_authorisation_date__isnull=True),
                name="assessment_withdrawn_or_authorised",
            )
        ]

    @property
    def is_open(self) -> bool:
        return self.assessment_authorisation_date is None and self.withdrawn_on is None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    def complete(self, *, on: datetime.date, authorised_on: datetime.date, factors: list[str]) -> None:
        if self.is_withdrawn:
            raise TransitionError("This assessment was withdrawn, so it cannot be completed.")
        if not self.is_open:
            raise TransitionError("This assessment is already authorised.")
        _not_before(on, self.assessment_actual_start_date, "The assessment cannot finish before it starts.")
        _not_before(authorised_on, on, "The assessment cannot be authorised before it is completed.")
        unknown = [f for f in factors if f not in AssessmentFactor.values]
        if unknown:
            raise TransitionError(f"Unknown factor codes: {', '.join(unknown)}.")
        if not factors:
            raise TransitionError("Record the factors identified, or 'No factors identified' (21).")
        self.assessment_internal_review_date = on
        self.assessment_authorisation_date = authorised_on
        self.factors = sorted(set(factors))

    def withdraw(self, *, on: datetime.date, reason: str, today: datetime.date | None = None) -> None:
        """An open assessment stops without being authorised. It is kept, marked withdrawn."""
        reason = (reason or "").strip()
        if self.is_withdrawn:
            raise TransitionError("This assessment is already withdrawn.")
        if self.assessment_authorisation_date is not None:
            raise TransitionError("This assessment is authorised, so it cannot be withdrawn.")
        _not_before(
            on, self.assessment_actual_start_date, "An assessment cannot be withdrawn before it started."
        )
        if on > (today or timezone.localdate()):
            raise TransitionError("The date it was withdrawn must be today or in the past.")
        if not reason:
            raise TransitionError("Give the reason the assessment is withdrawn.")
        self.withdrawn_on = on
        self.withdrawal_reason = reason


class Section47(TimeStampedModel):
    """A strategy discussion's section 47 enquiry, and whether an initial conference followed."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="section47s")
    s47_actual_start_date = models.DateField("enquiry start date")
    initial_cpc_target = models.DateField("initial conference target date", null=True, blank=True)
    date_of_initial_cpc = models.DateField("initial child protection conference date", null=True, blank=True)
    icpc_not_required = models.BooleanField("initial conference not required", default=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-s47_actual_start_date"]

    def record_conference(self, *, on: datetime.date) -> None:
        if self.icpc_not_required:
            raise TransitionError("This enquiry was recorded as not needing an initial conference.")
        _not_before(on, self.s47_actual_start_date, "The conference cannot be before the enquiry started.")
        self.date_of_initial_cpc = on


class ChildProtectionPlan(TimeStampedModel):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="cp_plans")
    cpp_start_date = models.DateField("plan start date")
    cpp_end_date = models.DateField("plan end date", null=True, blank=True)
    initial_category_of_abuse = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    latest_category_of_abuse = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    number_of_previous_cpp = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-cpp_start_date"]
        indexes = [
            models.Index(fields=["referral"], condition=Q(cpp_end_date__isnull=True), name="cp_plan_open")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cpp_end_date__isnull=True) | Q(cpp_end_date__gte=models.F("cpp_start_date")),
                name="cpp_ends_after_start",
            )
        ]

    @property
    def is_open(self) -> bool:
        return self.cpp_end_date is None

    def end(self, *, on: datetime.date) -> None:
        if not self.is_open:
            raise TransitionError("This child protection plan has already ended.")
        _not_before(on, self.cpp_start_date, "A plan cannot end before it starts.")
        self.cpp_end_date = on

    def change_category(
        self,
        *,
        on: datetime.date,
        category: str,
        last_change_on: datetime.date | None = None,
        today: datetime.date | None = None,
    ) -> str:
        """The latest category of abuse changes (CIN census <LatestCategoryOfAbuse>); the initial one never
        does. Returns the category it replaces. `last_change_on` is the date of the latest earlier change."""
        if not self.is_open:
            raise TransitionError("This child protection plan has ended, so its category cannot change.")
        if category not in CategoryOfAbuse.values:
            raise TransitionError("Choose the category of abuse.")
        if category == CategoryOfAbuse.MUL:
            raise TransitionError("'Multiple' is no longer used: choose the main category of abuse.")
        if category == self.latest_category_of_abuse:
            raise TransitionError(
                f"The latest category is already {CategoryOfAbuse(category).label.lower()}. Choose another."
            )
        _not_before(on, self.cpp_start_date, "The category cannot change before the plan started.")
        if last_change_on is not None:
            _not_before(on, last_change_on, "The category cannot change before its last recorded change.")
        if on > (today or timezone.localdate()):
            raise TransitionError("The date of the change must be today or in the past.")
        previous = self.latest_category_of_abuse
        self.latest_category_of_abuse = category
        return previous


class CategoryOfAbuseChange(models.Model):
    """One change of a child protection plan's latest category of abuse, with its date: the history that
    the CIN census keeps only as an initial and a latest category."""

    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="category_changes")
    changed_on = models.DateField("date of the change")
    previous_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    new_category = models.CharField(max_length=3, choices=CategoryOfAbuse.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_previous_category_display()} to {self.get_new_category_display()} on {self.changed_on}"


class ChildProtectionReview(models.Model):
    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.CASCADE, related_name="reviews")
    cpp_review_date = models.DateField("review conference date")

    class Meta:
        ordering = ["cpp_review_date"]


class ChildInNeedPlan(TimeStampedModel):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="cin_plans")
    cin_plan_start_date = models.DateField("plan start date")
    cin_plan_end_date = models.DateField("plan end date", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-cin_plan_start_date"]
        indexes = [
            models.Index(
                fields=["referral"], condition=Q(cin_plan_end_date__isnull=True), name="cin_plan_open"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cin_plan_end_date__isnull=True)
                | Q(cin_plan_end_date__gte=models.F("cin_plan_start_date")),
                name="cin_plan_ends_after_start",
            )
        ]

    @property
    def is_open(self) -> bool:
        return self.cin_plan_end_date is None

    def end(self, *, on: datetime.date) -> None:
        if not self.is_open:
            raise TransitionError("This child in need plan has already ended.")
        _not_before(on, self.cin_plan_start_date, "A plan cannot end before it starts.")
        self.cin_plan_end_date = on


class LookedAfterQuerySet(OpenClosedQuerySet):
    end_field = "dec"


class LookedAfterEpisode(TimeStampedModel):
    """An SSDA903 episode: one legal status and placement, from DECOM to DEC."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="looked_after_episodes")
    decom = models.DateField("episode start date")
    rne = models.CharField("reason for new episode", max_length=1, choices=ReasonNewEpisode.choices)
    legal_status = models.CharField(max_length=2, choices=LegalStatus.choices)
    cin = models.CharField("category of need", max_length=2, choices=CategoryOfNeed.choices)
    place = models.CharField("placement type", max_length=3, choices=Placement.choices)
    place_provider = models.CharField("placement provider", max_length=3, choices=PlacementProvider.choices)
    pl_post = models.CharField("placement postcode", max_length=10, blank=True)
    home_post = models.CharField(
        "postcode of the child's home when the episode started", max_length=10, blank=True
    )
    urn = models.CharField("Ofsted URN of the placement", max_length=10, blank=True)
    dec = models.DateField("episode end date", null=True, blank=True)
    rec = models.CharField(
        "reason episode ceased", max_length=3, choices=ReasonEpisodeCeased.choices, blank=True
    )
    reason_place_change = models.CharField(
        "reason the placement changed", max_length=5, choices=ReasonPlaceChange.choices, blank=True
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = LookedAfterQuerySet.as_manager()

    class Meta:
        ordering = ["-decom"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(dec__isnull=True),
                name="looked_after_one_open_per_child",
                violation_error_message="This child already has an open looked-after episode.",
            ),
            models.CheckConstraint(
                condition=Q(dec__isnull=True) | Q(dec__gte=models.F("decom")),
                name="looked_after_ends_after_start",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.dec is None

    def end(self, *, on: datetime.date, reason: str) -> None:
        if not self.is_open:
            raise TransitionError("This looked-after episode has already ended.")
        if reason not in ReasonEpisodeCeased.values:
            raise TransitionError("Choose the reason the episode ended.")
        _not_before(on, self.decom, "An episode cannot end before it starts.")
        self.dec = on
        self.rec = reason
