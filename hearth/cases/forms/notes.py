"""Forms for notes (record once, for several children), their edits, drafts and the chronology filters."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils import timezone

from ..models import EventKind, NoteKind
from ..services.notes import NoteData

DATE_FORMATS = [
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %m %Y",
    "%Y-%m-%d",
    "%d %B %Y",
    "%d %b %Y",
]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M", "%I:%M%p", "%I:%M %p", "%I.%M%p", "%I.%M %p", "%I%p", "%I %p"]

#: Fields a draft may hold: anything else posted to the draft endpoint is dropped.
_DRAFT_FIELD = re.compile(
    r"(kind|occurred_on|occurred_time|title|body|present|children|is_key_event|version|seen_\d{1,18}|seen_alone_\d{1,18})"
)


def draft_data_from(post) -> dict[str, list[str]]:
    """The form's fields, as posted (lists of strings), ready to keep as a draft."""
    return {name: post.getlist(name) for name in post if _DRAFT_FIELD.fullmatch(name)}


class TimeOfDayField(forms.TimeField):
    """A time typed as people write it: 14:30, 2:30pm, 2pm, 9.15am."""

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"\s+", " ", value.strip().lower().replace("noon", "pm").replace("midday", "pm"))
            value = value.replace("a.m.", "am").replace("p.m.", "pm")
        return super().to_python(value)


class NoteFieldsForm(forms.Form):
    """What every note has: kind, when, title, the note itself and who was there."""

    kind = forms.ChoiceField(
        label="What kind of note is this?",
        choices=NoteKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of note this is"},
    )
    occurred_on = forms.DateField(
        label="Date",
        help_text="For example, 27/3/2026",
        input_formats=DATE_FORMATS,
        error_messages={
            "required": "Enter the date it happened",
            "invalid": "Enter a real date, like 27/3/2026",
        },
    )
    occurred_time = TimeOfDayField(
        label="Time",
        help_text="For example, 14:30 or 2:30pm",
        input_formats=TIME_FORMATS,
        error_messages={
            "required": "Enter the time it happened",
            "invalid": "Enter a real time, like 14:30 or 2:30pm",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="A few words to find it by on the chronology, like ‘Home visit after school’",
        error_messages={
            "required": "Enter a title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    body = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=40_000,
        error_messages={
            "required": "Enter the note",
            "max_length": "The note must be 40,000 characters or fewer",
        },
    )
    present = forms.CharField(
        label="Who was present (optional)",
        max_length=500,
        required=False,
        help_text="For example, ‘Mum (Sarah), both children, Sarah’s partner’",
        error_messages={"max_length": "Who was present must be 500 characters or fewer"},
    )

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("occurred_on"), cleaned.get("occurred_time")
        if day and time:
            occurred_at = timezone.make_aware(datetime.datetime.combine(day, time))
            if day > timezone.localdate():
                self.add_error("occurred_on", "The date must be today or in the past")
            elif occurred_at > timezone.now():
                self.add_error("occurred_time", "The time must be now or in the past")
            else:
                cleaned["occurred_at"] = occurred_at
        return cleaned

    @classmethod
    def initial_from_draft(cls, data: dict) -> dict:
        """Initial values from a draft's data (lists of strings, as posted)."""
        initial = {}
        for name, values in (data or {}).items():
            if not isinstance(values, list):
                values = [values]
            if name == "children":
                initial[name] = [str(v) for v in values]
            elif name.startswith("seen_") or name == "is_key_event":
                initial[name] = bool(values) and values[0] not in ("", "false", "0")
            else:
                initial[name] = str(values[0]) if values else ""
        return initial

    @staticmethod
    def initial_from_note(note) -> dict:
        local = timezone.localtime(note.occurred_at)
        return {
            "kind": note.kind,
            "occurred_on": local.strftime("%-d/%-m/%Y"),
            "occurred_time": local.strftime("%H:%M"),
            "title": note.title,
            "body": note.body,
            "present": note.present,
            "version": note.version,
        }


class NoteForm(NoteFieldsForm):
    """A new note, about the child and any of their siblings or household children (record once)."""

    children = forms.MultipleChoiceField(
        label="Which children is this note about?",
        help_text="Select all that apply. The note goes on each child’s chronology.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one child the note is about",
            "invalid_choice": "Select only children from the list: you can record only on children your units work with",
        },
    )
    is_key_event = forms.BooleanField(label="Show this as a key event on the chronology", required=False)

    def __init__(self, *args, child, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        self.candidates = {c.pk: c for c in candidates}
        self.fields["children"].choices = [(str(c.pk), c.full_name) for c in candidates]
        for c in candidates:
            self.fields[f"seen_{c.pk}"] = forms.BooleanField(label=f"{c.first_name} was seen", required=False)
            self.fields[f"seen_alone_{c.pk}"] = forms.BooleanField(
                label=f"{c.first_name} was seen alone", required=False
            )
        # The order of the page (and of the error summary): each child's "seen" right after the children.
        seen = [name for c in candidates for name in (f"seen_{c.pk}", f"seen_alone_{c.pk}")]
        self.order_fields(
            ["kind", "occurred_on", "occurred_time", "children", *seen, "title", "body", "present"]
        )

    def clean_children(self):
        return [self.candidates[int(pk)] for pk in self.cleaned_data["children"]]

    def clean(self):
        cleaned = super().clean()
        for child in cleaned.get("children") or []:
            if cleaned.get(f"seen_alone_{child.pk}") and not cleaned.get(f"seen_{child.pk}"):
                self.add_error(
                    f"seen_alone_{child.pk}",
                    f"If {child.first_name} was seen alone, select ‘{child.first_name} was seen’ too",
                )
        return cleaned

    def child_rows(self) -> list[dict]:
        """One row per child who can be chosen, for the template: checked or not, and their fields."""
        chosen = {str(v) for v in (self["children"].value() or [])}
        rows = []
        for index, c in enumerate(self.candidates.values(), start=1):
            rows.append(
                {
                    "child": c,
                    "value": str(c.pk),
                    "input_id": self["children"].auto_id
                    if index == 1
                    else f"{self['children'].auto_id}-{index}",
                    "checked": str(c.pk) in chosen,
                    "is_this_child": c.pk == self.child.pk,
                    "seen": self[f"seen_{c.pk}"],
                    "seen_alone": self[f"seen_alone_{c.pk}"],
                }
            )
        return rows

    def note_data(self, *, final: bool) -> NoteData:
        data = self.cleaned_data
        return NoteData(
            kind=data["kind"],
            occurred_at=data["occurred_at"],
            title=data["title"].strip(),
            body=data["body"],
            present=data["present"].strip(),
            seen={
                c.pk: (bool(data.get(f"seen_{c.pk}")), bool(data.get(f"seen_alone_{c.pk}")))
                for c in data["children"]
            },
            is_key_event=data["is_key_event"],
            final=final,
        )


class NoteEditForm(NoteFieldsForm):
    """Changes to a note. `version` is the version the person started from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def note_data(self) -> NoteData:
        data = self.cleaned_data
        return NoteData(
            kind=data["kind"],
            occurred_at=data["occurred_at"],
            title=data["title"].strip(),
            body=data["body"],
            present=data["present"].strip(),
        )


class NoteChildrenForm(forms.Form):
    """Which children a saved note is about: add a brother or sister, or take a child off (at least one
    stays). Children added can be marked seen. `version` is the note's version when the page was opened."""

    children = forms.MultipleChoiceField(
        label="Which children is this note about?",
        help_text="Select a child to add the note to their chronology; unselect a child to take it off theirs.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one child: a note must be about at least one child",
            "invalid_choice": "Select only children from the list: you can record only on children your units "
            "work with",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, candidates, current_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {c.pk: c for c in candidates}
        self.current_ids = set(current_ids)
        self.fields["children"].choices = [(str(c.pk), c.full_name) for c in candidates]
        self.fields["version"].error_messages["required"] = "This page is out of date. Open it again"
        for c in self.new_candidates:
            self.fields[f"seen_{c.pk}"] = forms.BooleanField(label=f"{c.first_name} was seen", required=False)
            self.fields[f"seen_alone_{c.pk}"] = forms.BooleanField(
                label=f"{c.first_name} was seen alone", required=False
            )

    @property
    def new_candidates(self) -> list:
        return [c for pk, c in self.candidates.items() if pk not in self.current_ids]

    def clean_children(self):
        return [self.candidates[int(pk)] for pk in self.cleaned_data["children"]]

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("children")
        if chosen is None:
            return cleaned
        for child in chosen:
            if cleaned.get(f"seen_alone_{child.pk}") and not cleaned.get(f"seen_{child.pk}"):
                self.add_error(
                    f"seen_alone_{child.pk}",
                    f"If {child.first_name} was seen alone, select ‘{child.first_name} was seen’ too",
                )
        if not self.to_add() and not self.to_remove():
            self.add_error(
                "children", "Nothing has changed: select a child to add, or unselect one to take off the note"
            )
        return cleaned

    def to_add(self) -> list:
        return [c for c in self.cleaned_data.get("children") or [] if c.pk not in self.current_ids]

    def to_remove(self) -> list:
        chosen = {c.pk for c in self.cleaned_data.get("children") or []}
        return [c for pk, c in self.candidates.items() if pk in self.current_ids and pk not in chosen]

    def seen(self) -> dict[int, tuple[bool, bool]]:
        data = self.cleaned_data
        return {
            c.pk: (bool(data.get(f"seen_{c.pk}")), bool(data.get(f"seen_alone_{c.pk}")))
            for c in self.to_add()
        }

    def child_rows(self, links) -> list[dict]:
        """One row per child who can be chosen: checked or not, on the note now (seen or not), and the
        "seen" fields of a child not on it yet."""
        chosen = {str(v) for v in (self["children"].value() or [])}
        rows = []
        for index, c in enumerate(self.candidates.values(), start=1):
            on_note = c.pk in self.current_ids
            link = links.get(c.pk)
            rows.append(
                {
                    "child": c,
                    "value": str(c.pk),
                    "input_id": self["children"].auto_id
                    if index == 1
                    else f"{self['children'].auto_id}-{index}",
                    "checked": str(c.pk) in chosen,
                    "on_note": on_note,
                    "was_seen": bool(link and link.seen),
                    "was_seen_alone": bool(link and link.seen_alone),
                    "seen": None if on_note else self[f"seen_{c.pk}"],
                    "seen_alone": None if on_note else self[f"seen_alone_{c.pk}"],
                }
            )
        return rows


class ChronologyFilterForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Kind of event",
        choices=EventKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select kinds of event from the list"},
    )
    date_from = forms.DateField(
        label="From",
        help_text="For example, 1/1/2025",
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={"invalid": "Enter a real date for ‘from’, like 1/1/2025"},
    )
    date_to = forms.DateField(
        label="To",
        help_text="For example, 31/12/2025",
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={"invalid": "Enter a real date for ‘to’, like 31/12/2025"},
    )
    key_events = forms.BooleanField(label="Key events only", required=False)
    order = forms.ChoiceField(
        choices=[("newest", "Newest first"), ("oldest", "Oldest first")],
        required=False,
        widget=forms.HiddenInput,
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return cleaned

    def filters(self):
        """The filters to apply: none of a field with an error (the page says what is wrong)."""
        from ..selectors.chronology import ChronologyFilters

        if not self.is_bound:
            return ChronologyFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ChronologyFilters(
            kinds=tuple(data.get("kinds") or ()),
            date_from=None
            if self.has_error("date_from") or self.has_error("date_to")
            else data.get("date_from"),
            date_to=None if self.has_error("date_to") else data.get("date_to"),
            key_events_only=bool(data.get("key_events")),
            oldest_first=data.get("order") == "oldest",
        )
