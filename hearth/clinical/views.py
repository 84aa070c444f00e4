"""Clinical consultations and referrals: asking from a child's record, the clinicians' queue with
waiting times per service, and one request (take it, record the first contact and the input, close).

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
from .forms import AskForm, FirstContactForm, InputForm
from .models import Service, Status, TransitionError
from .permissions import Perm

PAGE_SIZE = 25
ONLY_CLINICIAN = "Only a clinician of the unit can work on its clinical requests."


def _request_or_404(request, request_id: int, perm: str | None = None):
    clinical = selectors.request_for_page(request.user, request_id)
    if clinical is None:
        raise Http404("No such request")
    if perm is not None:
        require(request.user, perm, clinical, ONLY_CLINICIAN)
    return clinical


@permission_checked_in_view(Perm.ASK)
def ask(request, child_id):
    child = get_child_or_deny(request, child_id, what="clinical request form")
    require(
        request.user,
        Perm.ASK,
        child,
        "Only members and managers of the unit that holds the case can ask for a consultation or referral.",
    )
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            clinical = services.ask(
                by=request.user,
                child=child,
                service=form.cleaned_data["service"],
                question=form.cleaned_data["question"],
                request=request,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request, f"Your request for {clinical.get_service_display().lower()} has been sent"
            )
            return redirect("clinical:request", request_id=clinical.pk)
    return render(request, "clinical/ask.html", {"child": child, "form": form})


def _render_detail(request, clinical, *, contact_form=None, input_form=None):
    today = timezone.localdate()
    inputs = selectors.inputs_of(clinical)
    can_work = request.user.has_perm(Perm.WORK_QUEUE, clinical)
    selectors.record_requests_viewed(by=request.user, requests=[clinical], request=request, obj=clinical)
    waited = clinical.days_waited(today)
    return render(
        request,
        "clinical/request.html",
        {
            "clinical": clinical,
            "tags": selectors.tags_for(clinical),
            "asked_on": date_in_words(clinical.created_at),
            "taken_on": date_in_words(clinical.taken_at),
            "closed_on": date_in_words(clinical.closed_at),
            "first_contact": date_in_words(clinical.first_contact_on),
            "waited": selectors.days_in_words(waited) if waited is not None else "",
            "inputs": [
                {"text": i.text, "by": i.author.full_name, "on": date_in_words(i.created_at)} for i in inputs
            ],
            "can_work": can_work,
            "can_take": can_work
            and (
                clinical.status == Status.REQUESTED
                or (clinical.is_open and clinical.clinician_id != request.user.pk)
            ),
            "can_contact": can_work and clinical.status == Status.TAKEN and clinical.first_contact_on is None,
            "can_input": can_work
            and clinical.status == Status.TAKEN
            and clinical.first_contact_on is not None,
            "can_close": can_work and clinical.status == Status.TAKEN and bool(inputs),
            "contact_form": contact_form or FirstContactForm(),
            "input_form": input_form or InputForm(),
        },
    )


@permission_checked_in_view(Perm.VIEW_QUEUE)
def request_detail(request, request_id):
    return _render_detail(request, _request_or_404(request, request_id))


@require_POST
@permission_checked_in_view(Perm.WORK_QUEUE)
def take(request, request_id):
    clinical = _request_or_404(request, request_id, Perm.WORK_QUEUE)
    try:
        services.take(by=request.user, clinical=clinical, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "You have taken this request")
    return redirect("clinical:request", request_id=clinical.pk)


@require_POST
@permission_checked_in_view(Perm.WORK_QUEUE)
def first_contact(request, request_id):
    clinical = _request_or_404(request, request_id, Perm.WORK_QUEUE)
    form = FirstContactForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, clinical, contact_form=form)
    try:
        services.record_first_contact(
            by=request.user, clinical=clinical, day=form.cleaned_data["first_contact_on"], request=request
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The date of first contact has been recorded")
    return redirect("clinical:request", request_id=clinical.pk)


@require_POST
@permission_checked_in_view(Perm.WORK_QUEUE)
def add_input(request, request_id):
    clinical = _request_or_404(request, request_id, Perm.WORK_QUEUE)
    form = InputForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, clinical, input_form=form)
    try:
        services.record_input(
            by=request.user, clinical=clinical, text=form.cleaned_data["text"], request=request
        )
    except TransitionError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        add_validation_error(form, error)
        return _render_detail(request, clinical, input_form=form)
    else:
        messages.success(request, "Your input has been recorded on the child's chronology")
    return redirect("clinical:request", request_id=clinical.pk)


@require_POST
@permission_checked_in_view(Perm.WORK_QUEUE)
def close(request, request_id):
    clinical = _request_or_404(request, request_id, Perm.WORK_QUEUE)
    try:
        services.close(by=request.user, clinical=clinical, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The request is closed")
    return redirect("clinical:request", request_id=clinical.pk)


@permission_required(Perm.VIEW_QUEUE)
def queue(request):
    shown = "closed" if request.GET.get("status") == "closed" else "open"
    service = request.GET.get("service", "")
    if service not in Service.values:
        service = ""
    page = Paginator(selectors.queue_of(request.user, shown=shown, service=service), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    selectors.record_requests_viewed(by=request.user, requests=page.object_list, request=request)
    rows = []
    for r in page:
        waited = r.days_waited(today)
        rows.append(
            {
                "request": r,
                "kind": r.kind_in_words,
                "service": r.get_service_display(),
                "child_name": r.child.full_name,
                "unit": r.unit.name,
                "asked_on": date_in_words(r.created_at),
                "waited": selectors.days_in_words(waited) if waited is not None else "",
                "who": r.clinician.full_name if r.clinician_id else "Not taken yet",
                "tags": selectors.tags_for(r),
            }
        )
    query = f"status={shown}" + (f"&service={service}" if service else "")
    return render(
        request,
        "clinical/queue.html",
        {
            "page_obj": page,
            "rows": rows,
            "shown": shown,
            "service": service,
            "services": Service.choices,
            "query_string": query,
            "waiting": selectors.waiting_times(selectors.queue_scope(request.user), today),
            "days": selectors.FIGURES_DAYS,
        },
    )
