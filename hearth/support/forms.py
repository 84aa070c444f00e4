"""Forms for practical requests."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from hearth.cases.forms.notes import DATE_FORMATS

from .models import MAX_TEXT, RequestKind


def _text(label: str, what: str, help_text: str = "", rows: int = 4):
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


class RaiseForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of help is needed?",
        choices=RequestKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of help is needed"},
    )
    needed = _text(
        "What is needed?",
        "what is needed",
        "Say what the family needs, with anything the coordinator must know (addresses, times, sizes)",
    )
    due_on = forms.DateField(
        label="Needed by",
        help_text="For example, 27/3/2026",
        input_formats=DATE_FORMATS,
        error_messages={
            "required": "Enter the date it is needed by",
            "invalid": "Enter the date it is needed by as a real date, like 27/3/2026",
        },
    )

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due < timezone.localdate():
            raise forms.ValidationError("The date it is needed by must be today or in the future")
        return due


class NoteForm(forms.Form):
    text = _text("What was done", "what was done", "For example, who you rang and what they said")


class CloseForm(forms.Form):
    DONE, CANNOT = "done", "cannot"
    result = forms.ChoiceField(
        label="How did it end?",
        choices=[(DONE, "Done"), (CANNOT, "It cannot be done")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it was done or cannot be done"},
    )
    outcome = _text(
        "What was done, or why it cannot be done",
        "what was done, or why it cannot be done",
        "The requester and the child's chronology see this",
    )
