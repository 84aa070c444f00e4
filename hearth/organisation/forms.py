from django import forms
from django.contrib.auth import get_user_model

from hearth.core.roles import OrgRole, UnitRole

from .models import Membership, ServiceArea, Unit, UnitType

EMAIL_ERRORS = {
    "required": "Enter the person's email address",
    "invalid": "Enter an email address in the correct format, like name@council.gov.uk",
}


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "code", "unit_type", "service_area", "manager"]
        labels = {
            "name": "Unit name",
            "code": "Short name",
            "unit_type": "Type of unit",
            "manager": "Team manager",
        }
        error_messages = {
            "name": {"required": "Enter the unit's name"},
            "code": {
                "required": "Enter a short name for web addresses, like north-3",
                "invalid": "The short name can only use letters, numbers and hyphens, like north-3",
                "unique": "There is already a unit with this short name",
            },
            "unit_type": {"required": "Select the type of unit"},
            "service_area": {"required": "Select the service area"},
        }
        widgets = {"unit_type": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_type"].choices = UnitType.choices
        self.fields["service_area"].queryset = ServiceArea.objects.order_by("name")
        self.fields["service_area"].empty_label = "Select a service area"
        self.fields["manager"].queryset = get_user_model().objects.filter(
            is_active=True, org_role=OrgRole.TEAM_MANAGER
        )
        self.fields["manager"].empty_label = "No team manager yet"
        self.fields["manager"].required = False

    def clean_code(self):
        return self.cleaned_data["code"].lower()


class MembershipAddForm(forms.Form):
    email = forms.EmailField(label="Email address of the person joining", error_messages=EMAIL_ERRORS)
    role = forms.ChoiceField(
        label="Their role in the unit",
        choices=UnitRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person's role in the unit"},
    )
    started_on = forms.DateField(
        label="Date they join",
        help_text="For example, 27/03/2026",
        error_messages={
            "required": "Enter the date they join",
            "invalid": "Enter a real date, like 27/03/2026",
        },
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.person = None

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        person = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError("There is no active Hearth account with this email address")
        if Membership.objects.current().filter(unit=self.unit, user=person).exists():
            raise forms.ValidationError(f"{person} is already a member of this unit")
        self.person = person
        return email


class MembershipEndForm(forms.Form):
    ended_on = forms.DateField(
        label="Date they leave the unit",
        help_text="For example, 27/03/2026. They stop seeing the unit's children from this date.",
        error_messages={
            "required": "Enter the date they leave",
            "invalid": "Enter a real date, like 27/03/2026",
        },
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        if ended_on < self.membership.started_on:
            raise forms.ValidationError(
                f"The date they leave must be on or after the date they joined, {self.membership.started_on:%d/%m/%Y}"
            )
        return ended_on


class StaffSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search by name or email address")


class PersonForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["full_name", "email", "job_title", "org_role", "is_active"]
        labels = {
            "full_name": "Full name",
            "email": "Email address",
            "job_title": "Job title (optional)",
            "org_role": "Organisation role",
            "is_active": "The account is open",
        }
        help_texts = {
            "org_role": "Leave as 'None' for practitioners: their role comes from their unit.",
            "is_active": "Untick to close the account. People are never deleted, so the record stays complete.",
        }
        error_messages = {
            "full_name": {"required": "Enter the person's full name"},
            "email": {**EMAIL_ERRORS, "unique": "There is already an account with this email address"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_role"].choices = [("", "None")] + list(OrgRole.choices)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
