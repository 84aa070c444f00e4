"""Forms for learning reviews, near misses, experiments, the library search and retention periods."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from hearth.cases.forms.notes import DATE_FORMATS

from .models import DEFAULT_RETENTION_YEARS, MAX_TEXT, SHORT_TEXT, ReviewKind, Theme
from .services import MAX_RETENTION_YEARS


def _text(label: str, what: str, help_text: str = "", rows: int = 4, required=True, max_length=SHORT_TEXT):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Write {what}",
            "max_length": f"{what[:1].upper()}{what[1:]} must be {max_length:,} characters or fewer",
        },
    )


def _date(label: str, what: str, required=True, help_text="For example, 27/3/2026"):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a real date, like 27/3/2026",
        },
    )


def _themes(help_text="Choose every theme the learning is about: people search the library by theme"):
    return forms.MultipleChoiceField(
        label="Themes",
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


NO_CHILD_NAMES = "Do not write a child's name or identifier: the title is shown in lists."


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of review is it?",
        choices=ReviewKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of review"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text=NO_CHILD_NAMES + " For example, 'Baby in a family with two older siblings, 2025'",
        error_messages={"required": "Give the review a title"},
    )
    unit = forms.ModelChoiceField(
        label="Unit",
        queryset=None,
        required=False,
        empty_label="Not one unit (the whole service)",
        help_text="The unit whose practice the review looks at",
    )
    scope = _text(
        "Scope",
        "the scope",
        "The questions the review will answer, and what it will not look at",
        required=False,
        max_length=MAX_TEXT,
    )
    period_start = _date("Period from", "the start of the period", required=False)
    period_end = _date("Period to", "the end of the period", required=False)
    themes = _themes()

    def __init__(self, *args, units=None, with_kind=True, **kwargs):
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units
        if not with_kind:
            del self.fields["kind"]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The end of the period must be the same as or after its start")
        return data


GUIDANCE = {
    "what_helped": (
        "What in the system made good practice possible: relationships, tools, time, supervision, "
        "how agencies worked together. Describe what people did and what made it work."
    ),
    "what_got_in_the_way": (
        "Describe the conditions, not the person: caseloads, information that did not arrive, "
        "unclear processes, pressures at the time. Ask 'what made this make sense at the time?'. "
        "Avoid 'failed to' and 'should have'."
    ),
    "what_we_will_do": "Changes to the system that make good practice easier next time, not to one person's work.",
}


class FindingsForm(forms.Form):
    what_helped = _text(
        "What helped", "what helped", GUIDANCE["what_helped"], rows=6, required=False, max_length=MAX_TEXT
    )
    what_got_in_the_way = _text(
        "What got in the way",
        "what got in the way",
        GUIDANCE["what_got_in_the_way"],
        rows=6,
        required=False,
        max_length=MAX_TEXT,
    )
    what_we_will_do = _text(
        "What we will do",
        "what we will do",
        GUIDANCE["what_we_will_do"],
        rows=6,
        required=False,
        max_length=MAX_TEXT,
    )


class ChildForm(forms.Form):
    child = forms.CharField(
        label="Add a child involved",
        max_length=20,
        help_text="Their record number or LA child ID. Only children you can see can be added.",
        error_messages={"required": "Enter the child's record number or LA child ID"},
    )


class RecommendationForm(forms.Form):
    text = _text(
        "Recommendation", "the recommendation", NO_CHILD_NAMES.replace("title", "recommendation"), rows=3
    )


class ActionForm(forms.Form):
    description = _text("Action", "what will be done", rows=3)
    owner = forms.EmailField(
        label="Owner's email address",
        help_text="The person who will do it: it appears on their work list",
        error_messages={
            "required": "Enter the email address of the person who will do it",
            "invalid": "Enter an email address, like name@council.gov.uk",
        },
    )
    due_on = _date("Due by", "the date it is due")

    def clean_owner(self):
        email = self.cleaned_data["owner"].strip().lower()
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError("Nobody with that email address has an account")
        return user


class DoneForm(forms.Form):
    note = _text("What was done", "what was done", "Optional", rows=2, required=False)


class NearMissForm(forms.Form):
    what_happened = _text(
        "What happened?",
        "what happened",
        "Two or three sentences. Do not write a child's or family's name.",
        rows=3,
    )
    what_stopped_harm = _text(
        "What stopped harm?",
        "what stopped harm",
        "The check, conversation or chance that caught it",
        rows=3,
    )
    theme = forms.ChoiceField(
        label="Theme",
        choices=[("", "Choose a theme"), *Theme.choices],
        error_messages={"required": "Choose the theme closest to what happened"},
    )
    hide_name = forms.BooleanField(
        label="Do not show my name to others",
        required=False,
        help_text=(
            "Nobody will see your name on the near miss or in the learning. Hearth's audit log still "
            "records who reported it, as it does for every change; only auditors can read it."
        ),
    )


class ExperimentForm(forms.Form):
    title = forms.CharField(
        label="Name of the experiment",
        max_length=200,
        error_messages={"required": "Give the experiment a short name"},
    )
    hypothesis = _text("Hypothesis", "what you think will happen", "What you think will happen, and why")
    what_we_will_try = _text("What will you try?", "what you will try")
    for_which_families = _text(
        "For which families?", "which families it is for", "Describe the families: do not name them", rows=2
    )
    how_we_will_know = _text("How will you know if it helped?", "how you will know if it helped", rows=3)
    review_on = _date("Review date", "the date you will review it")
    unit = forms.ModelChoiceField(
        label="Unit", queryset=None, required=False, empty_label="No unit (just me)"
    )
    themes = _themes("The themes it is about: the learning is published under them")

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class DecisionForm(forms.Form):
    AGREE, NOT_AGREE = "agree", "not-agree"
    decision = forms.ChoiceField(
        label="Do you agree the experiment?",
        choices=[(AGREE, "Yes, it can start"), (NOT_AGREE, "No, not as it stands")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you agree the experiment"},
    )
    reason = _text(
        "Reason", "why the experiment is not agreed", "Needed if you do not agree it", rows=3, required=False
    )


class OutcomeForm(forms.Form):
    outcome = _text(
        "What happened?", "what happened", "Against how you said you would know", rows=5, max_length=MAX_TEXT
    )
    learning = _text(
        "What did we learn?",
        "what was learned",
        "What others could use or avoid",
        rows=5,
        max_length=MAX_TEXT,
    )


class LibrarySearchForm(forms.Form):
    theme = forms.ChoiceField(label="Theme", choices=[("", "All themes"), *Theme.choices], required=False)
    q = forms.CharField(
        label="Words",
        max_length=100,
        required=False,
        help_text="For example, 'school' or 'strategy discussion'",
    )


class RetentionForm(forms.Form):
    reason = _text(
        "Why are the periods changing?",
        "why the periods are changing",
        "For example, the retention schedule the authority adopted",
        rows=2,
    )

    def __init__(self, *args, years: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in ReviewKind:
            self.fields[kind.value] = forms.IntegerField(
                label=f"{kind.label} (years)",
                min_value=1,
                max_value=MAX_RETENTION_YEARS,
                initial=years.get(kind.value, DEFAULT_RETENTION_YEARS[kind.value]),
                help_text=f"Hearth's default: {DEFAULT_RETENTION_YEARS[kind.value]} years",
                error_messages={
                    "required": f"Enter the years to keep a {kind.label.lower()}",
                    "invalid": "Enter a whole number of years",
                    "min_value": f"Enter a number of years from 1 to {MAX_RETENTION_YEARS}",
                    "max_value": f"Enter a number of years from 1 to {MAX_RETENTION_YEARS}",
                },
            )
        self.order_fields([k.value for k in ReviewKind] + ["reason"])

    def years(self) -> dict[str, int]:
        return {k.value: self.cleaned_data[k.value] for k in ReviewKind}

    def year_fields(self):
        return [self[k.value] for k in ReviewKind]
