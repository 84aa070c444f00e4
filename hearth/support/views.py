"""Practical requests: raising one from a child's record, the unit coordinator's queue, one request
(take it, record what was done, close it), and a person's own requests.

Records about a child are fetched through `visible_to` first (404 for anyone out of reach: the
workforce lead and the system administrator see none); then the permission is checked (403). Every
read of a request writes an audit row.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.core.forms import add_validation_error
from hearth.core.permissions import permission_checked_in_view, permission_required, require
from hearth.core.presenters import date_in_words
from hearth.people.access import get_child_or_deny

from . import selectors, services
from .forms import CloseForm, NoteForm, RaiseForm
from .models import Status, TransitionError
from .permissions import Perm

PAGE_SIZE = 25
ONLY_COORDINATOR = "Only the unit coordinator can work on the unit's practical requests."


def _request_or_404(request, request_id: int):
    practical = selectors.request_for_page(request.user, request_id)
    if practical is None:
        raise Http404("No such request")
    return practical


# --- raising a request ----------------------------------------------------------------------------


@permission_checked_in_view(Perm.RAISE)
def raise_request(request, child_id):
    child = get_child_or_deny(request, child_id, what="practical request form")
    require(
        request.user,
        Perm.RAISE,
        child,
        "Only members and managers of the unit that holds the case can ask for practical help.",
    )
    form = RaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            practical = services.raise_request(
                by=request.user,
                child=child,
                kind=form.cleaned_data["kind"],
                needed=form.cleaned_data["needed"],
                due_on=form.cleaned_data["due_on"],
                request=request,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request, f"Your request has been sent to the unit coordinator of {practical.unit.name}"
            )
            return redirect("support:request", request_id=practical.pk)
    return render(request, "support/raise.html", {"child": child, "form": form})


# --- one request ----------------------------------------------------------------------------------


def _render_detail(request, practical, *, note_form=None, close_form=None, status=200):
    today = timezone.localdate()
    notes = selectors.notes_of(practical)
    can_work = request.user.has_perm(Perm.WORK_QUEUE, practical)
    selectors.record_requests_viewed(by=request.user, requests=[practical], request=request, obj=practical)
    return render(
        request,
        "support/request.html",
        {
            "practical": practical,
            "tags": selectors.tags_for(practical, today),
            "due": date_in_words(practical.due_on),
            "asked_on": date_in_words(practical.created_at),
            "taken_on": date_in_words(practical.taken_at),
            "closed_on": date_in_words(practical.closed_at),
            "notes": [
                {"text": n.text, "by": n.author.full_name, "on": date_in_words(n.created_at)} for n in notes
            ],
            "can_work": can_work,
            "can_take": can_work
            and (
                practical.status == Status.RAISED
                or (practical.is_open and practical.assigned_to_id != request.user.pk)
            ),
            "can_progress": can_work and practical.status == Status.TAKEN,
            "note_form": note_form or NoteForm(),
            "close_form": close_form or CloseForm(),
        },
        status=status,
    )


@permission_checked_in_view(Perm.VIEW_QUEUE)
def request_detail(request, request_id):
    return _render_detail(request, _request_or_404(request, request_id))


@require_POST
@permission_checked_in_view(Perm.WORK_QUEUE)
def take(request, request_id):
    practical = _request_or_404(request, request_id)
    require(request.user, Perm.WORK_QUEUE, practical, ONLY_COORDINATOR)
    try:
        services.take_request(by=request.user, practical=practical, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "You have taken this request")
    return redirect("support:request", request_id=practical.pk)


@require_POST
@permission_checked_in_view(Perm.WORK_QUEUE)
def add_note(request, request_id):
    practical = _request_or_404(request, request_id)
    require(request.user, Perm.WORK_QUEUE, practical, ONLY_COORDINATOR)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, practical, note_form=form)
    try:
        services.add_progress_note(
            by=request.user, practical=practical, text=form.cleaned_data["text"], request=request
        )
    except TransitionError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        add_validation_error(form, error)
        return _render_detail(request, practical, note_form=form)
    else:
        messages.success(request, "What was done has been recorded")
    return redirect("support:request", request_id=practical.pk)


@require_POST
@permission_checked_in_view(Perm.WORK_QUEUE)
def close(request, request_id):
    practical = _request_or_404(request, request_id)
    require(request.user, Perm.WORK_QUEUE, practical, ONLY_COORDINATOR)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, practical, close_form=form)
    done = form.cleaned_data["result"] == CloseForm.DONE
    try:
        services.close_request(
            by=request.user,
            practical=practical,
            done=done,
            outcome=form.cleaned_data["outcome"],
            request=request,
        )
    except TransitionError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        add_validation_error(form, error)
        return _render_detail(request, practical, close_form=form)
    else:
        messages.success(
            request, "The request is closed as done" if done else "The request is closed as cannot be done"
        )
    return redirect("support:request", request_id=practical.pk)


# --- lists ----------------------------------------------------------------------------------------


def _rows(page, today):
    return [
        {
            "request": r,
            "kind": r.get_kind_display(),
            "needed": r.needed,
            "child_name": r.child.full_name,
            "due": date_in_words(r.due_on),
            "tags": selectors.tags_for(r, today),
            "who": r.assigned_to.full_name if r.assigned_to_id else "Not taken yet",
            "closed_on": date_in_words(r.closed_at),
        }
        for r in page
    ]


@permission_required(Perm.VIEW_QUEUE)
def queue(request, code):
    unit = selectors.unit_for_queue(request.user, code)
    if unit is None:
        raise Http404("No such unit")
    shown = "closed" if request.GET.get("status") == "closed" else "open"
    page = Paginator(selectors.queue_of(request.user, unit, shown), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    selectors.record_requests_viewed(by=request.user, requests=page.object_list, request=request, obj=unit)
    return render(
        request,
        "support/queue.html",
        {
            "unit": unit,
            "page_obj": page,
            "rows": _rows(page, today),
            "shown": shown,
            "filters": [("open", "Open"), ("closed", "Closed")],
            "query_string": f"status={shown}",
            "figures": selectors.time_to_done(unit),
            "days": selectors.FIGURES_DAYS,
            "can_work": request.user.has_perm(Perm.WORK_QUEUE, unit),
        },
    )


@permission_required(Perm.WORK_QUEUE)
def my_queue(request):
    """The queue of the unit the person coordinates (the first by name if they coordinate several)."""
    unit = selectors.coordinated_unit(request.user)
    if unit is None:
        raise Http404("No unit")
    return redirect("support:queue", code=unit.code)


@permission_required(Perm.RAISE)
def my_requests(request):
    page = Paginator(selectors.requests_by(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    selectors.record_requests_viewed(by=request.user, requests=page.object_list, request=request)
    return render(request, "support/mine.html", {"page_obj": page, "rows": _rows(page, today)})
