"""Forms for running a return and explaining a data problem."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from .cin.records import current_period, period_for_year

EXPLANATION_MAX = 2000


def year_choices(today=None) -> list[tuple[str, str]]:
    """The current collection year and the three before it, newest first."""
    current = current_period(today or timezone.localdate()).start.year
    choices = []
    for start in range(current, current - 4, -1):
        period = period_for_year(start)
        choices.append((str(start), f"{period.label} (1 April {start} to 31 March {start + 1})"))
    return choices


class RunForm(forms.Form):
    return_name = forms.ChoiceField(
        label="Which return?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the return to run", "invalid_choice": "Choose the return to run"},
    )
    year = forms.ChoiceField(
        label="Which collection year?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the collection year",
            "invalid_choice": "Choose the collection year",
        },
    )

    def __init__(self, *args, returns: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["return_name"].choices = returns
        self.fields["year"].choices = year_choices()

    @property
    def period(self):
        return period_for_year(int(self.cleaned_data["year"]))


class ExplainForm(forms.Form):
    reason = forms.CharField(
        label="Why is the record right as it is?",
        help_text="For example: the child was referred twice on the same day by different agencies.",
        max_length=EXPLANATION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Write why the record is right as it is",
            "max_length": f"The reason must be {EXPLANATION_MAX:,} characters or fewer",
        },
    )
