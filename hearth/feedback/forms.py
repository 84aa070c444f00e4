"""Forms for feedback: sending a link, the public form (two versions), typing a code, recording feedback
and marking a response."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from hearth.cases.forms.notes import DATE_FORMATS

from .models import MAX_TEXT, RECORDED_KINDS, FormVersion, Listened, Recipient


def _text(label: str, what: str, help_text: str = "", rows: int = 4, required: bool = True):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Write {what}",
            "max_length": f"Please make this shorter: up to {MAX_TEXT:,} letters",
        },
    )


class InviteForm(forms.Form):
    recipient = forms.ChoiceField(
        label="Who is the link for?",
        choices=Recipient.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the link is for"},
    )
    version = forms.ChoiceField(
        label="Which form?",
        choices=FormVersion.choices,
        initial=FormVersion.STANDARD,
        widget=forms.RadioSelect,
        help_text="The form with faces uses fewer words. Anyone can switch forms when they open the link.",
        error_messages={"required": "Choose which form to send"},
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Your code",
        max_length=20,
        help_text="It has 8 letters and numbers, like ACDE-FG34. It is on the note your worker gave you.",
        error_messages={"required": "Type your code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )


LISTENED_WORDS = [
    (Listened.YES, "Yes"),
    (Listened.SOMETIMES, "Sometimes"),
    (Listened.NO, "No"),
    (Listened.NOT_SURE, "I am not sure"),
]
#: The faces scale: each face is a picture with its meaning in words beside it (the words are the label;
#: the face itself is hidden from screen readers).
FACES = [
    (Listened.YES, "😀", "Happy: yes, they listened"),
    (Listened.SOMETIMES, "😐", "In the middle: sometimes"),
    (Listened.NO, "🙁", "Sad: no, they did not listen"),
]


class GiveFeedbackForm(forms.Form):
    """The public form: every question may be left out, but at least one must be answered."""

    listened = forms.ChoiceField(
        label="Did your worker listen to you?",
        choices=LISTENED_WORDS,
        widget=forms.RadioSelect,
        required=False,
    )
    helped = _text("What helped?", "what helped", "Anything your worker or the team did", required=False)
    differently = _text("What should we do differently?", "what we should do differently", "", required=False)
    named = forms.BooleanField(
        label="Tell my worker it was me",
        required=False,
        help_text="If you do not tick this, we will not know who you are.",
    )
    name = forms.CharField(
        label="Your first name (if you want to tell us)",
        required=False,
        max_length=60,
        help_text="We only keep this if you tick “Tell my worker it was me”.",
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )

    def __init__(self, *args, younger: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.younger = younger
        if younger:
            self.fields["listened"].choices = [(value, words) for value, _face, words in FACES]
            self.fields["listened"].label = "Did your worker listen to you? Pick a face."
            self.fields["helped"].label = "What was good?"
            self.fields["helped"].help_text = ""
            self.fields["differently"].label = "What would make it better?"

    def faces(self) -> list[dict]:
        """The faces scale as the template draws it: a radio per face, its words as the label."""
        field = self["listened"]
        chosen = field.value()
        return [
            {
                "id": field.auto_id if i == 0 else f"{field.auto_id}-{i + 1}",
                "value": value,
                "face": face,
                "words": words,
                "checked": chosen == value,
            }
            for i, (value, face, words) in enumerate(FACES)
        ]

    def clean(self):
        data = super().clean()
        answered = [
            data.get("listened"),
            (data.get("helped") or "").strip(),
            (data.get("differently") or "").strip(),
        ]
        if not any(answered):
            raise forms.ValidationError("Answer at least one question, then press Send")
        return data


class RecordForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of feedback is it?",
        choices=[(k.value, k.label) for k in RECORDED_KINDS],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of feedback it is"},
    )
    said = _text("What was said?", "what was said", "In the person's words where you can")
    from_whom = forms.CharField(
        label="Who it is from (optional)",
        required=False,
        max_length=120,
        help_text="Leave empty to record it without a name, for example “a parent” or “a colleague”.",
    )
    received_on = forms.DateField(
        label="When was it given?",
        help_text="For example, 27/3/2026",
        input_formats=DATE_FORMATS,
        error_messages={
            "required": "Enter the date it was given",
            "invalid": "Enter the date it was given as a real date, like 27/3/2026",
        },
    )

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date it was given must be today or in the past")
        return day


class MarkForm(forms.Form):
    ACTED, NOT_ACTED = "acted", "not-acted"
    result = forms.ChoiceField(
        label="Did we act on it?",
        choices=[(ACTED, "Yes, we acted on it"), (NOT_ACTED, "No, we are not acting on it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether we acted on it"},
    )
    outcome = _text(
        "What we did, or why we are not acting on it", "what we did, or why we are not acting on it"
    )
    publish = forms.BooleanField(
        label="Publish on the unit's “you said, we did” page",
        required=False,
        help_text="Only for feedback we acted on. Write it in plain words with no names or details that "
        "could tell anyone who it is.",
    )
    you_said = _text("You said", "what people said", "For example: waiting for visits was hard", 2, False)
    we_did = _text("We did", "what we did", "For example: we now text the time of every visit", 2, False)
