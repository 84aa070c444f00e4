"""What the children's pages show, in words: dates, ages, tags and links (design.md §4.8).

Templates stay dumb: they get rows for summary lists and tags with their colours.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone

from hearth.core.presenters import date_in_words

from .codes import Restriction
from .permissions import Perm
from .selectors import ChildRecord

#: Three or more lead workers in a year is a sign of instability for the child.
LEAD_WORKER_CHANGES_WARNING = 3

#: Pages of other areas, linked when they exist (other apps add them) and the person may use them.
OTHER_AREAS = [
    ("cases:chronology", "Chronology"),
    ("cases:note-add", "Record a visit or note"),
    ("cases:episodes", "Episodes of help"),
    ("cases:plans", "Plans"),
    ("cases:allocate", "Change allocation"),
]


def age_in_words(child, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    if child.date_of_birth is None:
        if child.expected_date_of_birth:
            return f"Unborn (expected {date_in_words(child.expected_date_of_birth)})"
        return ""
    born = date_in_words(child.date_of_birth)
    if child.date_of_death:
        return f"Born {born}, died {date_in_words(child.date_of_death)}"
    age = child.age_on(today)
    if age == 0:
        months = (today.year - child.date_of_birth.year) * 12 + today.month - child.date_of_birth.month
        months -= today.day < child.date_of_birth.day
        unit = "month" if months == 1 else "months"
        return f"{months} {unit} old (born {born})"
    return f"{age} {'year' if age == 1 else 'years'} old (born {born})"


@dataclass
class Tag:
    text: str
    colour: str = ""


def link_if_usable(user, name: str, child) -> str:
    """The URL of another area's page for this child, if it exists and the person may use it.

    Other apps add these pages; until they do, there is no link. When the view declares a named
    permission, the link shows only to people who have it for this child.
    """
    try:
        url = reverse(name, args=[child.pk])
    except NoReverseMatch:
        return ""
    perm = getattr(resolve(url).func, "required_permission", None)
    if perm and perm != "signed-in" and not (user.has_perm(perm, child) or user.has_perm(perm)):
        return ""
    return url


class ChildPresenter:
    """A child's record as the page shows it."""

    def __init__(
        self, child, *, record: ChildRecord | None = None, user=None, lead_workers: int | None = None
    ):
        self.child = child
        self.record = record
        self.user = user
        self.lead_workers = lead_workers

    @property
    def name(self) -> str:
        return self.child.full_name

    @property
    def age(self) -> str:
        return age_in_words(self.child)

    @property
    def tags(self) -> list[Tag]:
        tags = []
        if self.child.restriction:
            tags.append(Tag(f"Restricted: {self.child.get_restriction_display().lower()}", "red"))
        if self.record is not None:
            if self.record.open_cp_plan:
                tags.append(Tag("Child protection plan", "red"))
            if self.record.open_looked_after:
                tags.append(Tag("Looked after", "purple"))
            if self.record.open_cin_plan:
                tags.append(Tag("Child in need plan", "blue"))
        if self.child.uasc:
            tags.append(Tag("UASC", "yellow"))
        return tags

    def summary_rows(self) -> list[dict]:
        c = self.child
        disabilities = (
            ", ".join(d.get_code_display() for d in self.record.disabilities) if self.record else ""
        )
        return [
            {"key": "LA child ID", "value": c.la_child_id},
            {"key": "Name", "value": c.full_name},
            {"key": "Other names", "value": c.other_names},
            {"key": "Unborn" if c.is_unborn else "Age", "value": self.age},
            {"key": "Sex", "value": c.get_sex_display()},
            {"key": "Gender identity", "value": c.gender_identity},
            {"key": "Ethnicity", "value": c.get_ethnicity_display()},
            {"key": "Unique pupil number (UPN)", "value": c.upn},
            {"key": "NHS number", "value": format_nhs_number(c.nhs_number)},
            {"key": "First language", "value": c.first_language},
            {"key": "Disabilities", "value": disabilities},
            {"key": "Unaccompanied asylum-seeking child", "value": "Yes" if c.uasc else "No"},
            {"key": "Last changed", "value": date_in_words(c.updated_at)},
        ]

    @property
    def lead_workers_text(self) -> str:
        n = self.lead_workers or 0
        return f"{n} different lead {'worker' if n == 1 else 'workers'} in the last 12 months"

    @property
    def lead_workers_warning(self) -> bool:
        return (self.lead_workers or 0) >= LEAD_WORKER_CHANGES_WARNING

    def episode_rows(self) -> list[dict]:
        r = self.record
        rows = []
        if r.open_referral:
            rows.append(
                {
                    "key": "Episode of help",
                    "value": f"Open since referral on {date_in_words(r.open_referral.cin_referral_date)} "
                    f"({r.open_referral.get_primary_need_code_display()})",
                }
            )
        if r.open_cp_plan:
            rows.append(
                {
                    "key": "Child protection plan",
                    "value": f"Since {date_in_words(r.open_cp_plan.cpp_start_date)}, category: "
                    f"{r.open_cp_plan.get_latest_category_of_abuse_display().lower()}",
                }
            )
        if r.open_cin_plan:
            rows.append(
                {
                    "key": "Child in need plan",
                    "value": f"Since {date_in_words(r.open_cin_plan.cin_plan_start_date)}",
                }
            )
        if r.open_looked_after:
            rows.append(
                {
                    "key": "Looked after",
                    "value": f"Since {date_in_words(r.open_looked_after.decom)}: "
                    f"{r.open_looked_after.get_legal_status_display()}",
                }
            )
        return rows

    def relationships(self) -> list[dict]:
        """Adults and children in the child's life; another child's name only if the viewer may see them."""
        rows = []
        for rel in self.record.relationships:
            person = rel.other_person
            row = {"kind": rel.get_kind_display(), "pr": rel.parental_responsibility, "url": "", "name": ""}
            if rel.other_is_child:
                if person.pk in self.record.visible_child_ids:
                    row["name"] = person.full_name
                    row["url"] = person.get_absolute_url()
                    row["detail"] = age_in_words(person)
                else:
                    row["hidden"] = True
            else:
                row["name"] = str(person)
                row["detail"] = f"Born {date_in_words(person.date_of_birth)}" if person.date_of_birth else ""
                row["phone"] = person.phone
            rows.append(row)
        rows.sort(key=lambda row: "hidden" in row)  # adults and visible children first
        return rows

    @cached_property
    def can_edit(self) -> bool:
        return bool(self.user and self.user.has_perm(Perm.EDIT_CHILD, self.child))

    def households(self) -> list[dict]:
        rows = []
        for household in self.record.households:
            children = []
            hidden = 0
            for other in household.children.all():
                if other.pk == self.child.pk:
                    continue
                if other.pk in self.record.visible_child_ids:
                    children.append({"name": other.full_name, "url": other.get_absolute_url()})
                else:
                    hidden += 1
            rows.append(
                {
                    "name": household.name,
                    "adults": [str(a) for a in household.adults.all()],
                    "children": children,
                    "hidden_children": hidden,
                    "url": reverse("people:household", args=[self.child.pk, household.pk])
                    if self.can_edit
                    else "",
                }
            )
        return rows

    def addresses(self) -> list[dict]:
        return [
            {
                "address": ", ".join(p for p in (a.line_1, a.line_2, a.town, a.postcode) if p),
                "from": date_in_words(a.started_on),
                "to": date_in_words(a.ended_on) if a.ended_on else "Now",
                "current": a.ended_on is None,
                "end_url": reverse("people:address-end", args=[self.child.pk, a.pk])
                if a.ended_on is None and self.can_edit
                else "",
            }
            for a in self.record.addresses
        ]

    @property
    def has_current_address(self) -> bool:
        return any(a.ended_on is None for a in self.record.addresses)

    def links(self) -> list[dict]:
        links = [
            {"url": url, "text": text}
            for name, text in OTHER_AREAS
            if (url := link_if_usable(self.user, name, self.child))
        ]
        user, child = self.user, self.child
        if self.can_edit:
            links.append({"url": reverse("people:child-edit", args=[child.pk]), "text": "Change details"})
            links.append(
                {"url": reverse("people:relationship-add", args=[child.pk]), "text": "Add a relationship"}
            )
            links.append(
                {"url": reverse("people:address-add", args=[child.pk]), "text": "Record a new address"}
            )
            links.append({"url": reverse("people:household-add", args=[child.pk]), "text": "Add a household"})
        if user.has_perm(Perm.MANAGE_RESTRICTION, child):
            links.append({"url": reverse("people:restriction", args=[child.pk]), "text": "Restriction"})
        return links


def format_nhs_number(number: str) -> str:
    """943 476 5919, as the NHS writes it."""
    if len(number) != 10:
        return number
    return f"{number[:3]} {number[3:6]} {number[6:]}"


def restriction_in_words(value: str) -> str:
    return Restriction(value).label if value in Restriction.values else value


#: Labels of the fields compared when an edit clashes with someone else's change.
FIELD_LABELS = {
    "la_child_id": "LA child ID",
    "first_name": "First name",
    "last_name": "Last name",
    "other_names": "Other names",
    "date_of_birth": "Date of birth",
    "expected_date_of_birth": "Expected date of birth",
    "sex": "Sex",
    "gender_identity": "Gender identity",
    "ethnicity": "Ethnicity",
    "upn": "UPN",
    "nhs_number": "NHS number",
    "first_language": "First language",
    "uasc": "Unaccompanied asylum-seeking child",
    "disabilities": "Disabilities",
}


def _value_in_words(form_field, value) -> str:
    if value in (None, "", [], ()):
        return "Not recorded"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return date_in_words(value)
    choices = dict(getattr(form_field, "choices", []) or [])
    if isinstance(value, list | tuple | set):
        return ", ".join(str(choices.get(v, v)) for v in sorted(value))
    return str(choices.get(value, value))


def conflict_rows(form, current, current_disabilities) -> list[dict]:
    """Where the person's version differs from the record as it is now: label, theirs, current."""
    rows = []
    for name, label in FIELD_LABELS.items():
        theirs = form.cleaned_data.get(name)
        now = [d.code for d in current_disabilities] if name == "disabilities" else getattr(current, name)
        if name == "disabilities":
            differs = set(theirs or ()) != set(now)
        else:
            differs = (theirs or None) != (now or None)
        if differs:
            field = form.fields[name]
            rows.append(
                {
                    "label": label,
                    "theirs": _value_in_words(field, theirs),
                    "current": _value_in_words(field, now),
                }
            )
    return rows


def answer_rows(form) -> list[dict]:
    """What the person typed, check-answers style (the duplicate check page)."""
    data = form.cleaned_data
    rows = []
    for name in (
        "first_name",
        "last_name",
        "other_names",
        "date_of_birth",
        "expected_date_of_birth",
        "sex",
        "ethnicity",
        "upn",
        "nhs_number",
        "la_child_id",
    ):
        value = data.get(name)
        if name == "expected_date_of_birth" and not value:
            continue
        label = FIELD_LABELS[name] if name != "la_child_id" else "LA child ID"
        if name == "la_child_id" and not value:
            rows.append({"key": label, "value": "Hearth will make one when the record is saved"})
            continue
        rows.append({"key": label, "value": _value_in_words(form.fields[name], value) if value else ""})
    return rows
