"""Forms for recording episodes of help and allocating a case. Plain English; DfE codes as hints.

Forms check what a person typed (a real date, not in the future, a choice made). The rules of the
episodes themselves (a plan cannot end before it starts, a case cannot close with a plan open) live on
the models and are shown as errors when the service refuses.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

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
    ReferralSource,
)

EXAMPLE_DATE = "For example, 27/03/2026"
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def with_codes(choices) -> list[tuple[str, str]]:
    """Choice labels in plain English with the DfE code after them, for people who know the codes."""
    return [(value, f"{label} ({value})") for value, label in choices]


def date_field(label: str, what: str, *, required=True, future=False, help_text=EXAMPLE_DATE):
    def not_in_future(value):
        if value > timezone.localdate():
            raise forms.ValidationError(f"The {what} must be today or in the past")

    return forms.DateField(
        label=label,
        help_text=help_text,
        required=required,
        validators=[] if future else [not_in_future],
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as a real date, like 27/03/2026",
        },
    )


def choice_field(label: str, choices, required_message: str, *, radios=True, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=choices if radios else [("", "Select one"), *choices],
        widget=forms.RadioSelect if radios else forms.Select,
        help_text=help_text,
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


class ContactForm(forms.Form):
    contact_date = date_field("Date of the contact", "date of the contact")
    source = choice_field(
        "Who made the contact",
        with_codes(ReferralSource.choices),
        "Select who made the contact",
        radios=False,
        help_text="The CIN census referral source code is shown in brackets.",
    )
    summary = forms.CharField(
        label="What the contact was about (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The summary must be 5,000 characters or fewer"},
    )
    outcome = choice_field(
        "Outcome of screening", ContactOutcome.choices, "Select the outcome of screening the contact"
    )


class ReferralForm(forms.Form):
    referral_date = date_field("Referral date", "referral date")
    source = choice_field(
        "Referral source",
        with_codes(ReferralSource.choices),
        "Select where the referral came from",
        radios=False,
        help_text="The CIN census referral source code is shown in brackets.",
    )
    primary_need = choice_field(
        "Primary need",
        with_codes(PrimaryNeed.choices),
        "Select the child's primary need, or 'Not stated'",
        help_text="Choose 'Not stated' until the assessment has found the main reason the child needs help.",
    )


class StartDateForm(forms.Form):
    """One date: when something started, ended, was held or reviewed."""

    def __init__(self, *args, label: str, what: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"] = date_field(label, what)


class AssessmentCompleteForm(forms.Form):
    completed_on = date_field("Date the assessment was completed", "completion date")
    authorised_on = date_field(
        "Date the assessment was authorised",
        "authorisation date",
        help_text="The date a manager signed it off. It cannot be before the completion date. "
        + EXAMPLE_DATE,
    )
    factors = forms.MultipleChoiceField(
        label="Factors identified at the end of assessment",
        choices=AssessmentFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. The CIN census code is shown under each.",
        error_messages={
            "required": "Select the factors identified, or 'No factors identified'",
            "invalid_choice": "Select factors from the list",
        },
    )

    #: Groups of the CIN census factors, as a worker thinks of them, in the order shown.
    GROUPS = [
        ("Alcohol misuse", ["1A", "1B", "1C"]),
        ("Drug misuse", ["2A", "2B", "2C"]),
        ("Domestic abuse", ["3A", "3B", "3C"]),
        ("Mental health", ["4A", "4B", "4C"]),
        ("Learning disability", ["5A", "5B", "5C"]),
        ("Physical disability or illness", ["6A", "6B", "6C"]),
        ("Abuse or neglect", ["16A", "17A", "18B", "18C", "19B", "19C", "20"]),
        ("Exploitation and going missing", ["10A", "11A", "12A", "13A", "24A"]),
        ("Privately fostered", ["8B", "8C", "8D", "8E", "8F"]),
        ("Other factors", ["7A", "9A", "14A", "15A", "22A", "23A"]),
        ("None", ["21"]),
    ]

    def clean_factors(self):
        factors = self.cleaned_data["factors"]
        if AssessmentFactor.F21 in factors and len(factors) > 1:
            raise forms.ValidationError("'No factors identified' cannot be selected with other factors")
        return factors

    def factor_groups(self):
        """For the template: each group with its checkboxes (value, label without the group name, id)."""
        field = self["factors"]
        selected = {str(v) for v in (field.value() or [])}
        labels = dict(AssessmentFactor.choices)
        groups, counter = [], 0
        for heading, codes in self.GROUPS:
            items = []
            for code in codes:
                counter += 1
                label = labels[code]
                prefix = f"{heading}: "
                items.append(
                    {
                        "value": code,
                        "label": _first_upper(label.removeprefix(prefix)),
                        "id": field.auto_id if counter == 1 else f"{field.auto_id}-{counter}",
                        "checked": code in selected,
                    }
                )
            groups.append({"heading": heading, "items": items})
        return groups


class AssessmentWithdrawForm(forms.Form):
    withdrawn_on = date_field("Date the assessment was withdrawn", "date it was withdrawn")
    reason = forms.CharField(
        label="Why is the assessment withdrawn?",
        help_text="For example, 'The family moved to another authority before the assessment finished' or "
        "'Recorded twice by mistake'.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why the assessment is withdrawn",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment

    def clean_withdrawn_on(self):
        day = self.cleaned_data["withdrawn_on"]
        started = self.assessment.assessment_actual_start_date
        if day < started:
            raise forms.ValidationError(
                f"The date it was withdrawn must be on or after the assessment started, {started:%d/%m/%Y}"
            )
        return day

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why the assessment is withdrawn")
        return reason


class Section47Form(forms.Form):
    started_on = date_field("Date the enquiry started", "enquiry start date")
    icpc_target = date_field(
        "Target date for the initial child protection conference (optional)",
        "conference target date",
        required=False,
        future=True,
        help_text="Usually within 15 working days of the strategy discussion. " + EXAMPLE_DATE,
    )
    icpc_not_required = forms.BooleanField(
        label="An initial conference is not needed",
        required=False,
        help_text="The enquiry found that the concerns were not substantiated, or the child is not at "
        "continuing risk of significant harm.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("icpc_not_required") and cleaned.get("icpc_target"):
            self.add_error("icpc_target", "Leave the target date empty if no conference is needed")
        return cleaned


class CPPlanForm(forms.Form):
    started_on = date_field(
        "Date the plan started",
        "plan start date",
        help_text="Usually the date of the initial child protection conference. " + EXAMPLE_DATE,
    )
    category = choice_field(
        "Category of abuse",
        with_codes([c for c in CategoryOfAbuse.choices if c[0] != CategoryOfAbuse.MUL]),
        "Select the category of abuse",
        help_text="'Multiple' is no longer used for new plans: choose the main category.",
    )


class CPCategoryForm(forms.Form):
    """A change of a child protection plan's latest category of abuse."""

    changed_on = date_field(
        "Date the category changed",
        "date of the change",
        help_text="Usually the date of the review conference that decided it. " + EXAMPLE_DATE,
    )
    category = choice_field(
        "New category of abuse",
        [],
        "Select the new category of abuse",
        help_text="The CIN census code is shown in brackets. The initial category stays as it was.",
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["category"].choices = with_codes(
            [
                c
                for c in CategoryOfAbuse.choices
                if c[0] not in {CategoryOfAbuse.MUL, plan.latest_category_of_abuse}
            ]
        )

    def clean_changed_on(self):
        day = self.cleaned_data["changed_on"]
        if day < self.plan.cpp_start_date:
            raise forms.ValidationError(
                f"The date of the change must be on or after the plan started, {self.plan.cpp_start_date:%d/%m/%Y}"
            )
        return day


class LookedAfterForm(forms.Form):
    started_on = date_field("Date the episode started", "episode start date")
    reason_new_episode = choice_field(
        "Reason for the new episode",
        with_codes(ReasonNewEpisode.choices),
        "Select the reason for the new episode",
    )
    legal_status = choice_field(
        "Legal status", with_codes(LegalStatus.choices), "Select the legal status", radios=False
    )
    category_of_need = choice_field(
        "Category of need", with_codes(CategoryOfNeed.choices), "Select the category of need"
    )
    placement = choice_field(
        "Placement type", with_codes(Placement.choices), "Select the type of placement", radios=False
    )
    provider = choice_field(
        "Placement provider", with_codes(PlacementProvider.choices), "Select who provides the placement"
    )
    postcode = forms.CharField(
        label="Postcode of the placement (optional)",
        required=False,
        max_length=10,
        help_text="For example, AB1 2CD",
        error_messages={"max_length": "Enter a real postcode, like AB1 2CD"},
    )
    urn = forms.CharField(
        label="Ofsted URN of the placement (optional)",
        required=False,
        max_length=10,
        help_text="For children's homes and other registered placements.",
        error_messages={"max_length": "The URN must be 10 characters or fewer"},
    )

    def clean_postcode(self):
        postcode = " ".join(self.cleaned_data["postcode"].upper().split())
        if postcode and not POSTCODE.match(postcode):
            raise forms.ValidationError("Enter a real postcode, like AB1 2CD")
        if postcode and " " not in postcode:
            postcode = f"{postcode[:-3]} {postcode[-3:]}"
        return postcode


class LookedAfterEndForm(forms.Form):
    ended_on = date_field("Date the episode ended", "episode end date")
    reason = choice_field(
        "Reason the episode ended",
        with_codes(ReasonEpisodeCeased.choices),
        "Select the reason the episode ended",
        radios=False,
    )


class CloseReferralForm(forms.Form):
    closed_on = date_field("Date the case closed", "closure date")
    reason = choice_field(
        "Reason for closure", with_codes(ReasonForClosure.choices), "Select the reason for closure"
    )


# --- allocation --------------------------------------------------------------------------------


class UnitChoiceForm(forms.Form):
    """Step one of allocating: the unit. Sent by GET, so the page works without JavaScript."""

    unit = forms.ModelChoiceField(
        label="Unit",
        queryset=None,
        empty_label="Select a unit",
        help_text="The unit shares the case: every member sees the child and can work with the family.",
        error_messages={"required": "Select the unit", "invalid_choice": "Select a unit from the list"},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class AllocationForm(forms.Form):
    """Step two: the lead worker, who must be a current member of the unit chosen."""

    unit = forms.IntegerField(widget=forms.HiddenInput)
    lead_worker = forms.ModelChoiceField(
        label="Lead worker",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select the lead worker",
            "invalid_choice": "Select a lead worker who is a member of the unit",
        },
    )
    reason = forms.CharField(
        label="Reason for the allocation (optional)",
        required=False,
        max_length=255,
        help_text="For example, 'Transfer from the assessment unit' or 'Worker leaving'.",
        error_messages={"max_length": "The reason must be 255 characters or fewer"},
    )

    def __init__(self, *args, unit, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.initial.setdefault("unit", unit.pk)
        field = self.fields["lead_worker"]
        roles = {m.user_id: m.get_role_display() for m in members}
        field.queryset = get_user_model().objects.filter(pk__in=roles)
        field.label_from_instance = lambda user: f"{user} ({roles[user.pk].lower()})"

    def clean_unit(self):
        if self.cleaned_data["unit"] != self.unit.pk:
            raise forms.ValidationError("Choose the unit again")
        return self.cleaned_data["unit"]
