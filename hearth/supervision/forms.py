"""Forms for supervision, observations and mentoring. Plain English messages; nothing typed is lost."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from .models import Frequency, Grade, ObservedSetting, PracticeCriterion

EXAMPLE_DATE = "For example, 27/03/2026"


def date_field(label: str, what: str, *, required=True, future=False, help_text=EXAMPLE_DATE):
    def not_in_future(value):
        if value > timezone.localdate():
            raise forms.ValidationError(f"The {what} must be today or in the past")

    return forms.DateField(
        label=label,
        help_text=help_text,
        required=required,
        validators=[] if future else [not_in_future],
        error_messages={
            "required": f"Enter the {what}",
            "invalid": f"Enter the {what} as a real date, like 27/03/2026",
        },
    )


def text_field(label: str, what: str, *, required=True, help_text="", rows=4, max_length=10000):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Write {what}",
            "max_length": f"{what[:1].upper()}{what[1:]} must be {max_length:,} characters or fewer",
        },
    )


def person_field(
    label: str, queryset, required_message: str, *, required=True, empty_label=None, help_text=""
):
    field = forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        required=required,
        empty_label=empty_label,
        help_text=help_text,
        error_messages={"required": required_message, "invalid_choice": "Choose a person from the list"},
    )
    field.label_from_instance = lambda person: person.full_name or person.email
    return field


FREQUENCY_CHOICES = [
    ("", "The usual frequency: every 2 weeks in the ASYE year, then every month"),
    *Frequency.choices,
]


class AgreementForm(forms.Form):
    supervisee = forms.ModelChoiceField(queryset=None)
    supervisor = forms.ModelChoiceField(queryset=None, required=False)
    frequency = forms.ChoiceField(
        label="How often",
        choices=FREQUENCY_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose how often from the list"},
    )
    asye_started_on = date_field(
        "ASYE start date (newly qualified social workers only)",
        "ASYE start date",
        required=False,
        help_text="Leave empty for everyone else. In their first year they are supervised every 2 weeks. "
        + EXAMPLE_DATE,
    )
    started_on = date_field("Date the agreement starts", "start date", future=True)

    def __init__(self, *args, supervisees, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisee"] = person_field(
            "Who is supervised", supervisees, "Choose who is supervised", empty_label="Choose a person"
        )
        self.fields["supervisor"] = person_field(
            "Supervisor",
            supervisors,
            "",
            required=False,
            empty_label="The usual supervisor",
            help_text="The usual supervisor is the unit's consultant social worker; for a consultant, the "
            "team manager.",
        )
        self.order_fields(["supervisee", "supervisor", "frequency", "asye_started_on", "started_on"])


class AgreementChangeForm(forms.Form):
    frequency = AgreementForm.base_fields["frequency"]
    asye_started_on = AgreementForm.base_fields["asye_started_on"]
    ended_on = date_field(
        "Date the agreement ends (optional)",
        "end date",
        required=False,
        future=True,
        help_text="Only when supervision stops, for example when the person leaves. " + EXAMPLE_DATE,
    )


class SessionForm(forms.Form):
    held_on = date_field("Date of supervision", "date of supervision")
    focus = text_field(
        "What did you reflect on together?",
        "what you reflected on together",
        help_text="Themes, learning and development, and how the worker's practice is growing. Cases come "
        "next, one at a time. Not a list of tasks.",
        rows=6,
    )
    wellbeing = text_field(
        "How is the worker?", "how the worker is", required=False, help_text="Workload, wellbeing, support."
    )
    private_text = text_field(
        "Private reflection (optional)",
        "the private reflection",
        required=False,
        help_text="Only you and the person you supervise will ever see this. It is not on any child's record, "
        "and their line manager cannot see it. Every time it is read, the audit log records who read it.",
        rows=5,
    )


class SessionChangeForm(forms.Form):
    """Correcting a supervision record after it was saved (by its supervisor). The private part and the
    children discussed have their own pages; `version` is the version the supervisor started from."""

    held_on = SessionForm.base_fields["held_on"]
    focus = SessionForm.base_fields["focus"]
    wellbeing = SessionForm.base_fields["wellbeing"]
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class GroupSessionForm(SessionForm):
    supervisees = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Who took part",
        widget=forms.CheckboxSelectMultiple,
        help_text="Select everyone who took part. Each can add their own reflections afterwards.",
        error_messages={
            "required": "Select at least two people who took part",
            "invalid_choice": "Select people from the list",
            "invalid_pk_value": "Select people from the list",
        },
    )

    def __init__(self, *args, supervisees, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["private_text"]
        self.fields["supervisees"].queryset = supervisees
        self.fields["supervisees"].label_from_instance = lambda person: person.full_name
        self.order_fields(["supervisees", "held_on", "focus", "wellbeing"])

    def clean_supervisees(self):
        people = list(self.cleaned_data["supervisees"])
        if len(people) < 2:
            raise forms.ValidationError("Select at least two people who took part")
        return people


PROMPTS = [
    (
        "what_is_happening",
        "What is happening?",
        "Your understanding of what is happening for the child and family.",
    ),
    ("evidence", "What is the evidence?", "What you have seen and heard, and from whom."),
    ("other_explanations", "What else could explain it?", "Other hypotheses: what would tell them apart?"),
    (
        "effect_on_worker",
        "How is this affecting you?",
        "Your feelings and reactions, and how they may shape your view.",
    ),
    ("what_to_try", "What will you try?", "Ideas to test with the family."),
]


class CaseDiscussionForm(forms.Form):
    child = forms.ModelChoiceField(queryset=None)
    brought_by = forms.ModelChoiceField(queryset=None)
    decision = text_field(
        "Decision agreed (optional)",
        "the decision agreed",
        required=False,
        help_text="What you agreed will happen. This goes on the child's chronology, where everyone working "
        "with the child sees it. The reflection above does not.",
        rows=3,
        max_length=2000,
    )

    def __init__(self, *args, children, supervisees, **kwargs):
        super().__init__(*args, **kwargs)
        child = forms.ModelChoiceField(
            label="Which child?",
            queryset=children,
            empty_label="Choose a child",
            help_text="Children of the units of the people in this supervision.",
            error_messages={
                "required": "Choose the child you discussed",
                "invalid_choice": "Choose a child from the list",
            },
        )
        child.label_from_instance = lambda c: f"{c.full_name} ({c.la_child_id})"
        self.fields["child"] = child
        if len(supervisees) == 1:
            self.fields["brought_by"] = forms.ModelChoiceField(
                queryset=supervisees, initial=supervisees[0].pk, required=False, widget=forms.HiddenInput
            )
            self._single = supervisees[0]
        else:
            self.fields["brought_by"] = person_field(
                "Whose case is it?", supervisees, "Choose whose case it is", empty_label="Choose a person"
            )
            self._single = None
        for name, label, hint in PROMPTS:
            self.fields[name] = text_field(
                label,
                f"an answer to ‘{label}’" if name == "what_is_happening" else label.lower(),
                required=name == "what_is_happening",
                help_text=hint,
                rows=3,
            )
        self.order_fields(["child", "brought_by", *[p[0] for p in PROMPTS], "decision"])

    def clean_brought_by(self):
        return self._single if self._single is not None else self.cleaned_data["brought_by"]

    def clean(self):
        data = super().clean()
        child, person = data.get("child"), data.get("brought_by")
        if child is not None and person is not None:
            from hearth.people.models import Child

            if not Child.objects.visible_to(person).filter(pk=child.pk).exists():
                self.add_error(
                    "child", f"{person.full_name} cannot see this child's record: choose another child"
                )
        return data

    def prompts(self) -> dict:
        return {name: self.cleaned_data[name] for name, _, _ in PROMPTS}


class ReflectionsForm(forms.Form):
    own_reflections = text_field(
        "Your own reflections",
        "your reflections",
        required=False,
        help_text="What you are taking away from supervision. Your supervisor and your line manager can see this.",
        rows=6,
    )
    private_text = text_field(
        "Private reflection (optional)",
        "your private reflection",
        required=False,
        help_text="Only you and your supervisor will ever see this: not your line manager, and never the "
        "child's record. Every time it is read, the audit log records who read it.",
        rows=5,
    )


class ObservationForm(forms.Form):
    observed = forms.ModelChoiceField(queryset=None)
    observed_on = date_field("Date of the observation", "date of the observation")
    setting = forms.ChoiceField(
        label="What did you observe?",
        choices=ObservedSetting.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you observed"},
    )
    context = text_field(
        "About the visit or meeting",
        "about the visit or meeting",
        help_text="Briefly, what happened. Do not write the child's full name: the visit itself is recorded on "
        "the child's case.",
        rows=3,
        max_length=2000,
    )
    summary = text_field("Overall feedback", "your overall feedback", rows=5)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observed"] = person_field(
            "Whose practice did you observe?",
            people,
            "Choose whose practice you observed",
            empty_label="Choose a person",
        )
        for criterion in PracticeCriterion:
            self.fields[f"grade_{criterion.value}"] = forms.ChoiceField(
                label=f"{criterion.label}: grade",
                choices=[("", "Not observed"), *Grade.choices],
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose a grade from the list"},
            )
            self.fields[f"comments_{criterion.value}"] = text_field(
                f"{criterion.label}: comments",
                f"comments on {criterion.label.lower()}",
                required=False,
                rows=2,
                max_length=3000,
            )
        self.order_fields(["observed", "observed_on", "setting", "context"])

    def criteria_rows(self):
        return [
            {"criterion": c, "grade": self[f"grade_{c.value}"], "comments": self[f"comments_{c.value}"]}
            for c in PracticeCriterion
        ]

    def clean(self):
        data = super().clean()
        graded = False
        for criterion in PracticeCriterion:
            grade, comments = data.get(f"grade_{criterion.value}"), data.get(f"comments_{criterion.value}")
            if grade:
                graded = True
            elif comments:
                self.add_error(
                    f"grade_{criterion.value}",
                    f"Choose a grade for {criterion.label.lower()}, or remove the comments",
                )
        if not graded and not self.errors:
            self.add_error(
                f"grade_{PracticeCriterion.RELATIONSHIP.value}",
                "Grade at least one part of the practice model",
            )
        return data

    def ratings(self) -> list[tuple[str, str, str]]:
        return [
            (c.value, self.cleaned_data[f"grade_{c.value}"], self.cleaned_data[f"comments_{c.value}"])
            for c in PracticeCriterion
            if self.cleaned_data.get(f"grade_{c.value}")
        ]


class ObservationResponseForm(forms.Form):
    response = text_field(
        "Your response",
        "your response",
        help_text="What you think of the feedback and what you will take from it. The observer and your line "
        "manager can see it.",
        rows=5,
    )


class MentoringForm(forms.Form):
    mentee = forms.ModelChoiceField(queryset=None)
    started_on = date_field("Date mentoring started", "start date")
    goals = text_field(
        "Goals you have agreed together",
        "at least one goal you have agreed together",
        help_text="One goal on each line, for example ‘Lead a family group conference’.",
        rows=5,
        max_length=5000,
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"] = person_field(
            "Who are you mentoring?", people, "Choose who you are mentoring", empty_label="Choose a person"
        )
        self.order_fields(["mentee", "started_on", "goals"])

    def goal_lines(self) -> list[str]:
        return [
            line.strip(" -•\t") for line in self.cleaned_data["goals"].splitlines() if line.strip(" -•\t")
        ]

    def clean_goals(self):
        goals = self.cleaned_data["goals"]
        if any(len(line.strip()) > 500 for line in goals.splitlines()):
            raise forms.ValidationError("Each goal must be 500 characters or fewer")
        return goals


class MentoringNoteForm(forms.Form):
    written_on = date_field("Date", "date")
    text = text_field(
        "Progress",
        "the progress made",
        help_text="What has changed, what you talked about, what is next.",
        rows=5,
    )
    achieved = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label="Goals achieved",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select goals from the list",
            "invalid_pk_value": "Select goals from the list",
        },
    )

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["achieved"].queryset = goals
        self.fields["achieved"].label_from_instance = lambda goal: goal.text
        if not goals.exists():
            del self.fields["achieved"]
