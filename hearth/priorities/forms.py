"""Forms for priorities."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from hearth.cases.forms.notes import DATE_FORMATS

from . import scoring
from .models import Activity, Configuration, FactorKind

MAX_TIERS = 6


def _whole(label: str, *, required: bool = True, max_value: int = scoring.MAX_WEIGHT, what: str = ""):
    what = what or label
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=max_value,
        error_messages={
            "required": f"{what}: enter a whole number",
            "invalid": f"{what}: enter a whole number, like 10",
            "min_value": f"{what}: enter 0 or more",
            "max_value": f"{what}: enter {max_value:,} or less",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )


class ConfigurationForm(forms.Form):
    """Every weight, the tiers (most intensive first; a row with no name is left out), the case weights
    and the points per full-time worker, with the reason for the change."""

    points_per_fte = _whole("Caseload points per full-time worker", max_value=10_000)
    reason = forms.CharField(
        label="Why are you changing the weights?",
        help_text="This is kept with the new version, for everyone who reads the weights",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the weights are changing"},
    )

    def __init__(self, *args, current: Configuration, **kwargs):
        initial = kwargs.pop("initial", None) or self.initial_from(current)
        super().__init__(*args, initial=initial, **kwargs)
        for key, words in scoring.FACTORS.items():
            self.fields[f"w_{key}"] = _whole(words)
        for kind, words in scoring.EPISODE_KINDS.items():
            self.fields[f"e_{kind}"] = _whole(
                f"Case weight: {words.lower()}", what=f"Case weight for {words.lower()}"
            )
        for i in range(MAX_TIERS):
            n = i + 1
            self.fields[f"tier_{i}_name"] = forms.CharField(
                label=f"Tier {n}: name", required=False, max_length=40
            )
            self.fields[f"tier_{i}_min_score"] = _whole(
                f"Tier {n}: lowest score (leave empty for none)",
                required=False,
                max_value=10_000,
                what=f"Tier {n}: lowest score",
            )
            self.fields[f"tier_{i}_kinds"] = forms.MultipleChoiceField(
                label=f"Tier {n}: or any child with",
                required=False,
                choices=list(scoring.EPISODE_KINDS.items()),
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields[f"tier_{i}_interval"] = _whole(
                f"Tier {n}: visit every (working days)",
                required=False,
                max_value=60,
                what=f"Tier {n}: visit interval",
            )
        # The reason and points last, after the weights and tiers.
        self.order_fields(
            [f for f in self.fields if f not in ("points_per_fte", "reason")] + ["points_per_fte", "reason"]
        )

    @staticmethod
    def initial_from(config: Configuration) -> dict:
        initial = {"points_per_fte": config.points_per_fte}
        initial.update({f"w_{k}": config.weights.get(k, 0) for k in scoring.FACTORS})
        initial.update({f"e_{k}": config.episode_weights.get(k, 0) for k in scoring.EPISODE_KINDS})
        for i, tier in enumerate(config.tiers[:MAX_TIERS]):
            initial.update(
                {
                    f"tier_{i}_name": tier["name"],
                    f"tier_{i}_min_score": tier.get("min_score"),
                    f"tier_{i}_kinds": list(tier.get("kinds") or []),
                    f"tier_{i}_interval": tier["interval"],
                }
            )
        return initial

    def weight_fields(self):
        return [self[f"w_{k}"] for k in scoring.FACTORS]

    def episode_fields(self):
        return [self[f"e_{k}"] for k in scoring.EPISODE_KINDS]

    def tier_rows(self):
        return [
            {
                "number": i + 1,
                "name": self[f"tier_{i}_name"],
                "min_score": self[f"tier_{i}_min_score"],
                "kinds": self[f"tier_{i}_kinds"],
                "interval": self[f"tier_{i}_interval"],
            }
            for i in range(MAX_TIERS)
        ]

    def clean(self):
        data = super().clean()
        for i in range(MAX_TIERS):
            name = (data.get(f"tier_{i}_name") or "").strip()
            if name and data.get(f"tier_{i}_interval") is None and f"tier_{i}_interval" not in self.errors:
                self.add_error(
                    f"tier_{i}_interval", f"Tier {i + 1}: enter how often to visit, in working days"
                )
        return data

    def proposal(self) -> dict:
        data = self.cleaned_data
        tiers = []
        for i in range(MAX_TIERS):
            name = (data.get(f"tier_{i}_name") or "").strip()
            if not name:
                continue
            tiers.append(
                {
                    "name": name,
                    "min_score": data.get(f"tier_{i}_min_score"),
                    "kinds": list(data.get(f"tier_{i}_kinds") or []),
                    "interval": data.get(f"tier_{i}_interval"),
                }
            )
        return {
            "weights": {k: data[f"w_{k}"] for k in scoring.FACTORS},
            "episode_weights": {k: data[f"e_{k}"] for k in scoring.EPISODE_KINDS},
            "tiers": tiers,
            "points_per_fte": data["points_per_fte"],
            "reason": data["reason"].strip(),
        }


class FactorForm(forms.Form):
    kind = forms.ChoiceField(
        label="What happened?",
        choices=FactorKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened"},
    )
    occurred_on = forms.DateField(
        label="Date it happened",
        help_text="For example, 27/3/2026",
        input_formats=DATE_FORMATS,
        error_messages={
            "required": "Enter the date it happened",
            "invalid": "Enter the date it happened as a real date, like 27/3/2026",
        },
    )
    note = forms.CharField(
        label="What happened (optional)",
        required=False,
        max_length=300,
        help_text="A line for the record, for example who told you",
        error_messages={"max_length": "What happened must be 300 characters or fewer"},
    )

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date it happened must be today or in the past")
        return day


class TimeForm(forms.Form):
    activity = forms.ChoiceField(
        label="What was the time spent on?",
        choices=Activity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the time was spent on"},
    )
    minutes = forms.IntegerField(
        label="How many minutes?",
        min_value=1,
        max_value=7 * 24 * 60,
        help_text="For example, 90 for an hour and a half",
        error_messages={
            "required": "Enter the time in minutes",
            "invalid": "Enter the time as a whole number of minutes, like 90",
            "min_value": "Enter the time as a number of minutes, more than 0",
            "max_value": "Enter no more minutes than there are in a week",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
    )


class AllocationChoiceForm(forms.Form):
    choice = forms.ChoiceField(
        label="Which unit and lead worker?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a unit and lead worker",
            "invalid_choice": "Choose one of the suggestions",
        },
    )
    reason = forms.CharField(
        label="Reason for this allocation (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = choices


class DigestForm(forms.Form):
    wants_email = forms.BooleanField(
        label="Email me a digest of visits overdue for children I lead",
        required=False,
        help_text="The email has links only: no child's name",
    )
