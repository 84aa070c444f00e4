"""Reads of a child's chronology: one indexed query for a page of entries, whatever the data.

Notes saved as drafts are on the chronology of their children for their author only: anyone else's
query leaves them out (one subquery in the same SQL statement).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from hearth.core import extensions
from hearth.core.presenters import date_in_words

from ..models import ChronologyEntry, EventKind, Note, NoteStatus

PAGE_SIZE = 50
PRINT_LIMIT = 2000
NOTE_SOURCE = Note._meta.label_lower

#: Pages that show the record behind an entry, by its source type.
SOURCE_PAGES = {NOTE_SOURCE: "cases:note"}

#: Tag colours by kind of event (GOV.UK tag modifiers).
KIND_COLOURS = {
    EventKind.NOTE: "",  # GOV.UK's default blue
    EventKind.CONTACT: "grey",
    EventKind.REFERRAL: "purple",
    EventKind.ASSESSMENT: "green",
    EventKind.SECTION_47: "red",
    EventKind.CP_PLAN: "red",
    EventKind.CIN_PLAN: "yellow",
    EventKind.LOOKED_AFTER: "magenta",
    EventKind.PLAN: "teal",
    EventKind.ALLOCATION: "grey",
    EventKind.CLOSURE: "grey",
    EventKind.OTHER: "grey",
    EventKind.HOME: "blue",
    EventKind.MEETING: "light-blue",
    EventKind.ACTION: "orange",
    EventKind.SUPERVISION: "pink",
    EventKind.SUPPORT: "teal",
    EventKind.SPEND: "green",
    EventKind.CLINICAL: "purple",
}


@dataclass(frozen=True)
class ChronologyFilters:
    kinds: tuple[str, ...] = ()
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    key_events_only: bool = False
    oldest_first: bool = False

    @property
    def active(self) -> bool:
        return bool(self.kinds or self.date_from or self.date_to or self.key_events_only)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def chronology_entries(user, child, filters: ChronologyFilters = ChronologyFilters()):
    """The child's entries this person may see, filtered and ordered, as a lazy queryset."""
    hidden_drafts = (
        Note.objects.filter(status=NoteStatus.DRAFT, note_children__child=child)
        .exclude(author=user)
        .values("pk")
    )
    entries = (
        ChronologyEntry.objects.filter(child=child)
        .exclude(source_type=NOTE_SOURCE, source_id__in=hidden_drafts)
        .annotate(
            is_draft=Exists(
                Note.objects.filter(pk=OuterRef("source_id"), status=NoteStatus.DRAFT, author=user)
            )
        )
    )
    if filters.kinds:
        entries = entries.filter(kind__in=filters.kinds)
    if filters.date_from:
        entries = entries.filter(occurred_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        entries = entries.filter(occurred_at__lt=_start_of(filters.date_to + datetime.timedelta(days=1)))
    if filters.key_events_only:
        entries = entries.filter(is_key_event=True)
    order = ["occurred_at", "id"] if filters.oldest_first else ["-occurred_at", "-id"]
    return entries.order_by(*order)


def entries_for_print(user, child, filters: ChronologyFilters) -> tuple[list, bool]:
    """Every entry matching the filters, up to PRINT_LIMIT; and whether there were more."""
    entries = list(chronology_entries(user, child, filters)[: PRINT_LIMIT + 1])
    return entries[:PRINT_LIMIT], len(entries) > PRINT_LIMIT


# --- presenting entries -------------------------------------------------------------------------


def time_in_words(value: datetime.datetime) -> str:
    """'2:30pm', '11am', '12 noon', 'midnight' (GOV.UK style)."""
    local = timezone.localtime(value)
    if local.hour == 12 and local.minute == 0:
        return "12 noon"
    if local.hour == 0 and local.minute == 0:
        return "midnight"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{suffix}"


def datetime_in_words(value: datetime.datetime | None) -> str:
    """'Tuesday 3 March 2026 at 2:30pm'."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%A} {local.day} {local:%B %Y} at {time_in_words(local)}"


@dataclass
class EntryRow:
    id: int
    when: str
    date: str
    time: str
    iso: str
    kind: str
    kind_colour: str
    title: str
    summary: str
    is_key_event: bool
    is_draft: bool
    url: str = ""
    extra: dict = field(default_factory=dict)


def source_url(entry) -> str:
    name = SOURCE_PAGES.get(entry.source_type) or extensions.source_page(entry.source_type)
    if not name or entry.source_id is None:
        return ""
    return _url_pattern(name).format(pk=entry.source_id)


@functools.cache
def _url_pattern(url_name: str) -> str:
    """A page's address with a `{pk}` slot, reversed once: a reverse per row costs more than the row."""
    marker = 999_999_999
    return reverse(url_name, args=[marker]).replace(str(marker), "{pk}")


def present_entries(entries) -> list[EntryRow]:
    labels = dict(EventKind.choices)
    rows = []
    for entry in entries:
        rows.append(
            EntryRow(
                id=entry.pk,
                when=datetime_in_words(entry.occurred_at),
                date=date_in_words(entry.occurred_at),
                time=time_in_words(entry.occurred_at),
                iso=timezone.localtime(entry.occurred_at).isoformat(timespec="minutes"),
                kind=labels.get(entry.kind, entry.kind),
                kind_colour=KIND_COLOURS.get(entry.kind, "grey"),
                title=entry.title,
                summary=entry.summary,
                is_key_event=entry.is_key_event,
                is_draft=bool(getattr(entry, "is_draft", False)) and entry.source_type == NOTE_SOURCE,
                url=source_url(entry),
            )
        )
    return rows
