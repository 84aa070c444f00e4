"""Notes: record once for several children, autosaved drafts, changes with optimistic locking."""

from __future__ import annotations

from contextlib import suppress

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hearth.core.permissions import permission_required, require, signed_in
from hearth.people.access import get_child_or_deny

from ..forms.notes import NoteChildrenForm, NoteEditForm, NoteForm, draft_data_from
from ..models import NoteStatus, TransitionError
from ..permissions import Perm
from ..selectors import notes as selectors
from ..selectors.chronology import datetime_in_words, time_in_words
from ..services import drafts as draft_services
from ..services import notes as services


def _note_or_deny(request, note_id: int) -> selectors.NoteForPage:
    """The note if this person can see one of its children; 403 with break-glass, or 404, if not."""
    page = selectors.note_for_page(request.user, note_id)
    if page.note is None:
        if page.restricted_child_id is not None:
            get_child_or_deny(request, page.restricted_child_id, what="note")  # 403: break glass
        raise Http404("No note found")
    return page


def _keep_as_draft(request, key: str) -> None:
    """A form sent with errors is kept as the person's draft (too large to keep: the page still shows it)."""
    with suppress(draft_services.DraftTooLarge):
        draft_services.save_draft(owner=request.user, key=key, data=draft_data_from(request.POST))


def _draft_notice(draft) -> str:
    return f"We restored your unsaved draft from {datetime_in_words(draft.updated_at)}." if draft else ""


@permission_required(Perm.RECORD_NOTE)
def note_add(request, child_id):
    child = get_child_or_deny(request, child_id, what="note_form")
    require(request.user, Perm.RECORD_NOTE, child, "You cannot record notes about this child.")
    candidates = selectors.children_to_record_with(request.user, child)
    key = selectors.draft_key_for_child(child)
    draft = None
    if request.method == "POST":
        form = NoteForm(request.POST, child=child, candidates=candidates)
        final = request.POST.get("action") != "draft"
        if form.is_valid():
            note = services.record_note(
                by=request.user,
                children=form.cleaned_data["children"],
                data=form.note_data(final=final),
                draft_key=key,
                request=request,
            )
            names = " and ".join(c.first_name for c in form.cleaned_data["children"])
            if not final:
                messages.success(
                    request, "Your note has been saved as a draft. Only you can see it until you finalise it"
                )
                return redirect("cases:note", note_id=note.pk)
            messages.success(request, f"Your note has been added to the chronology of {names}")
            return redirect("cases:chronology", child_id=child.pk)
        # Nothing typed is lost, even without JavaScript: keep it as this person's draft.
        _keep_as_draft(request, key)
    else:
        draft = selectors.draft_for(request.user, key)
        initial = NoteForm.initial_from_draft(draft.data) if draft else {"children": [str(child.pk)]}
        form = NoteForm(initial=initial, child=child, candidates=candidates)
    return render(
        request,
        "cases/notes/note_form.html",
        {
            "form": form,
            "child": child,
            "draft": draft,
            "draft_notice": _draft_notice(draft),
            "draft_key": key,
            "child_rows": form.child_rows(),
        },
    )


@signed_in
def note_detail(request, note_id):
    page = _note_or_deny(request, note_id)
    note = page.note
    services.record_note_viewed(by=request.user, note=note, children=page.children, request=request)
    versions = selectors.note_versions(note)
    return render(
        request,
        "cases/notes/note_detail.html",
        {
            "note": note,
            "links": page.links,
            "hidden_children": page.hidden_children,
            "first_child": page.children[0],
            "when": datetime_in_words(note.occurred_at),
            "updated": datetime_in_words(note.updated_at),
            "versions": [{"version": v, "saved": datetime_in_words(v.saved_at)} for v in versions],
            "is_author": note.author_id == request.user.pk,
            "is_draft": note.status == NoteStatus.DRAFT,
        },
    )


@permission_required(Perm.RECORD_NOTE)
def note_edit(request, note_id):
    page = _note_or_deny(request, note_id)
    note = page.note
    if note.author_id != request.user.pk:
        raise PermissionDenied("Only the person who wrote a note can change it.")
    key = selectors.draft_key_for_note(note)
    draft = None
    if request.method == "POST":
        form = NoteEditForm(request.POST)
        if form.is_valid():
            try:
                services.edit_note(
                    by=request.user,
                    note=note,
                    data=form.note_data(),
                    expected_version=form.cleaned_data["version"],
                    draft_key=key,
                    request=request,
                )
            except services.NoteConflict as conflict:
                saved = conflict.current
                context = {
                    "note": saved,
                    "yours": form.cleaned_data,
                    "yours_when": datetime_in_words(form.cleaned_data["occurred_at"]),
                    "saved_when": datetime_in_words(saved.occurred_at),
                    "saved_at": datetime_in_words(saved.updated_at),
                    "saved_by": saved.author,
                    "draft_key": key,
                }
                return render(request, "cases/notes/note_conflict.html", context)
            messages.success(request, "Your changes to the note have been saved")
            return redirect("cases:note", note_id=note.pk)
        _keep_as_draft(request, key)
    else:
        draft = selectors.draft_for(request.user, key)
        form = NoteEditForm(
            initial=NoteEditForm.initial_from_draft(draft.data)
            if draft
            else NoteEditForm.initial_from_note(note)
        )
    stale = bool(draft) and str(form["version"].value()) != str(note.version)
    return render(
        request,
        "cases/notes/note_edit.html",
        {
            "form": form,
            "note": note,
            "first_child": page.children[0],
            "draft": draft,
            "draft_notice": _draft_notice(draft),
            "draft_is_stale": stale,
            "draft_key": key,
        },
    )


@permission_required(Perm.RECORD_NOTE)
@require_POST
def note_finalise(request, note_id):
    page = _note_or_deny(request, note_id)
    if page.note.author_id != request.user.pk:
        raise PermissionDenied("Only the person who wrote a note can finalise it.")
    try:
        services.finalise_note(by=request.user, note=page.note, request=request)
    except TransitionError as error:
        messages.info(request, str(error))
    else:
        messages.success(request, "The note is final. Everyone who works with the children can now read it")
    return redirect("cases:note", note_id=page.note.pk)


@permission_required(Perm.RECORD_NOTE)
def note_children(request, note_id):
    """The author changes which children a saved note is about: adds a sibling or takes a child off."""
    page = _note_or_deny(request, note_id)
    note = page.note
    if note.author_id != request.user.pk:
        raise PermissionDenied("Only the person who wrote a note can change which children it is about.")
    candidates = selectors.children_for_note_change(request.user, note)
    links = selectors.note_child_links(note)
    form = NoteChildrenForm(
        request.POST or None,
        candidates=candidates,
        current_ids=links,
        initial={"children": [str(pk) for pk in links], "version": note.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = services.change_note_children(
                by=request.user,
                note=note,
                add=form.to_add(),
                remove=form.to_remove(),
                seen=form.seen(),
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except services.NoteConflict as conflict:
            # Someone (the author, in another window) changed the note meanwhile: show it as it is now,
            # keeping what this person chose, and let them save again knowingly.
            data = request.POST.copy()
            data["version"] = str(conflict.current.version)
            links = selectors.note_child_links(note)
            form = NoteChildrenForm(data, candidates=candidates, current_ids=links)
            form.is_valid()
            form.add_error(
                None,
                "This note was changed while you were working on it. Check the children below and save again.",
            )
        except TransitionError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"The note has been changed: {change}")
            return redirect("cases:note", note_id=note.pk)
    shown = {c.pk for c in candidates}
    return render(
        request,
        "cases/notes/note_children.html",
        {
            "form": form,
            "note": note,
            "first_child": page.children[0],
            "child_rows": form.child_rows(links),
            "others_kept": len([pk for pk in links if pk not in shown]),
        },
    )


# --- drafts -------------------------------------------------------------------------------------


@signed_in
def draft_list(request):
    rows, draft_notes = selectors.drafts_for(request.user)
    for row in rows:
        row.updated = datetime_in_words(row.updated_at)
    return render(
        request,
        "cases/notes/drafts.html",
        {
            "rows": rows,
            "draft_notes": [
                {"note": n, "children": list(n.children.all()), "when": datetime_in_words(n.occurred_at)}
                for n in draft_notes
            ],
        },
    )


def _draft_answer(request, status: int, message: str, saved_at=None):
    if "application/json" in request.headers.get("Accept", ""):
        body = {"saved": status == 200, "message": message}
        if saved_at is not None:
            body["saved_at"] = saved_at.isoformat()
        return JsonResponse(body, status=status)
    return render(
        request, "cases/notes/_draft_status.html", {"message": message, "ok": status == 200}, status=status
    )


@signed_in
@require_POST
def draft_save(request):
    """Called as the person types (autosave.js): keeps the form's fields as their draft."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > 4 * draft_services.MAX_DRAFT_BYTES:
        return _draft_answer(
            request, 400, str(draft_services.DraftTooLarge(int(request.META["CONTENT_LENGTH"])))
        )
    target = selectors.draft_target(request.user, request.POST.get("key", ""))
    if target is None:
        return _draft_answer(
            request, 400, "Your draft was not saved: this form is not one you can save a draft of."
        )
    try:
        draft = draft_services.save_draft(
            owner=request.user, key=request.POST["key"], data=draft_data_from(request.POST)
        )
    except draft_services.DraftTooLarge as error:
        return _draft_answer(request, 400, str(error))
    return _draft_answer(request, 200, f"Draft saved at {time_in_words(draft.updated_at)}", draft.updated_at)


@signed_in
@require_POST
def draft_discard(request):
    key = request.POST.get("key", "")
    if draft_services.discard_draft(owner=request.user, key=key):
        messages.success(request, "Your draft has been discarded")
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(reverse("cases:drafts"))
