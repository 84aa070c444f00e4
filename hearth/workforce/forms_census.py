"""The census details of a staff record: what the DfE's children's social work workforce census asks about
a worker that the staff record does not hold (models.CensusDetails). The census item is in each hint."""

from __future__ import annotations

import datetime

from django import forms

from .codes import (
    CensusEthnicity,
    CensusGender,
    CensusReasonLeave,
    LeaverDestination,
    OrgRole,
    QualificationLevel,
    StartOrigin,
)
from .forms import date_field
from .models import CensusDetails

YES_NO_NOT_RECORDED = [("True", "Yes"), ("False", "No"), ("", "Not recorded yet")]


def _select(label: str, choices, *, help_text: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", "Not recorded yet"), *[(v, f"{text} ({v})") for v, text in choices]],
        help_text=help_text,
        error_messages={"invalid_choice": "Select an option from the list"},
    )


def _yes_no(label: str, *, help_text: str) -> forms.NullBooleanField:
    return forms.NullBooleanField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.RadioSelect(choices=YES_NO_NOT_RECORDED),
    )


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class CensusDetailsForm(forms.ModelForm):
    date_of_birth = date_field(
        "Date of birth",
        "date of birth",
        required=False,
        past_only=True,
        help_text="Census item DOB. Used only for the census. For example, 27/03/1990",
    )
    gender = _select("Gender", CensusGender.choices, help_text="Census item GenderCurrent.")
    ethnicity = _select(
        "Ethnicity",
        CensusEthnicity.choices,
        help_text="Census item Ethnicity. Used only for the census. Choose 'Refused' if they declined to say.",
    )
    qualification_institution = forms.CharField(
        label="Where they qualified as a social worker",
        required=False,
        max_length=200,
        help_text="Census item QualInst: the university or other institution.",
        error_messages={"max_length": "The institution must be 200 characters or fewer"},
    )
    qualification_level = _select(
        "Level of their social work qualification",
        QualificationLevel.choices,
        help_text="Census item QualLevel.",
    )
    step_up_graduate = _yes_no(
        "Qualified through Step Up to Social Work", help_text="Census item StepUpGrad."
    )
    frontline_graduate = _yes_no("Qualified through Frontline", help_text="Census item FrontlineGrad.")
    org_role = _select("Role in the organisation", OrgRole.choices, help_text="Census item OrgRole.")
    start_origin = _select(
        "Where they came from when they started", StartOrigin.choices, help_text="Census item StartOrigin."
    )
    reason_leave = _select(
        "Reason they left", CensusReasonLeave.choices, help_text="Census item ReasonLeave. Only for a leaver."
    )
    leaver_destination = _select(
        "Where they went",
        LeaverDestination.choices,
        help_text="Census item LeaverDestination. Only for a leaver.",
    )

    class Meta:
        model = CensusDetails
        fields = [
            "date_of_birth",
            "gender",
            "ethnicity",
            "qualification_institution",
            "qualification_level",
            "step_up_graduate",
            "frontline_graduate",
            "org_role",
            "start_origin",
            "reason_leave",
            "leaver_destination",
        ]

    def clean_date_of_birth(self):
        day = self.cleaned_data["date_of_birth"]
        started = self.instance.staff.started_on if self.instance.staff_id else None
        if day and started and _add_years(day, 16) > started:
            raise forms.ValidationError("The date of birth must be at least 16 years before they started")
        return day

    def clean_qualification_institution(self):
        return self.cleaned_data["qualification_institution"].strip()

    def clean(self):
        cleaned = super().clean()
        staff = self.instance.staff if self.instance.staff_id else None
        if staff is not None and staff.left_on is None:
            for name in ("reason_leave", "leaver_destination"):
                if cleaned.get(name):
                    self.add_error(
                        name, "Leave this empty: they have not left. Record that they are leaving first"
                    )
        return cleaned
