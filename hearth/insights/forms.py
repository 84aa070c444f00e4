"""The health check's one form: a new threshold for an indicator."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from .indicators.base import Direction, Indicator, Kind
from .presenters import unit_for_kind


class ThresholdForm(forms.Form):
    good = forms.DecimalField(
        label="Meets at",
        max_digits=9,
        decimal_places=2,
        min_value=0,
        error_messages={
            "required": "Enter the figure at which the indicator meets its threshold",
            "invalid": "Enter 'meets at' as a number, like 80 or 4.5",
            "min_value": "'Meets at' must be 0 or more",
            "max_digits": "'Meets at' must be a smaller number",
            "max_decimal_places": "'Meets at' can have at most 2 decimal places",
            "max_whole_digits": "'Meets at' must be a smaller number",
        },
    )
    concern = forms.DecimalField(
        label="Below when worse than",
        max_digits=9,
        decimal_places=2,
        min_value=0,
        error_messages={
            "required": "Enter the figure worse than which the indicator is below its threshold",
            "invalid": "Enter 'below when worse than' as a number, like 50 or 10",
            "min_value": "'Below when worse than' must be 0 or more",
            "max_digits": "'Below when worse than' must be a smaller number",
            "max_decimal_places": "'Below when worse than' can have at most 2 decimal places",
            "max_whole_digits": "'Below when worse than' must be a smaller number",
        },
    )
    reason = forms.CharField(
        label="Why is the threshold changing?",
        help_text="Everyone who sees the threshold will read this, for example the national figure it follows.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the threshold is changing"},
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        unit = unit_for_kind(indicator)
        if indicator.direction == Direction.HIGHER:
            self.fields[
                "good"
            ].help_text = (
                f"Higher is better. At this figure or above the indicator meets its threshold ({unit})."
            )
            self.fields[
                "concern"
            ].help_text = f"Under this figure the indicator is below its threshold ({unit})."
        else:
            self.fields[
                "good"
            ].help_text = (
                f"Lower is better. At this figure or under the indicator meets its threshold ({unit})."
            )
            self.fields[
                "concern"
            ].help_text = f"Over this figure the indicator is below its threshold ({unit})."

    def clean_reason(self):
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError("Enter why the threshold is changing")
        return reason

    def clean(self):
        cleaned = super().clean()
        good, concern = cleaned.get("good"), cleaned.get("concern")
        if self.indicator.kind == Kind.PERCENT:
            for name, value in (("good", good), ("concern", concern)):
                if value is not None and value > 100:
                    self.add_error(name, "A percentage must be 100 or less")
        if good is not None and concern is not None and not self.errors:
            if self.indicator.direction == Direction.HIGHER and good < concern:
                self.add_error(
                    "good",
                    "Higher is better for this indicator: 'meets at' must be at least 'below when worse than'",
                )
            if self.indicator.direction == Direction.LOWER and good > concern:
                self.add_error(
                    "good",
                    "Lower is better for this indicator: 'meets at' must be no more than 'below when worse than'",
                )
        return cleaned

    def proposal(self) -> dict:
        """What the check-answers page shows and confirms (kept in the session as text)."""
        return {
            "key": self.indicator.key,
            "good": str(self.cleaned_data["good"]),
            "concern": str(self.cleaned_data["concern"]),
            "reason": self.cleaned_data["reason"],
        }

    @staticmethod
    def initial_from(proposal: dict) -> dict:
        return {
            "good": Decimal(proposal["good"]),
            "concern": Decimal(proposal["concern"]),
            "reason": proposal["reason"],
        }
