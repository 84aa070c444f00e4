from django import forms
from django.core.exceptions import ValidationError


def add_validation_error(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: each field's messages beside the field it names, the rest
    (and a refusal that names no field) in the error summary."""
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


class AuditLogSearchForm(forms.Form):
    email = forms.EmailField(
        required=False,
        label="Person's email address",
        help_text="Who did it, for example name@council.gov.uk",
    )
    child_id = forms.IntegerField(
        required=False, min_value=1, label="Child record number", help_text="For example, 10234"
    )
    action = forms.CharField(
        required=False, max_length=64, label="Action", help_text="For example, sign_in or child.view"
    )
    date_from = forms.DateField(required=False, label="From date", help_text="For example, 27/03/2026")
    date_to = forms.DateField(required=False, label="To date", help_text="For example, 31/03/2026")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return data
