"""Forms for the practice framework and model and for co-design."""

from __future__ import annotations

from django import forms

from hearth.cases.forms.notes import DATE_FORMATS

from .models import INVITED_GROUPS, MAX_TEXT, PromptKind


def _text(
    label: str, what: str, help_text: str = "", rows: int = 4, required: bool = True, max_length=MAX_TEXT
):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
        error_messages={
            "required": f"Write {what}" if rows else f"Enter {what}",
            "max_length": f"{what[:1].upper()}{what[1:]} must be {max_length:,} characters or fewer",
        },
    )


def _date(label: str, what: str, help_text: str = "For example, 27/3/2027"):
    return forms.DateField(
        label=label,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a real date, like 27/3/2027",
        },
    )


# --- framework ------------------------------------------------------------------------------------


class SummaryForm(forms.Form):
    title = _text("Title", "a title", rows=0, max_length=300)
    framework_summary = _text(
        "Why we work this way (the practice framework)",
        "why we work this way",
        "The values and theory that underpin how every social worker works with families",
        rows=6,
    )
    model_summary = _text(
        "How we work (the practice model)",
        "how we work",
        "The skills and methods, how goals are set, how families solve problems",
        rows=6,
    )
    family_summary = _text(
        "The version for families and partners",
        "the version for families and partners",
        "In plain English, as you would say it to a parent or a young person. This is shown on a public page.",
        rows=6,
    )
    change_summary = _text(
        "What changed in this version",
        "what changed",
        "A sentence or two for staff. The page of changes lists every difference.",
        rows=3,
        required=False,
    )


class PrincipleForm(forms.Form):
    name = _text("Name", "the principle's name", "For example, Child-centred", rows=0, max_length=120)
    summary = _text("What it means", "what the principle means")
    theory = _text("The theory behind it", "the theory behind it")
    research = _text("The research and evidence", "the research and evidence")
    family_text = _text(
        "In plain English, for families and partners",
        "the principle in plain English",
        "Shown on the public page",
    )


class MethodForm(forms.Form):
    name = _text("Name", "the name of the skill or method", rows=0, max_length=120)
    description = _text("Description", "a description")


class _PrincipleChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class StatementForm(forms.Form):
    principle = _PrincipleChoice(
        label="Principle",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose a principle", "invalid_choice": "Choose a principle"},
    )
    text = _text(
        "What good looks like",
        "what good looks like",
        "One thing an auditor or a colleague could see in a child's record, for example 'The plan "
        "sets out goals the family chose, in their words.'",
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principle"].queryset = version.principles.order_by("order", "id")


class PromptForm(forms.Form):
    kind = forms.ChoiceField(
        label="Where is the question asked?",
        choices=PromptKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the question is asked"},
    )
    text = _text(
        "Question",
        "the question",
        "For example, 'What strengths does the family bring?'",
        rows=0,
        max_length=300,
    )
    principle = _PrincipleChoice(
        label="Principle it comes from (optional)",
        queryset=None,
        required=False,
        empty_label="None",
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principle"].queryset = version.principles.order_by("order", "id")


# --- co-design ------------------------------------------------------------------------------------


class RoundForm(forms.Form):
    title = _text("Title", "a title", "For example, 'Our purpose and vision 2027'", rows=0, max_length=300)
    question = _text(
        "What are you asking people?",
        "what you are asking people",
        "For example, 'What should our service be for, and what should families be able to expect?'",
    )
    draft_statement = _text("Draft statement", "the draft statement", "People comment on this", rows=6)
    closes_on = _date("Ideas close on", "the date ideas close")


class IdeaForm(forms.Form):
    text = _text(
        "Your idea", "your idea", "Every idea is shown the same way, without names or job titles", rows=5
    )
    anonymous = forms.BooleanField(
        label="Add my idea anonymously",
        required=False,
        help_text="Nothing kept will link the idea to you",
    )


class InvitedIdeaForm(forms.Form):
    text = _text(
        "Your idea",
        "your idea",
        "What should our children's services be for? What should children and families be able to "
        "expect from us? You do not need to give your name.",
        rows=6,
    )
    anonymous = forms.BooleanField(
        label="Send my idea anonymously",
        required=False,
        initial=True,
        help_text="Nothing we keep will link your idea to you or to this link",
    )


class CommentForm(forms.Form):
    text = _text("Comment", "your comment", rows=3)


class InvitationForm(forms.Form):
    group = forms.ChoiceField(
        label="Who is the link for?",
        choices=INVITED_GROUPS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the link is for"},
    )
    label = _text(
        "Describe it, without names",
        "a description",
        "For example, 'Children in care council, March' or 'Health visitors, north'",
        rows=0,
        max_length=120,
    )
    max_uses = forms.IntegerField(
        label="How many ideas can be sent with it?",
        help_text="1 for a link for one person; more for a group",
        initial=1,
        min_value=1,
        max_value=500,
        error_messages={
            "required": "Enter how many ideas can be sent with the link",
            "invalid": "Enter a whole number, like 1 or 20",
            "min_value": "The number of ideas must be between 1 and 500",
            "max_value": "The number of ideas must be between 1 and 500",
        },
    )
    expires_on = _date("The link stops working after", "the date the link stops working")


class OutcomeForm(forms.Form):
    """The final statement, and for each idea whether it shaped the statement and how."""

    final_statement = _text("Final statement", "the final statement", rows=8)

    def __init__(self, *args, ideas, **kwargs):
        super().__init__(*args, **kwargs)
        self.ideas = list(ideas)
        for n, idea in enumerate(self.ideas, start=1):
            self.fields[f"shaped_{idea.pk.hex}"] = forms.BooleanField(
                label=f"Idea {n} shaped the final statement", required=False
            )
            self.fields[f"note_{idea.pk.hex}"] = forms.CharField(
                label=f"How idea {n} shaped it (optional)",
                required=False,
                max_length=300,
                error_messages={"max_length": "How it shaped it must be 300 characters or fewer"},
            )
            if not self.is_bound:
                self.initial[f"shaped_{idea.pk.hex}"] = idea.shaped_statement
                self.initial[f"note_{idea.pk.hex}"] = idea.shaped_note

    def rows(self):
        return [(idea, self[f"shaped_{idea.pk.hex}"], self[f"note_{idea.pk.hex}"]) for idea in self.ideas]

    def shaped(self) -> dict:
        data = self.cleaned_data
        return {
            str(idea.pk): data.get(f"note_{idea.pk.hex}", "")
            for idea in self.ideas
            if data.get(f"shaped_{idea.pk.hex}")
        }
