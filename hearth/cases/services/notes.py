"""Writing notes: record once for several children, change with optimistic locking, finalise.

Each function is one atomic action that writes every model involved and its audit rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from hearth.core.models import AuditLog
from hearth.core.permissions import require
from hearth.people.models import Child

from ..models import (
    VISIT_KINDS,
    ChronologyEntry,
    Draft,
    EventKind,
    Note,
    NoteChild,
    NoteKind,
    NoteStatus,
    NoteVersion,
    TransitionError,
)
from ..permissions import Perm
from .chronology import add_to_chronology, update_chronology_for

SUMMARY_LENGTH = 300


@dataclass(frozen=True)
class NoteData:
    kind: str
    occurred_at: datetime.datetime
    title: str
    body: str
    present: str = ""
    #: child id -> (seen, seen alone). Seen alone implies seen.
    seen: Mapping[int, tuple[bool, bool]] = field(default_factory=dict)
    is_key_event: bool = False
    final: bool = True


class NoteConflict(Exception):
    """Someone saved the note after this person started changing it: nothing was changed."""

    def __init__(self, current: Note):
        super().__init__("This note was changed by someone else while you were editing it.")
        self.current = current


def chronology_title(note: Note) -> str:
    return f"{NoteKind(note.kind).label}: {note.title}"


def chronology_summary(note: Note) -> str:
    text = " ".join(note.body.split())
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1].rstrip() + "…"


def _record_visit(note: Note) -> None:
    """A final note of a visiting kind moves `last_visit_at` on for the children seen (never back)."""
    if note.status != NoteStatus.FINAL or note.kind not in VISIT_KINDS:
        return
    seen = NoteChild.objects.filter(note=note, seen=True).values("child_id")
    Child.objects.filter(pk__in=seen).filter(
        Q(last_visit_at__isnull=True) | Q(last_visit_at__lt=note.occurred_at)
    ).update(last_visit_at=note.occurred_at)


@transaction.atomic
def record_note(*, by, children: Iterable[Child], data: NoteData, draft_key: str = "", request=None) -> Note:
    """One note about one or more children: on each child's chronology, written once."""
    children = list(children)
    if not children:
        raise ValueError("A note must be about at least one child")
    for child in children:
        require(by, Perm.RECORD_NOTE, child, "You cannot record notes about one of these children.")
    now = timezone.now()
    final = data.final
    note = Note.objects.create(
        author=by,
        kind=data.kind,
        occurred_at=data.occurred_at,
        title=data.title,
        body=data.body,
        present=data.present,
        status=NoteStatus.FINAL if final else NoteStatus.DRAFT,
        finalised_at=now if final else None,
    )
    links = []
    for child in children:
        seen, seen_alone = data.seen.get(child.pk, (False, False))
        links.append(NoteChild(note=note, child=child, seen=seen or seen_alone, seen_alone=seen_alone))
    NoteChild.objects.bulk_create(links)
    add_to_chronology(
        children=children,
        occurred_at=note.occurred_at,
        kind=EventKind.NOTE,
        title=chronology_title(note),
        summary=chronology_summary(note),
        is_key_event=data.is_key_event,
        source=note,
    )
    _record_visit(note)
    if draft_key:
        Draft.objects.filter(owner=by, key=draft_key).delete()
    AuditLog.record(
        actor=by,
        action="note.create",
        obj=note,
        children=children,
        request=request,
        detail="final" if final else "draft",
    )
    return note


@transaction.atomic
def edit_note(
    *, by, note: Note, data: NoteData, expected_version: int, draft_key: str = "", request=None
) -> Note:
    """Change a note's words. A final note's earlier text is kept as a NoteVersion first.

    Optimistic locking: the change applies only if the note is still at `expected_version`;
    otherwise NoteConflict is raised and nothing changes.
    """
    if note.author_id != by.pk:
        raise TransitionError("Only the person who wrote a note can change it.")
    current = Note.objects.select_for_update().get(pk=note.pk)
    if current.version != expected_version:
        raise NoteConflict(current)
    if current.status == NoteStatus.FINAL:
        NoteVersion.objects.create(
            note=current,
            version=current.version,
            title=current.title,
            body=current.body,
            present=current.present,
            saved_by=current.author,
            saved_at=current.updated_at,
        )
    changed = Note.objects.filter(pk=note.pk, version=expected_version).update(
        kind=data.kind,
        occurred_at=data.occurred_at,
        title=data.title,
        body=data.body,
        present=data.present,
        updated_at=timezone.now(),
        version=F("version") + 1,
    )
    if changed == 0:
        raise NoteConflict(Note.objects.get(pk=note.pk))
    note = Note.objects.select_related("author").get(pk=note.pk)
    update_chronology_for(
        note, title=chronology_title(note), summary=chronology_summary(note), occurred_at=note.occurred_at
    )
    _record_visit(note)
    if draft_key:
        Draft.objects.filter(owner=by, key=draft_key).delete()
    AuditLog.record(
        actor=by,
        action="note.edit",
        obj=note,
        children=list(NoteChild.objects.filter(note=note).values_list("child_id", flat=True)),
        request=request,
        detail=f"version {note.version}",
    )
    return note


@transaction.atomic
def finalise_note(*, by, note: Note, request=None) -> Note:
    """A note saved as a draft becomes final: everyone who can see its children can read it."""
    if note.author_id != by.pk:
        raise TransitionError("Only the person who wrote a note can finalise it.")
    now = timezone.now()
    changed = Note.objects.filter(pk=note.pk, status=NoteStatus.DRAFT).update(
        status=NoteStatus.FINAL, finalised_at=now, updated_at=now, version=F("version") + 1
    )
    if changed == 0:
        raise TransitionError("This note is already final.")
    note = Note.objects.select_related("author").get(pk=note.pk)
    _record_visit(note)
    AuditLog.record(
        actor=by,
        action="note.finalise",
        obj=note,
        children=list(NoteChild.objects.filter(note=note).values_list("child_id", flat=True)),
        request=request,
    )
    return note


@dataclass(frozen=True)
class ChildrenChange:
    added: list
    removed: list

    def __str__(self) -> str:
        """In words, with no child's name (it is kept with the note's versions and shown in messages)."""
        parts = []
        for number, what in ((len(self.added), "added"), (len(self.removed), "taken off")):
            if number:
                parts.append(f"{number} {'child' if number == 1 else 'children'} {what}")
        return ", ".join(parts)


def _latest_visit_of(child_id: int):
    """When the child was last seen on a final visit note (after a note stops being about them)."""
    return (
        Note.objects.filter(
            status=NoteStatus.FINAL,
            kind__in=VISIT_KINDS,
            note_children__child_id=child_id,
            note_children__seen=True,
        )
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )


@transaction.atomic
def change_note_children(
    *,
    by,
    note: Note,
    add: Iterable[Child] = (),
    remove: Iterable[Child] = (),
    seen: Mapping[int, tuple[bool, bool]] | None = None,
    expected_version: int,
    request=None,
) -> ChildrenChange:
    """Add a brother or sister to a saved note, or take a child off it. Only the author may; at least one
    child stays. The chronology follows (a row for each child added, none left for a child removed), a
    final note keeps its earlier version, and each child added or removed gets an audit row.

    `seen` gives (seen, seen alone) for children added. Optimistic locking as in `edit_note`.
    """
    add, remove = list(add), list(remove)
    if note.author_id != by.pk:
        raise TransitionError("Only the person who wrote a note can change which children it is about.")
    current = Note.objects.select_for_update().get(pk=note.pk)
    if current.version != expected_version:
        raise NoteConflict(current)
    links = {link.child_id: link for link in NoteChild.objects.filter(note=current)}
    add = [c for c in {c.pk: c for c in add}.values() if c.pk not in links]
    remove = [c for c in {c.pk: c for c in remove}.values() if c.pk in links]
    if not add and not remove:
        raise TransitionError(
            "Nothing has changed: select a child to add, or unselect one to take off the note."
        )
    for child in [*add, *remove]:
        require(by, Perm.RECORD_NOTE, child, "You cannot record notes about one of these children.")
    if len(links) + len(add) - len(remove) < 1:
        raise TransitionError("A note must be about at least one child: keep one child on it.")
    change = ChildrenChange(added=add, removed=remove)
    if current.status == NoteStatus.FINAL:
        NoteVersion.objects.create(
            note=current,
            version=current.version,
            title=current.title,
            body=current.body,
            present=current.present,
            saved_by=current.author,
            saved_at=current.updated_at,
            child_ids=sorted(links),
            change=f"Then the children changed: {change}",
        )
    Note.objects.filter(pk=current.pk).update(updated_at=timezone.now(), version=F("version") + 1)
    seen = seen or {}
    removed_ids = [c.pk for c in remove]
    NoteChild.objects.filter(note=current, child_id__in=removed_ids).delete()
    NoteChild.objects.bulk_create(
        [
            NoteChild(
                note=current,
                child=child,
                seen=any(seen.get(child.pk, (False, False))),
                seen_alone=seen.get(child.pk, (False, False))[1],
            )
            for child in add
        ]
    )
    rows = ChronologyEntry.objects.filter(source_type=current._meta.label_lower, source_id=current.pk)
    is_key_event = rows.filter(is_key_event=True).exists()
    rows.filter(child_id__in=removed_ids).delete()
    if add:
        add_to_chronology(
            children=add,
            occurred_at=current.occurred_at,
            kind=EventKind.NOTE,
            title=chronology_title(current),
            summary=chronology_summary(current),
            is_key_event=is_key_event,
            source=current,
        )
    _record_visit(current)  # children added who were seen
    for child_id in removed_ids:  # a visit no longer about them no longer counts as their last visit
        if links[child_id].seen and current.kind in VISIT_KINDS:
            Child.objects.filter(pk=child_id).update(last_visit_at=_latest_visit_of(child_id))
    if add:
        AuditLog.record(actor=by, action="note.child_add", obj=current, children=add, request=request)
    if remove:
        AuditLog.record(actor=by, action="note.child_remove", obj=current, children=remove, request=request)
    return change


def record_note_viewed(*, by, note: Note, children: Iterable[Child], request=None) -> None:
    """Reading a note is reading the record of each child it is about (one audit row per child shown)."""
    AuditLog.record(actor=by, action="note.view", obj=note, children=list(children), request=request)
