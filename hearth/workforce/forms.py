"""Forms of the workforce app (GOV.UK patterns: one clear message per problem, nothing typed lost)."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from hearth.organisation.models import ServiceArea, Unit

from .codes import (
    AGREE_SCALE,
    CHARACTERISTICS,
    PULSE_STATEMENTS,
    Contract,
    ConversationKind,
    CpdKind,
    Discrimination,
    LeavingReason,
    PullFactor,
    PushFactor,
)
from .models import Post, PulseRound, RetentionAction, StaffRecord

EXAMPLE_DATE = "For example, 27/03/2026"


def date_field(label: str, what: str, *, required=True, past_only=False, help_text=EXAMPLE_DATE):
    def not_in_future(value):
        if value > timezone.localdate():
            raise forms.ValidationError(f"The {what} must be today or in the past")

    return forms.DateField(
        label=label,
        help_text=help_text,
        required=required,
        validators=[not_in_future] if past_only else [],
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as a real date, like 27/03/2026",
        },
    )


def _required(message: str) -> dict:
    return {"required": message, "invalid_choice": message}


# --- scope of the figures -----------------------------------------------------------------------------


class ScopeForm(forms.Form):
    scope = forms.ChoiceField(label="Part of the organisation", required=False)
    staff = forms.ChoiceField(
        label="Staff counted",
        required=False,
        choices=[("social-workers", "Registered social workers"), ("all", "All staff")],
    )

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [(s.value, s.label) for s in scopes]


# --- staff records -----------------------------------------------------------------------------------


class StaffRecordForm(forms.ModelForm):
    email = forms.EmailField(
        label="Email address of their Hearth account (optional)",
        required=False,
        help_text="Links the record to their account, so they can see their own development records.",
        error_messages={"invalid": "Enter an email address in the correct format, like name@council.gov.uk"},
    )
    started_on = date_field("Start date", "start date")
    swe_renewal_due = date_field("Social Work England renewal due (optional)", "renewal date", required=False)
    last_promoted_on = date_field(
        "Last promoted (optional)", "date of their last promotion", required=False, past_only=True
    )

    class Meta:
        model = StaffRecord
        fields = [
            "full_name",
            "employee_number",
            "unit",
            "post",
            "job_title",
            "grade",
            "fte",
            "contract",
            "is_social_worker",
            "started_on",
            "swe_registration_number",
            "swe_renewal_due",
            "asye_status",
            "last_promoted_on",
        ]
        labels = {
            "full_name": "Full name",
            "employee_number": "Employee or agency reference",
            "unit": "Unit (leave empty for staff who work across the authority)",
            "post": "Post they fill (optional)",
            "fte": "Full-time equivalent",
            "is_social_worker": "Registered social worker counted in the social worker figures",
            "asye_status": "Assessed and supported year in employment (ASYE)",
        }
        help_texts = {"fte": "1 for full time, 0.6 for three days a week"}
        error_messages = {
            "full_name": {"required": "Enter their full name"},
            "employee_number": {
                "required": "Enter their employee or agency reference",
                "unique": "There is already a staff record with this reference",
            },
            "job_title": {"required": "Enter their job title"},
            "grade": _required("Select their grade"),
            "fte": {
                "required": "Enter their full-time equivalent, like 1 or 0.6",
                "invalid": "Enter their full-time equivalent as a number, like 1 or 0.6",
                "min_value": "The full-time equivalent must be more than 0",
                "max_value": "The full-time equivalent must be 1 or less",
                "max_digits": "Enter the full-time equivalent with up to 2 decimal places, like 0.6",
                "max_decimal_places": "Enter the full-time equivalent with up to 2 decimal places, like 0.6",
            },
            "contract": _required("Select their contract"),
        }
        widgets = {"contract": forms.RadioSelect, "asye_status": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active().order_by("name")
        self.fields["unit"].empty_label = "Not in a unit"
        self.fields["post"].queryset = Post.objects.filter(closed_on__isnull=True).select_related("unit")
        self.fields["post"].empty_label = "No post"
        self.fields["grade"].choices = [("", "Select a grade"), *self.fields["grade"].choices[1:]]
        self.fields["contract"].choices = Contract.choices
        if self.instance.pk and self.instance.user_id:
            self.fields["email"].initial = self.instance.user.email

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError("There is no Hearth account with this email address")
        return user

    def clean(self):
        data = super().clean()
        post, unit = data.get("post"), data.get("unit")
        if post is not None and unit is not None and post.unit_id != unit.pk:
            self.add_error("post", "Choose a post in their unit, or no post")
        return data

    def save(self, commit=True):
        self.instance.user = self.cleaned_data.get("email")
        return super().save(commit)


class LeavingForm(forms.Form):
    left_on = date_field("Last day of work", "last day of work")
    reason = forms.ChoiceField(
        label="Main reason for leaving",
        choices=LeavingReason.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select the main reason for leaving"),
        help_text="Reasons such as workload or pay count as push factors on the retention page.",
    )

    def __init__(self, *args, staff: StaffRecord, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = staff

    def clean_left_on(self):
        left_on = self.cleaned_data["left_on"]
        if left_on < self.staff.started_on:
            raise forms.ValidationError("The last day of work must be on or after their start date")
        return left_on


class CpdForm(forms.Form):
    title = forms.CharField(
        label="What they did",
        max_length=200,
        error_messages={
            "required": "Enter what they did",
            "max_length": "What they did must be 200 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Kind of learning",
        choices=CpdKind.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select the kind of learning"),
    )
    completed_on = date_field("Date completed", "date completed", past_only=True)
    hours = forms.DecimalField(
        label="Hours",
        min_value=0.5,
        max_value=500,
        max_digits=5,
        decimal_places=1,
        error_messages={
            "required": "Enter the hours, like 3 or 1.5",
            "invalid": "Enter the hours as a number, like 3 or 1.5",
            "min_value": "Enter at least half an hour (0.5)",
            "max_value": "Enter 500 hours or fewer",
            "max_digits": "Enter the hours with up to one decimal place",
            "max_decimal_places": "Enter the hours with up to one decimal place",
        },
    )


class AbsenceForm(forms.Form):
    starts_on = date_field("First day of absence", "first day of absence", past_only=True)
    ends_on = date_field(
        "Last day of absence",
        "last day of absence",
        help_text="The day they were last off sick. " + EXAMPLE_DATE,
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The last day of absence must be on or after the first day")
        return data


class ConversationForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of conversation",
        choices=ConversationKind.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select the kind of conversation"),
    )
    held_on = date_field("Date of the conversation", "date of the conversation", past_only=True)
    push = forms.MultipleChoiceField(
        label="What pushes them to leave (push factors)",
        choices=PushFactor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that they named.",
    )
    pull = forms.MultipleChoiceField(
        label="What keeps them here (pull factors)",
        choices=PullFactor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that they named.",
    )
    summary = forms.CharField(
        label="Summary (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "The summary must be 5,000 characters or fewer"},
    )

    def clean(self):
        data = super().clean()
        if not data.get("push") and not data.get("pull") and not self.errors:
            self.add_error("push", "Select at least one push or pull factor they named")
        return data


class PostForm(forms.ModelForm):
    established_on = date_field("Date the post was funded from", "date the post was funded from")

    class Meta:
        model = Post
        fields = ["unit", "title", "grade", "fte", "is_social_work", "established_on"]
        labels = {"title": "Post title", "fte": "Full-time equivalent", "is_social_work": "Social work post"}
        error_messages = {
            "unit": {"required": "Select the unit"},
            "title": {"required": "Enter the post title"},
            "grade": _required("Select the grade"),
            "fte": {
                "required": "Enter the full-time equivalent, like 1",
                "invalid": "Enter the full-time equivalent as a number, like 1 or 0.5",
                "min_value": "The full-time equivalent must be more than 0",
                "max_value": "The full-time equivalent must be 1 or less",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active().order_by("name")
        self.fields["unit"].empty_label = "Select a unit"
        self.fields["grade"].choices = [("", "Select a grade"), *self.fields["grade"].choices[1:]]


class RetentionActionForm(forms.ModelForm):
    started_on = date_field("Date it starts or started", "start date")

    class Meta:
        model = RetentionAction
        fields = ["title", "push_factor", "description", "service_area", "unit", "started_on", "status"]
        labels = {
            "title": "What the authority is doing",
            "push_factor": "The push factor it acts against",
            "description": "More detail (optional)",
            "service_area": "Service area (leave both empty for the whole authority)",
            "unit": "Unit (only if it is for one unit)",
        }
        error_messages = {
            "title": {"required": "Enter what the authority is doing"},
            "push_factor": _required("Select the push factor it acts against"),
            "status": _required("Select where it is up to"),
        }
        widgets = {
            "push_factor": forms.RadioSelect,
            "status": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_area"].queryset = ServiceArea.objects.order_by("name")
        self.fields["service_area"].empty_label = "Whole authority"
        self.fields["unit"].queryset = Unit.objects.active().order_by("name")
        self.fields["unit"].empty_label = "Not for one unit"
        self.fields["push_factor"].choices = PushFactor.choices
        self.fields["status"].choices = RetentionAction.Status.choices

    def clean(self):
        data = super().clean()
        area, unit = data.get("service_area"), data.get("unit")
        if area is not None and unit is not None and unit.service_area_id != area.pk:
            self.add_error("unit", "Choose a unit in the service area, or no unit")
        if unit is not None and area is None:
            data["service_area"] = None
        return data


# --- the pulse ----------------------------------------------------------------------------------------


class PulseForm(forms.Form):
    discrimination = forms.ChoiceField(
        label="In the last 3 months, have you experienced discrimination or racism at work?",
        choices=Discrimination.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select whether you have experienced discrimination or racism at work"),
    )
    push_factors = forms.MultipleChoiceField(
        label="What, if anything, makes you think about leaving? (optional)",
        choices=PushFactor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    pull_factors = forms.MultipleChoiceField(
        label="What keeps you working here? (optional)",
        choices=PullFactor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    comment = forms.CharField(
        label="Anything else you want the workforce lead to know? (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Please do not name anyone. Names are taken out before your comment is saved, and only "
        "the workforce lead reads comments.",
        error_messages={"max_length": "Your comment must be 1,000 characters or fewer"},
    )

    field_order = [name for name, _, _ in PULSE_STATEMENTS] + [
        "discrimination",
        "push_factors",
        "pull_factors",
        "comment",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, words, _ in PULSE_STATEMENTS:
            self.fields[name] = forms.ChoiceField(
                label=words,
                choices=AGREE_SCALE,
                widget=forms.RadioSelect,
                error_messages=_required(f"Select how much you agree that {words[0].lower()}{words[1:]}"),
            )
        self.order_fields(self.field_order)


class PulseRoundForm(forms.Form):
    title = forms.CharField(
        label="Name of the round",
        max_length=100,
        help_text="For example, 'Pulse: May 2026'",
        error_messages={
            "required": "Enter a name for the round",
            "max_length": "The name must be 100 characters or fewer",
        },
    )
    opens_on = date_field("Opens on", "date it opens")
    closes_on = date_field("Closes on", "date it closes")

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if PulseRound.objects.filter(title__iexact=title).exists():
            raise forms.ValidationError("There is already a round with this name")
        return title

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes:
            if closes < opens:
                self.add_error("closes_on", "The closing date must be on or after the opening date")
            elif PulseRound.objects.filter(opens_on__lte=closes, closes_on__gte=opens).exists():
                self.add_error("opens_on", "Another round is open on some of these dates: choose other dates")
        return data


# --- what people record themselves ---------------------------------------------------------------------


class EqualityForm(forms.Form):
    """Every question is optional, and each has "Prefer not to say"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, heading, choices in CHARACTERISTICS:
            self.fields[name] = forms.ChoiceField(
                label=f"{heading} (optional)",
                choices=choices.choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": f"Select an answer for {heading.lower()}"},
            )


class ExtraHoursForm(forms.Form):
    week_starting = date_field(
        "Week starting",
        "week",
        past_only=True,
        help_text="Any day of the week: we count it from the Monday. " + EXAMPLE_DATE,
    )
    hours = forms.DecimalField(
        label="Extra hours you worked that week",
        min_value=0.5,
        max_value=60,
        max_digits=4,
        decimal_places=1,
        help_text="Hours beyond your contract, like 3 or 4.5.",
        error_messages={
            "required": "Enter the extra hours you worked, like 3 or 4.5",
            "invalid": "Enter the extra hours as a number, like 3 or 4.5",
            "min_value": "Enter at least half an hour (0.5)",
            "max_value": "Enter 60 hours or fewer",
            "max_digits": "Enter the hours with up to one decimal place",
            "max_decimal_places": "Enter the hours with up to one decimal place",
        },
    )

    def clean_week_starting(self):
        day = self.cleaned_data["week_starting"]
        return day - datetime.timedelta(days=day.weekday())


class StaffFilterForm(forms.Form):
    q = forms.CharField(label="Name or reference", required=False, max_length=100)
    unit = forms.ModelChoiceField(
        label="Unit", queryset=Unit.objects.none(), required=False, empty_label="All units"
    )
    contract = forms.ChoiceField(label="Contract", required=False)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("in-post", "In post"), ("left", "Left"), ("all", "Everyone")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active().order_by("name")
        self.fields["contract"].choices = [("", "All contracts"), *Contract.choices]


class PostFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="Unit", queryset=Unit.objects.none(), required=False, empty_label="All units"
    )
    vacant = forms.BooleanField(label="Only posts with a vacancy", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.active().order_by("name")
