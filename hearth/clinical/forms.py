"""Forms for clinical consultations and referrals."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from hearth.cases.forms.notes import DATE_FORMATS

from .models import MAX_TEXT, Service


def _text(label: str, what: str, help_text: str = "", rows: int = 5):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Write {what}",
            "max_length": f"{what[:1].upper()}{what[1:]} must be {MAX_TEXT:,} characters or fewer",
        },
    )


class AskForm(forms.Form):
    service = forms.ChoiceField(
        label="What do you need?",
        help_text="A consultation with the unit's clinician, or a referral to a therapeutic service",
        choices=Service.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a consultation or the service to refer to"},
    )
    question = _text(
        "What is the question to answer?",
        "the question you want answered",
        "What you want the clinician or service to help you understand or do",
    )


class FirstContactForm(forms.Form):
    first_contact_on = forms.DateField(
        label="Date of first contact",
        help_text="The day the clinician or service first saw or spoke with the child or family. For example, 27/3/2026",
        input_formats=DATE_FORMATS,
        error_messages={
            "required": "Enter the date of first contact",
            "invalid": "Enter the date of first contact as a real date, like 27/3/2026",
        },
    )

    def clean_first_contact_on(self):
        day = self.cleaned_data["first_contact_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date of first contact cannot be in the future")
        return day


class InputForm(forms.Form):
    text = _text(
        "Your input",
        "your input",
        "Your advice, formulation or the outcome of the referral. It goes on the child's chronology",
    )
