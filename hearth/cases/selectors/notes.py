"""Reads for notes and drafts: who a note can be about, a note for its page, a person's drafts.

Every read of child-identifiable data goes through `Child.objects.visible_to(user)`; drafts are always
read with `owner=user`, so nobody is ever shown another person's draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.urls import reverse

from hearth.people.models import Child, Household, Relationship

from ..models import Draft, Note, NoteChild, NoteStatus
from ..permissions import Perm

CHILD_DRAFT_KEY = "note:child:{}"
EDIT_DRAFT_KEY = "note:edit:{}"
_CHILD_KEY = re.compile(r"note:child:(\d{1,18})")
_EDIT_KEY = re.compile(r"note:edit:(\d{1,18})")


def draft_key_for_child(child) -> str:
    return CHILD_DRAFT_KEY.format(child.pk)


def draft_key_for_note(note) -> str:
    return EDIT_DRAFT_KEY.format(note.pk)


# --- who a note can be about ---------------------------------------------------------------------


def children_to_record_with(user, child: Child) -> list[Child]:
    """The child, then their siblings and the children of their households whom this person can see
    and may record on (one query). The child comes first; the others in name order."""
    reach = Child.objects.visible_to(user).filter(allocated_unit_id__in=user.reach_unit_ids)
    related = (
        reach.filter(
            Q(pk=child.pk)
            | Q(relationships__other_child=child)
            | Q(relationships_as_other__child=child)
            | Q(households__children=child)
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    children = list(related)
    return sorted(children, key=lambda c: c.pk != child.pk)


def children_for_note_change(user, note: Note) -> list[Child]:
    """Children the author may put on (or take off) a note: the note's children and their siblings and
    household children, those this person can see and may record on (one query), in name order."""
    on_note = NoteChild.objects.filter(note=note).values("child_id")
    siblings = Relationship.objects.filter(child__in=on_note, other_child__isnull=False).values("other_child")
    siblings_back = Relationship.objects.filter(other_child__in=on_note).values("child")
    household = Household.children.through.objects.filter(
        household__in=Household.children.through.objects.filter(child__in=on_note).values("household")
    ).values("child")
    return list(
        Child.objects.visible_to(user)
        .filter(allocated_unit_id__in=user.reach_unit_ids)
        .filter(Q(pk__in=on_note) | Q(pk__in=siblings) | Q(pk__in=siblings_back) | Q(pk__in=household))
        .order_by("last_name", "first_name", "pk")
    )


def note_child_links(note: Note) -> dict[int, NoteChild]:
    """Every child link of a note, by child id (for the service and the form: never shown as names)."""
    return {link.child_id: link for link in NoteChild.objects.filter(note=note)}


# --- a note for its page -------------------------------------------------------------------------


@dataclass
class NoteForPage:
    note: Note | None
    #: NoteChild rows of the children this person can see, with `.child` loaded.
    links: list = field(default_factory=list)
    hidden_children: int = 0
    #: Out of sight: the id of a child of the note in this person's reach (restricted), to ask for
    #: break-glass; None means the note answers 404.
    restricted_child_id: int | None = None

    @property
    def children(self) -> list[Child]:
        return [link.child for link in self.links]


def note_for_page(user, note_id: int) -> NoteForPage:
    """The note if this person can see at least one of its children (drafts: only their author)."""
    note = Note.objects.select_related("author").filter(pk=note_id).first()
    if note is None or (note.status == NoteStatus.DRAFT and note.author_id != user.pk):
        return NoteForPage(note=None)
    visible = Child.objects.visible_to(user)
    links = list(
        NoteChild.objects.filter(note=note, child__in=visible)
        .select_related("child")
        .order_by("child__last_name", "child__first_name")
    )
    if not links:
        restricted = (
            Child.objects.in_reach_of(user).exclude(restriction="").filter(note_links__note=note).first()
        )
        return NoteForPage(note=None, restricted_child_id=restricted.pk if restricted else None)
    total = NoteChild.objects.filter(note=note).count()
    return NoteForPage(note=note, links=links, hidden_children=total - len(links))


def note_versions(note: Note) -> list:
    return list(note.versions.select_related("saved_by").order_by("-version"))


def note_children(note: Note) -> list[Child]:
    """Every child of a note (for services writing audit rows and chronology, never for display)."""
    return list(Child.objects.filter(note_links__note=note))


# --- drafts -------------------------------------------------------------------------------------


def draft_for(user, key: str) -> Draft | None:
    return Draft.objects.filter(owner=user, key=key).first()


def draft_target(user, key: str):
    """What a draft key refers to, if this person may keep a draft for it: a child they may record
    on (`note:child:<id>`), or a note they wrote and can still see (`note:edit:<id>`). Otherwise None."""
    key = key or ""
    match = _CHILD_KEY.fullmatch(key)
    if match:
        child = Child.objects.visible_to(user).filter(pk=int(match.group(1))).first()
        if child is not None and user.has_perm(Perm.RECORD_NOTE, child):
            return child
        return None
    match = _EDIT_KEY.fullmatch(key)
    if match:
        page = note_for_page(user, int(match.group(1)))
        if page.note is not None and page.note.author_id == user.pk:
            return page.note
    return None


@dataclass
class DraftRow:
    key: str
    about: str
    title: str
    updated_at: object
    resume_url: str


def drafts_for(user) -> tuple[list[DraftRow], list[Note]]:
    """This person's unsaved forms (autosaved) and the notes they saved as drafts.

    A fixed number of queries, whatever the number of drafts. Drafts about a child this person can no
    longer see are left out.
    """
    drafts = list(Draft.objects.filter(owner=user).order_by("-updated_at"))
    child_ids, note_ids = set(), set()
    for draft in drafts:
        if match := _CHILD_KEY.fullmatch(draft.key):
            child_ids.add(int(match.group(1)))
        elif match := _EDIT_KEY.fullmatch(draft.key):
            note_ids.add(int(match.group(1)))
    visible = Child.objects.visible_to(user)
    children = {c.pk: c for c in visible.filter(pk__in=child_ids)} if child_ids else {}
    notes = (
        {n.pk: n for n in Note.objects.filter(author=user, pk__in=note_ids, children__in=visible).distinct()}
        if note_ids
        else {}
    )
    rows = []
    for draft in drafts:
        title = _first(draft.data.get("title")) or "No title yet"
        if (match := _CHILD_KEY.fullmatch(draft.key)) and int(match.group(1)) in children:
            child = children[int(match.group(1))]
            url = reverse("cases:note-add", args=[child.pk])
            rows.append(
                DraftRow(draft.key, f"New note about {child.full_name}", title, draft.updated_at, url)
            )
        elif (match := _EDIT_KEY.fullmatch(draft.key)) and int(match.group(1)) in notes:
            note = notes[int(match.group(1))]
            url = reverse("cases:note-edit", args=[note.pk])
            rows.append(DraftRow(draft.key, f"Changes to ‘{note.title}’", title, draft.updated_at, url))
    draft_notes = list(
        Note.objects.filter(author=user, status=NoteStatus.DRAFT)
        .prefetch_related(Prefetch("children", queryset=visible.order_by("last_name", "first_name")))
        .order_by("-updated_at")[:200]
    )
    return rows, draft_notes


def _first(value) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value or "")
