"""Forms for unit meetings. Choices (members, children) are given by the view, read once for the whole
page, so that a meeting page with many children makes no query per form."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone

from hearth.cases.forms.notes import DATE_FORMATS, TIME_FORMATS, TimeOfDayField

from .models import MAX_ALTERNATIVES, MAX_TEXT, Cadence, RequestWhen, Weekday
from .services import DiscussionData

EXAMPLE_DATE = "For example, 27/3/2026"


def _text(label: str, what: str, help_text: str = "", rows: int = 3, required: bool = False):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Write {what}",
            "max_length": f"{what[:1].upper()}{what[1:]} must be {MAX_TEXT:,} characters or fewer",
        },
    )


class DiscussionForm(forms.Form):
    """What the unit thinks about one child's family. Alternatives are numbered fields: one more than
    there are, and "Add another alternative hypothesis" posts the page back with one more."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    hypothesis = _text(
        "Current hypothesis",
        "the current hypothesis",
        "What the unit thinks is happening for the family, and why",
    )
    distinguishing = _text(
        "What would tell them apart",
        "what would tell the hypotheses apart",
        "What you would expect to see or hear if one hypothesis were true rather than another",
    )
    decision = _text("Decision", "the decision", "What the unit decided")

    def __init__(self, *args, alternative_count: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if alternative_count is None:
            alternative_count = self._posted_alternatives() if self.is_bound else 2
        alternative_count = max(1, min(alternative_count, MAX_ALTERNATIVES))
        fields = {name: self.fields.pop(name) for name in ("distinguishing", "decision")}
        for number in range(1, alternative_count + 1):
            self.fields[f"alternative_{number}"] = _text(
                f"Alternative hypothesis {number}",
                "the alternative hypothesis",
                "Another explanation of what is happening" if number == 1 else "",
                rows=2,
            )
        self.fields.update(fields)
        self.alternative_count = alternative_count
        self.fields["version"].error_messages = {
            "required": "The page is out of date: reload it and try again",
            "invalid": "The page is out of date: reload it and try again",
            "min_value": "The page is out of date: reload it and try again",
        }

    def _posted_alternatives(self) -> int:
        pattern = re.compile(re.escape(self.add_prefix("alternative_")) + r"(\d{1,2})$")
        numbers = [int(m.group(1)) for key in self.data if (m := pattern.match(key))]
        return max(numbers, default=1)

    @classmethod
    def initial_for(cls, discussion) -> dict:
        initial = {
            "version": discussion.version,
            "hypothesis": discussion.hypothesis,
            "distinguishing": discussion.distinguishing,
            "decision": discussion.decision,
        }
        for number, text in enumerate(discussion.alternatives, start=1):
            initial[f"alternative_{number}"] = text
        return initial

    @classmethod
    def for_discussion(cls, discussion, *, prefix: str):
        return cls(
            initial=cls.initial_for(discussion),
            prefix=prefix,
            alternative_count=max(2, len(discussion.alternatives) + 1),
        )

    def alternative_fields(self):
        return [self[f"alternative_{n}"] for n in range(1, self.alternative_count + 1)]

    def discussion_data(self) -> DiscussionData:
        data = self.cleaned_data
        return DiscussionData(
            hypothesis=data.get("hypothesis", ""),
            alternatives=[data.get(f"alternative_{n}", "") for n in range(1, self.alternative_count + 1)],
            distinguishing=data.get("distinguishing", ""),
            decision=data.get("decision", ""),
        )

    def require_for_discussed(self) -> bool:
        """Mark the fields a discussion needs before it is marked discussed. True when all are there."""
        data = self.cleaned_data
        if not data.get("hypothesis", "").strip():
            self.add_error("hypothesis", "Write the current hypothesis before marking the discussion done")
        if not any(data.get(f"alternative_{n}", "").strip() for n in range(1, self.alternative_count + 1)):
            self.add_error(
                "alternative_1",
                "Write at least one alternative hypothesis before marking the discussion done",
            )
        if not data.get("decision", "").strip():
            self.add_error("decision", "Write the decision before marking the discussion done")
        return not self.errors


class ActionForm(forms.Form):
    text = forms.CharField(
        label="Action",
        help_text="What needs to be done, in a few words",
        max_length=300,
        error_messages={
            "required": "Write what needs to be done",
            "max_length": "The action must be 300 characters or fewer",
        },
    )
    owner = forms.ChoiceField(
        label="Who will do it",
        error_messages={
            "required": "Choose who will do it",
            "invalid_choice": "Choose a member of the unit to do it",
        },
    )
    due_on = forms.DateField(
        label="Due by",
        help_text=EXAMPLE_DATE,
        input_formats=DATE_FORMATS,
        error_messages={
            "required": "Enter the date it is due by",
            "invalid": "Enter the due date as a real date, like 27/3/2026",
        },
    )

    def __init__(self, *args, owners: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Choose a person"), *[(str(pk), name) for pk, name in owners]]

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due < timezone.localdate():
            raise forms.ValidationError("The due date must be today or in the future")
        return due


class AddChildForm(forms.Form):
    child = forms.ChoiceField(
        label="Add a child to the agenda",
        help_text="Children whose case the unit holds",
        error_messages={
            "required": "Choose a child to add to the agenda",
            "invalid_choice": "Choose a child whose case is held by the unit",
        },
    )

    def __init__(self, *args, children: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].choices = [("", "Choose a child"), *[(str(pk), name) for pk, name in children]]


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label="Who is at the meeting",
        help_text="Select everyone who is here",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose members of the unit"},
    )

    def __init__(self, *args, members: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(pk), name) for pk, name in members]


class ScheduleForm(forms.Form):
    cadence_weeks = forms.TypedChoiceField(
        label="How often does the unit meet?",
        choices=Cadence.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how often the unit meets"},
    )
    weekday = forms.TypedChoiceField(
        label="On which day?",
        choices=Weekday.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the day the unit meets"},
    )
    starts_at = TimeOfDayField(
        label="At what time?",
        help_text="For example, 10am or 14:30",
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={
            "required": "Enter the time the meeting starts",
            "invalid": "Enter a real time, like 10am or 14:30",
        },
    )


class RequestForm(forms.Form):
    child = forms.ChoiceField(
        label="Which child?",
        error_messages={
            "required": "Choose the child whose case you want to discuss",
            "invalid_choice": "Choose a child whose case is held by the unit",
        },
    )
    question = forms.CharField(
        label="What do you want help with?",
        help_text="The question you want the unit to think about with you",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Write the question you want help with",
            "max_length": "The question must be 2,000 characters or fewer",
        },
    )
    when = forms.ChoiceField(
        label="When do you need it discussed?",
        choices=RequestWhen.choices,
        initial=RequestWhen.NEXT_MEETING,
        widget=forms.RadioSelect,
        error_messages={"required": "Select when you need it discussed"},
    )

    def __init__(self, *args, children: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].choices = [("", "Choose a child"), *[(str(pk), name) for pk, name in children]]
