"""Forms for devolved budgets. Amounts are typed in pounds and pence and cleaned to whole pence."""

from __future__ import annotations

from django import forms

from .models import Category, LimitKey
from .money import BadAmount, parse_pounds, pounds_plain


class PoundsField(forms.Field):
    """An amount in pounds and pence ("40", "12.50", "£1,000"), cleaned to whole pence (an int)."""

    widget = forms.TextInput

    def __init__(self, *args, allow_zero: bool = False, **kwargs):
        self.allow_zero = allow_zero
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "spellcheck": "false", "maxlength": "20"})

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        if len(value) > 20:
            raise forms.ValidationError("Enter an amount in pounds and pence, like 40 or 12.50")
        if self.allow_zero and value.removeprefix("£").strip() in {"0", "0.0", "0.00"}:
            return 0
        try:
            return parse_pounds(value)
        except BadAmount as error:
            raise forms.ValidationError(str(error)) from None


CATEGORY_CHOICES = [("", "Choose a category"), *Category.choices]


class SpendForm(forms.Form):
    category = forms.ChoiceField(
        label="Category", choices=CATEGORY_CHOICES, error_messages={"required": "Select a category"}
    )
    amount = PoundsField(
        label="Amount, in pounds",
        help_text="For example, 40 or 12.50",
        error_messages={"required": "Enter the amount"},
    )
    purpose = forms.CharField(
        label="What is the money for?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Say what it buys and how it helps the family. Finance sees this.",
        error_messages={
            "required": "Enter what the money is for",
            "max_length": "Keep it to 300 characters or fewer",
        },
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a reason"},
    )

    def __init__(self, *args, label: str = "Reason", required_message: str = "Enter a reason", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message


class AllocationForm(forms.Form):
    category = forms.ChoiceField(
        label="Category", choices=CATEGORY_CHOICES, error_messages={"required": "Select a category"}
    )
    amount = PoundsField(label="Amount to add, in pounds", error_messages={"required": "Enter the amount"})
    reason = forms.CharField(
        label="Reference or reason (optional)",
        max_length=300,
        required=False,
        help_text="For example, the finance reference.",
    )


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(
        label="Unit to transfer to",
        queryset=None,
        empty_label="Choose a unit",
        error_messages={
            "required": "Select the unit to transfer to",
            "invalid_choice": "Select a unit from the list",
        },
    )
    category = forms.ChoiceField(
        label="Category", choices=CATEGORY_CHOICES, error_messages={"required": "Select a category"}
    )
    amount = PoundsField(label="Amount, in pounds", error_messages={"required": "Enter the amount"})
    reason = forms.CharField(
        label="Why is the money moving?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter why the money is moving"},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = units


class AuthorityForm(forms.Form):
    """One amount per role, and the two-approver limit. Starts with the limits in force."""

    reason = forms.CharField(
        label="Why are the limits changing?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter why the limits are changing"},
    )

    def __init__(self, *args, limits: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for key in LimitKey:
            label = (
                "Two approvers are needed for spends above, in pounds"
                if key == LimitKey.TWO_APPROVERS
                else f"{key.label}, in pounds"
            )
            field = PoundsField(
                label=label,
                allow_zero=True,
                initial=pounds_plain(limits[key]),
                error_messages={"required": f"Enter an amount for {key.label.lower()}, or 0"},
            )
            self.fields[f"limit_{key.value}"] = field
        self.order_fields([f"limit_{k.value}" for k in LimitKey] + ["reason"])

    def limit_fields(self):
        return [self[f"limit_{k.value}"] for k in LimitKey]

    def limits(self) -> dict[str, int]:
        return {k.value: self.cleaned_data[f"limit_{k.value}"] for k in LimitKey}
