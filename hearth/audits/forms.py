"""Forms for quality assurance audits."""

from __future__ import annotations

from django import forms

from hearth.cases.forms.notes import DATE_FORMATS
from hearth.organisation.models import Unit

from .models import MAX_TEXT, AuditTool, EpisodeKind, SampleMethod, Theme
from .services import MAX_SAMPLE


def _text(label: str, what: str, help_text: str = "", rows: int = 4, required: bool = True):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Write {what}",
            "max_length": f"{what[:1].upper()}{what[1:]} must be {MAX_TEXT:,} characters or fewer",
        },
    )


def _date(label: str, what: str):
    return forms.DateField(
        label=label,
        help_text="For example, 27/3/2026",
        input_formats=DATE_FORMATS,
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a real date, like 27/3/2026",
        },
    )


def _person(label: str, queryset, what: str, required: bool = True):
    field = forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        required=required,
        empty_label="Nobody" if not required else "Choose a person",
        error_messages={"required": f"Choose {what}", "invalid_choice": f"Choose {what} from the list"},
    )
    field.label_from_instance = lambda user: user.full_name or user.email
    return field


class ToolForm(forms.Form):
    name = forms.CharField(
        label="Name of the tool", max_length=150, error_messages={"required": "Write a name for the tool"}
    )
    description = _text("What the tool is for", "what the tool is for", required=False, rows=3)
    statements = forms.MultipleChoiceField(
        label="What good looks like",
        help_text="The statements of the current practice model the audit grades. Their words are copied "
        "into the tool, so audits keep them when the model changes.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one statement of what good looks like"},
    )
    scale = _text(
        "Grading scale",
        "the grading scale",
        "Leave empty for outstanding, good, requires improvement, inadequate. Or write your own: one grade "
        "a line, best first, with * after each grade that meets the standard.",
        rows=4,
        required=False,
    )

    def __init__(self, *args, statements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statements"].choices = [(s.key, f"{s.principle}: {s.text}") for s in statements]


class ProgrammeForm(forms.Form):
    name = forms.CharField(
        label="Name of the programme",
        max_length=150,
        help_text="For example, Quarterly case audit, January to March",
        error_messages={"required": "Write a name for the programme"},
    )
    tool = forms.ModelChoiceField(
        label="Audit tool",
        queryset=AuditTool.objects.order_by("name"),
        empty_label="Choose a tool",
        error_messages={"required": "Choose the audit tool", "invalid_choice": "Choose a tool from the list"},
    )
    starts_on = _date("Starts on", "the date the programme starts")
    ends_on = _date("Ends on", "the date the programme ends")
    method = forms.ChoiceField(
        label="How are cases chosen?",
        choices=SampleMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how cases are chosen"},
    )
    unit = forms.ModelChoiceField(
        label="Unit (for a random sample)",
        queryset=Unit.objects.active().order_by("name"),
        required=False,
        empty_label="Every unit",
    )
    episode_kind = forms.ChoiceField(
        label="Kind of case (for a random sample)",
        choices=[("", "Any open case"), *EpisodeKind.choices],
        required=False,
    )
    theme = forms.ChoiceField(
        label="Theme (for a themed audit)", choices=[("", "No theme"), *Theme.choices], required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be the same as or after the start date")
        if data.get("method") == SampleMethod.THEMED and not data.get("theme"):
            self.add_error("theme", "Choose the theme of the audits")
        return data


class DrawForm(forms.Form):
    size = forms.IntegerField(
        label="How many cases?",
        min_value=1,
        max_value=MAX_SAMPLE,
        error_messages={
            "required": "Enter how many cases to draw",
            "invalid": "Enter how many cases to draw as a number, like 10",
            "min_value": f"Choose between 1 and {MAX_SAMPLE} cases",
            "max_value": f"Choose between 1 and {MAX_SAMPLE} cases",
        },
    )


class AssignForm(forms.Form):
    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditor"] = _person("Auditor", people, "who will audit the case")
        self.fields["moderator"] = _person("Moderator", people, "who will moderate the audit", required=False)

    def clean(self):
        data = super().clean()
        if data.get("auditor") and data.get("moderator") and data["auditor"] == data["moderator"]:
            self.add_error("moderator", "The moderator must be a different person from the auditor")
        return data


class GradesForm(forms.Form):
    """A grade and evidence for each criterion, the overall grade and what the audit found."""

    def __init__(self, *args, tool: AuditTool, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        choices = tool.grade_choices()
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"grade_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.text,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose a grade from the scale"},
            )
            self.fields[f"evidence_{criterion.pk}"] = _text(
                "Evidence", "the evidence", "What in the record and the conversation shows this", 3, False
            )
        self.fields["overall"] = forms.ChoiceField(
            label="Overall grade",
            choices=choices,
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": "Choose a grade from the scale"},
        )
        self.fields["findings"] = _text(
            "What the audit found",
            "what the audit found",
            "What is working well, what needs to change and why, in words the worker agreed",
            5,
            False,
        )

    def grades(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            c.pk: (data.get(f"grade_{c.pk}", ""), data.get(f"evidence_{c.pk}", "")) for c in self.criteria
        }

    def rows(self):
        return [(c, self[f"grade_{c.pk}"], self[f"evidence_{c.pk}"]) for c in self.criteria]


class ReflectionsForm(forms.Form):
    reflections = _text(
        "The worker's reflections",
        "the worker's reflections",
        "What the worker thinks went well, what they would do differently and what would help them",
        5,
    )


class FamilyViewForm(forms.Form):
    GATHERED, NOT_GATHERED = "gathered", "not-gathered"
    gathered = forms.ChoiceField(
        label="Was the family's view gathered?",
        choices=[(GATHERED, "Yes"), (NOT_GATHERED, "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the family's view was gathered"},
    )
    family_view = _text(
        "What the family said, or why their view was not gathered",
        "what the family said, or why their view was not gathered",
        rows=4,
    )


class ModerateForm(forms.Form):
    AGREE, CHANGE = "agree", "change"
    decision = forms.ChoiceField(
        label="Do you agree the grade?",
        choices=[(AGREE, "Yes, the grade stands"), (CHANGE, "No, the grade changes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you agree the grade"},
    )

    def __init__(self, *args, tool: AuditTool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"] = forms.ChoiceField(
            label="The grade it should have",
            choices=[("", "Choose a grade"), *tool.grade_choices()],
            required=False,
        )
        self.fields["reason"] = _text(
            "Why the grade changes", "why the grade changes", "The auditor and the worker see this", 3, False
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.CHANGE:
            if not data.get("grade"):
                self.add_error("grade", "Choose the grade the audit should have")
            if not data.get("reason"):
                self.add_error("reason", "Write why the grade changes")
        return data


class ActionForm(forms.Form):
    text = _text("What needs to happen", "what needs to happen", rows=3)
    due_on = _date("Due by", "the date it is due by")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _person("Who will do it", people, "who will do it")
        self.order_fields(["text", "owner", "due_on"])


class ActionDoneForm(forms.Form):
    note = _text("What was done", "what was done", rows=2)
