"""Forms for children's records: plain English messages, GOV.UK components (components/field.html)."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils import timezone

from . import selectors
from .codes import Disability, Ethnicity, RelationshipKind, Restriction, Sex
from .models import Adult, Child
from .services import DETAIL_FIELDS
from .validators import normalise_nhs_number, normalise_upn, validate_nhs_number, validate_upn

DATE_HINT = "For example, 27/03/2019"
#: Records are for children and young people up to 25 (care leavers); older dates are typing errors.
OLDEST_AGE = 26


def _date_field(label: str, *, required: bool = False, help_text: str = DATE_HINT) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": "Enter a real date, like 27/03/2019"},
    )


class ChildForm(forms.Form):
    """A child's details: the same form adds a child and changes their details."""

    la_child_id = forms.CharField(
        label="LA child ID (optional)",
        required=False,
        max_length=20,
        help_text="Your council's own reference. Leave it blank and Hearth will make one, like C0001234.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter the child's first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the child's last name"}
    )
    other_names = forms.CharField(label="Other names (optional)", max_length=200, required=False)
    date_of_birth = _date_field("Date of birth")
    expected_date_of_birth = _date_field(
        "Expected date of birth, for an unborn child",
        help_text="Only if the child is not born yet. For example, 27/03/2027",
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child's sex, or 'Not known'"},
    )
    gender_identity = forms.CharField(
        label="Gender identity (optional)",
        max_length=100,
        required=False,
        help_text="In the child's own words, if they have told you.",
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity",
        choices=Ethnicity.choices,
        initial=Ethnicity.NOBT,
        error_messages={"required": "Select the child's ethnicity, or 'Information not yet obtained'"},
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN) (optional)",
        required=False,
        max_length=20,
        help_text="13 characters, starting with a letter, like A123456789012. The school knows it.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        required=False,
        max_length=20,
        help_text="10 numbers, like 943 476 5919",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    first_language = forms.CharField(label="First language (optional)", max_length=60, required=False)
    disabilities = forms.MultipleChoiceField(
        label="Disabilities (optional)",
        choices=Disability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    uasc = forms.BooleanField(label="Unaccompanied asylum-seeking child", required=False)

    def __init__(self, *args, child=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        if child is not None:
            self.fields["la_child_id"].label = "LA child ID"
            self.fields["la_child_id"].required = True
            self.fields["la_child_id"].help_text = "Your council's own reference."
            self.fields["la_child_id"].error_messages["required"] = "Enter the child's LA child ID"

    def clean_la_child_id(self):
        value = self.cleaned_data["la_child_id"].strip()
        if value and selectors.la_child_id_taken(value, exclude_pk=getattr(self.child, "pk", None)):
            raise forms.ValidationError("Another child already has this LA child ID")
        return value

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born and born > today:
            raise forms.ValidationError("Date of birth must be today or in the past")
        if born and born < today.replace(year=today.year - OLDEST_AGE, day=1):
            raise forms.ValidationError(
                f"Date of birth must be within the last {OLDEST_AGE} years. Check the year"
            )
        return born

    def clean_expected_date_of_birth(self):
        expected = self.cleaned_data["expected_date_of_birth"]
        if expected and expected > timezone.localdate() + datetime.timedelta(days=300):
            raise forms.ValidationError("Expected date of birth must be within the next 10 months")
        return expected

    def clean_upn(self):
        value = normalise_upn(self.cleaned_data["upn"])
        if value:
            validate_upn(value)
        return value

    def clean_nhs_number(self):
        value = normalise_nhs_number(self.cleaned_data["nhs_number"])
        if value:
            validate_nhs_number(value)
        return value

    def clean_disabilities(self):
        codes = self.cleaned_data["disabilities"]
        if Disability.NONE in codes and len(codes) > 1:
            raise forms.ValidationError("Select 'No disability' on its own, or only the disabilities")
        return codes

    def clean(self):
        data = super().clean()
        born, expected = data.get("date_of_birth"), data.get("expected_date_of_birth")
        if self.has_error("date_of_birth") or self.has_error("expected_date_of_birth"):
            return data
        if born and expected:
            self.add_error(
                "expected_date_of_birth",
                "Give a date of birth or an expected date of birth, not both",
            )
        elif not born and not expected:
            self.add_error(
                "date_of_birth", "Enter the date of birth, or an expected date of birth for an unborn child"
            )
        return data

    def details(self) -> dict:
        """The cleaned values, as the services take them."""
        return {name: self.cleaned_data[name] for name in DETAIL_FIELDS}


class AddChildForm(ChildForm):
    """Adding a child: which unit holds the case, when the person could choose more than one."""

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        if len(self.units) > 1:
            self.fields["unit"] = forms.ChoiceField(
                label="Which unit will hold the case?",
                choices=[(str(u.pk), u.name) for u in self.units],
                widget=forms.RadioSelect,
                error_messages={"required": "Select the unit that will hold the case"},
            )

    def chosen_unit(self):
        if not self.units:
            return None
        if len(self.units) == 1:
            return self.units[0]
        return next(u for u in self.units if str(u.pk) == self.cleaned_data["unit"])


class EditChildForm(ChildForm):
    """Changing a child's details, with the version of the record the form was opened on."""

    version = forms.DateTimeField(widget=forms.HiddenInput, required=True)

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, child=child, **kwargs)
        self.fields["version"].error_messages["required"] = "This form is out of date. Open it again"
        self.fields["version"].error_messages["invalid"] = "This form is out of date. Open it again"

    @classmethod
    def initial_for(cls, child, disabilities) -> dict:
        initial = {name: getattr(child, name) for name in ChildForm.base_fields if hasattr(child, name)}
        initial["disabilities"] = [d.code for d in disabilities]
        initial["version"] = child.updated_at.isoformat()
        return initial


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to open this record?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text="For example, 'Police called out of hours about a child at this address; duty worker "
        "needs the safety plan'.",
        error_messages={
            "required": "Enter why you need to open this record",
            "max_length": "The reason must be 2000 characters or fewer",
        },
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise forms.ValidationError("Give a reason of at least 10 characters, so that it can be reviewed")
        return reason


class RestrictionForm(forms.Form):
    NOT_RESTRICTED = "none"  # a radio needs a value: "" would also be what a missing answer gives

    restriction = forms.ChoiceField(
        label="Is this record restricted?",
        choices=[(NOT_RESTRICTED, "Not restricted"), *[(v, label) for v, label in Restriction.choices if v]],
        widget=forms.RadioSelect,
        help_text="A restricted record is seen only by the people named on it, or by someone who "
        "gives a reason to open it. Their reason is recorded and the unit's manager is told.",
        error_messages={"required": "Select whether the record is restricted"},
    )
    email = forms.EmailField(
        label="Name a person who may see this record (optional)",
        required=False,
        help_text="Their email address, like name@council.gov.uk",
        error_messages={"invalid": "Enter an email address in the correct format, like name@council.gov.uk"},
    )

    def __init__(self, *args, child, **kwargs):
        kwargs.setdefault("initial", {"restriction": child.restriction or self.NOT_RESTRICTED})
        super().__init__(*args, **kwargs)
        self.child = child
        self.person = None

    def clean_restriction(self):
        value = self.cleaned_data["restriction"]
        return "" if value == self.NOT_RESTRICTED else value

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if not email:
            return email
        person = selectors.active_person_by_email(email)
        if person is None:
            raise forms.ValidationError("There is no active Hearth account with this email address")
        if not selectors.person_can_reach(person, self.child):
            raise forms.ValidationError(
                f"{person} does not work with this child's unit, so naming them would not let them see "
                "the record. Ask for the case to be allocated to their unit first"
            )
        self.person = person
        return email


class RelationshipForm(forms.Form):
    ADULT, CHILD = "adult", "child"

    who = forms.ChoiceField(
        label="Who are you linking to this child?",
        choices=[(ADULT, "An adult (a new person)"), (CHILD, "Another child with a record")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you are linking an adult or another child"},
    )
    kind = forms.ChoiceField(
        label="How are they related to the child?",
        choices=[("", "Select a relationship"), *RelationshipKind.choices],
        error_messages={"required": "Select how they are related to the child"},
    )
    parental_responsibility = forms.BooleanField(
        label="They have parental responsibility for the child", required=False
    )
    first_name = forms.CharField(label="Adult's first name", max_length=100, required=False)
    last_name = forms.CharField(label="Adult's last name", max_length=100, required=False)
    date_of_birth = _date_field("Adult's date of birth (optional)", help_text="For example, 27/03/1990")
    phone = forms.CharField(
        label="Adult's phone number (optional)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    la_child_id = forms.CharField(
        label="The other child's LA child ID",
        max_length=20,
        required=False,
        help_text="Only children whose records you can see can be linked.",
    )

    def __init__(self, *args, child, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        self.user = user
        self.other_child = None

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born and born > timezone.localdate():
            raise forms.ValidationError("Date of birth must be today or in the past")
        return born

    def clean(self):
        data = super().clean()
        who = data.get("who")
        if who == self.ADULT:
            if not (data.get("first_name") or "").strip():
                self.add_error("first_name", "Enter the adult's first name")
            if not (data.get("last_name") or "").strip():
                self.add_error("last_name", "Enter the adult's last name")
        elif who == self.CHILD:
            la_child_id = (data.get("la_child_id") or "").strip()
            if not la_child_id:
                self.add_error("la_child_id", "Enter the other child's LA child ID")
                return data
            other = selectors.child_by_la_child_id(self.user, la_child_id)
            if other is None:
                self.add_error(
                    "la_child_id", "There is no child with this LA child ID whose record you can see"
                )
            elif other.pk == self.child.pk:
                self.add_error("la_child_id", "Enter another child's LA child ID, not this child's")
            elif selectors.already_linked(self.child, other_child=other):
                self.add_error("la_child_id", "These children are already linked")
            else:
                self.other_child = other
        return data

    def adult_details(self) -> dict:
        data = self.cleaned_data
        return {
            "first_name": data["first_name"].strip(),
            "last_name": data["last_name"].strip(),
            "date_of_birth": data.get("date_of_birth"),
            "phone": data.get("phone", "").strip(),
        }


#: A UK postcode: outward code, a space (optional when typed), inward code.
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


class AddressForm(forms.Form):
    line_1 = forms.CharField(
        label="Address line 1",
        max_length=150,
        error_messages={"required": "Enter the first line of the address"},
    )
    line_2 = forms.CharField(label="Address line 2 (optional)", max_length=150, required=False)
    town = forms.CharField(
        label="Town or city", max_length=100, error_messages={"required": "Enter the town or city"}
    )
    postcode = forms.CharField(
        label="Postcode", max_length=10, error_messages={"required": "Enter the postcode"}
    )
    started_on = forms.DateField(
        label="Date they moved in",
        help_text="For example, 27/03/2026. Their current address, if there is one, ends the day before.",
        error_messages={
            "required": "Enter the date they moved in",
            "invalid": "Enter a real date, like 27/03/2026",
        },
    )

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current

    def clean_postcode(self):
        postcode = " ".join(self.cleaned_data["postcode"].upper().split())
        if not POSTCODE.match(postcode):
            raise forms.ValidationError("Enter a real postcode, like SW1A 1AA")
        if " " not in postcode:
            postcode = f"{postcode[:-3]} {postcode[-3:]}"
        return postcode

    def clean_started_on(self):
        started_on = self.cleaned_data["started_on"]
        if started_on > timezone.localdate():
            raise forms.ValidationError("The date they moved in must be today or in the past")
        if self.current is not None and started_on <= self.current.started_on:
            raise forms.ValidationError(
                f"The date they moved in must be after they moved to their current address, "
                f"{self.current.started_on:%d/%m/%Y}"
            )
        return started_on


class AddressEndForm(forms.Form):
    """An address ends with no move recorded (they left; where they went is not known yet)."""

    ended_on = forms.DateField(
        label="Date they stopped living there",
        help_text="For example, 27/03/2026. They will have no current address until a new one is recorded.",
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the date they stopped living there",
            "invalid": "Enter a real date, like 27/03/2026",
        },
    )

    def __init__(self, *args, address, **kwargs):
        super().__init__(*args, **kwargs)
        self.address = address

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        if ended_on > timezone.localdate():
            raise forms.ValidationError("The date they stopped living there must be today or in the past")
        if ended_on < self.address.started_on:
            raise forms.ValidationError(
                f"The date they stopped living there must be on or after they moved in, "
                f"{self.address.started_on:%d/%m/%Y}"
            )
        return ended_on


def _members_field(label: str, help_text: str) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={
            "invalid_choice": "Select people from the list",
            "invalid_pk_value": "Select people from the list",
        },
    )


class HouseholdMembersForm(forms.Form):
    """Who joins a household: children and adults from the child's relationships (no new people here:
    add a relationship first)."""

    children = _members_field(
        "Which other children live in the household?",
        "Brothers, sisters and other children linked to this child. Select all that apply.",
    )
    adults = _members_field(
        "Which adults live in the household?", "Adults linked to this child. Select all that apply."
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = Child.objects.filter(pk__in=[c.pk for c in candidates.children])
        self.fields["children"].label_from_instance = lambda child: child.full_name
        self.fields["adults"].queryset = Adult.objects.filter(pk__in=[a.pk for a in candidates.adults])
        if not candidates.children:
            del self.fields["children"]
        if not candidates.adults:
            del self.fields["adults"]

    def chosen(self, name: str) -> list:
        return list(self.cleaned_data.get(name) or [])


class HouseholdForm(HouseholdMembersForm):
    """A new household for a child: its name, and who else lives in it."""

    name = forms.CharField(
        label="Name of the household",
        max_length=150,
        help_text="For example, 'The Ahmed household' or 'Mum's flat'.",
        error_messages={
            "required": "Enter a name for the household",
            "max_length": "The name must be 150 characters or fewer",
        },
    )

    field_order = ["name", "children", "adults"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the household")
        return name


class HouseholdAddForm(HouseholdMembersForm):
    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.chosen("children") and not self.chosen("adults"):
            first = next((name for name in ("children", "adults") if name in self.fields), None)
            self.add_error(first, "Select someone to add to the household")
        return cleaned
