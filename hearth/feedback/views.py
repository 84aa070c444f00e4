"""Feedback pages.

Public (no account): typing a code, the form opened from a link or a code, thanks, and a unit's public
"you said, we did". A link or code that is unknown, used or out of date gets a kind page and changes
nothing. Staff: the queue of unread feedback, a unit's feedback (measures and responses), one response
(read and mark it), sending a link, recording feedback, the service's measures and "you said, we did".
Units are fetched through reach first (404), then the permission is checked (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.core.forms import add_validation_error
from hearth.core.models import client_ip
from hearth.core.permissions import permission_checked_in_view, permission_required, public, require
from hearth.core.presenters import date_in_words
from hearth.people.access import get_child_or_deny

from . import selectors, services
from .forms import CodeForm, GiveFeedbackForm, InviteForm, MarkForm, RecordForm
from .models import FormVersion, InvitationRefused, Status, TransitionError
from .permissions import Perm

PAGE_SIZE = 25
#: Wrong codes allowed from one address before it has to wait (codes are short: this stops guessing).
CODE_TRIES = 10
CODE_WAIT_SECONDS = 15 * 60


# --- public: giving feedback ------------------------------------------------------------------------


def _younger(request, invitation) -> bool:
    asked = request.POST.get("version") or request.GET.get("version")
    if asked in FormVersion.values:
        return asked == FormVersion.YOUNGER
    return invitation.version == FormVersion.YOUNGER


def _refused(request, message: str, status: int = 410):
    return render(request, "feedback/refused.html", {"message": message}, status=status)


def _form_page(request, invitation, form, *, action: str, code: str = "", status: int = 200):
    younger = form.younger
    other = FormVersion.STANDARD if younger else FormVersion.YOUNGER
    return render(
        request,
        "feedback/give.html",
        {
            "form": form,
            "younger": younger,
            "version": FormVersion.YOUNGER if younger else FormVersion.STANDARD,
            "switch_url": f"{action}?version={other}" if not code else "",
            "action": action,
            "code": code,
            "unit_name": invitation.unit.name,
        },
        status=status,
    )


def _submit(request, invitation, form):
    services.give_feedback(
        invitation=invitation,
        answers=services.Answers(
            listened=form.cleaned_data.get("listened") or "",
            helped=form.cleaned_data.get("helped") or "",
            differently=form.cleaned_data.get("differently") or "",
            named=form.cleaned_data.get("named") or False,
            name=form.cleaned_data.get("name") or "",
            version=FormVersion.YOUNGER if form.younger else FormVersion.STANDARD,
        ),
    )
    return redirect("feedback:thanks")


def _answer(request, invitation, *, action: str, code: str = ""):
    """The form for a usable invitation: shown on GET (or after a code), saved on a POST of answers."""
    younger = _younger(request, invitation)
    if request.method == "POST" and request.POST.get("step") == "answers":
        form = GiveFeedbackForm(request.POST, younger=younger)
        if form.is_valid():
            try:
                return _submit(request, invitation, form)
            except InvitationRefused as refusal:
                return _refused(request, str(refusal))
            except ValidationError as error:
                add_validation_error(form, error)
        return _form_page(request, invitation, form, action=action, code=code)
    return _form_page(request, invitation, GiveFeedbackForm(younger=younger), action=action, code=code)


@public
def give_with_link(request, token):
    try:
        invitation = services.find_invitation(token=token)
        invitation.check_can_use(timezone.now())
    except InvitationRefused as refusal:
        return _refused(request, str(refusal))
    return _answer(request, invitation, action=reverse("feedback:give-link", args=[token]))


def _tries_key(request) -> str:
    return f"feedback-code-tries:{client_ip(request) or '-'}"


@public
def give_with_code(request):
    """Type the code from a printed note; then the same form as the link."""
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        key = _tries_key(request)
        if cache.get(key, 0) >= CODE_TRIES:
            form.add_error("code", "That was too many tries. Wait 15 minutes, then try again.")
        else:
            code = services.normalise_code(form.cleaned_data["code"])
            try:
                invitation = services.find_invitation(code=code)
                invitation.check_can_use(timezone.now())
            except InvitationRefused as refusal:
                cache.set(key, cache.get(key, 0) + 1, CODE_WAIT_SECONDS)
                form.add_error("code", str(refusal))
            else:
                return _answer(request, invitation, action=reverse("feedback:give"), code=code)
    return render(request, "feedback/code.html", {"form": form})


@public
def thanks(request):
    return render(request, "feedback/thanks.html")


@public
def public_you_said(request, code):
    unit = selectors.active_unit(code)
    if unit is None:
        raise Http404("No such unit")
    page = Paginator(selectors.published([unit.pk]), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/public_you_said.html",
        {"unit": unit, "page_obj": page, "rows": [selectors.published_row(r) for r in page]},
    )


# --- staff: sending a link -------------------------------------------------------------------------


def _invite(request, *, unit, child=None, back_url: str):
    form = InviteForm(
        request.POST if request.method == "POST" else None, initial={"version": FormVersion.STANDARD}
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.send_invitation(
                by=request.user,
                unit=unit,
                child=child,
                recipient=form.cleaned_data["recipient"],
                version=form.cleaned_data["version"],
                request=request,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            link = request.build_absolute_uri(reverse("feedback:give-link", args=[sent.token]))
            return render(
                request,
                "feedback/sent.html",
                {
                    "link": link,
                    "code": sent.code_in_words,
                    "code_page": request.build_absolute_uri(reverse("feedback:give")),
                    "expires": date_in_words(sent.invitation.expires_at),
                    "recipient": sent.invitation.get_recipient_display().lower(),
                    "back_url": back_url,
                    "unit": unit,
                    "child": child,
                },
            )
    return render(
        request, "feedback/invite.html", {"form": form, "unit": unit, "child": child, "back_url": back_url}
    )


@permission_checked_in_view(Perm.SEND)
def invite_child(request, child_id):
    child = get_child_or_deny(request, child_id, what="feedback link form")
    require(
        request.user,
        Perm.SEND,
        child,
        "Only members and managers of the unit that holds the case can send it.",
    )
    return _invite(
        request,
        unit=child.allocated_unit,
        child=child,
        back_url=reverse("people:child", args=[child.pk]),
    )


@permission_required(Perm.SEND)
def invite_unit(request, code):
    unit = selectors.unit_for(request.user, code, Perm.SEND)
    if unit is None:
        raise Http404("No such unit")
    return _invite(request, unit=unit, back_url=reverse("feedback:unit", args=[unit.code]))


# --- staff: recording, reading and marking -----------------------------------------------------------


@permission_required(Perm.RECORD)
def record(request, code):
    unit = selectors.unit_for(request.user, code, Perm.RECORD)
    if unit is None:
        raise Http404("No such unit")
    form = RecordForm(
        request.POST if request.method == "POST" else None, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            response = services.record_feedback(
                by=request.user, unit=unit, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"{response.get_kind_display()} recorded")
            return redirect("feedback:response", response_id=response.pk)
    return render(request, "feedback/record.html", {"form": form, "unit": unit})


def _response_or_404(request, response_id):
    response = selectors.response_for_page(request.user, response_id)
    if response is None:
        raise Http404("No such feedback")
    return response


def _render_response(request, response, *, form=None, status=200):
    services.record_read(by=request.user, response=response, request=request)
    return render(
        request,
        "feedback/response.html",
        {
            "response": response,
            "who": selectors.who_in_words(response),
            "received": selectors.received_in_words(response),
            "colour": selectors.STATUS_COLOURS[response.status],
            "marked_on": date_in_words(response.marked_at),
            "can_mark": not response.is_marked and request.user.has_perm(Perm.MARK, response),
            "form": form or MarkForm(),
            "acted": response.status == Status.ACTED,
        },
        status=status,
    )


@permission_checked_in_view(Perm.VIEW_RESPONSES)
def response_detail(request, response_id):
    return _render_response(request, _response_or_404(request, response_id))


@require_POST
@permission_checked_in_view(Perm.MARK)
def mark(request, response_id):
    response = _response_or_404(request, response_id)
    require(request.user, Perm.MARK, response)
    form = MarkForm(request.POST)
    if not form.is_valid():
        return _render_response(request, response, form=form)
    acted = form.cleaned_data["result"] == MarkForm.ACTED
    try:
        services.mark_response(
            by=request.user,
            response=response,
            acted=acted,
            outcome=form.cleaned_data["outcome"],
            publish=form.cleaned_data["publish"],
            you_said=form.cleaned_data["you_said"],
            we_did=form.cleaned_data["we_did"],
            request=request,
        )
    except TransitionError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        add_validation_error(form, error)
        return _render_response(request, response, form=form)
    else:
        messages.success(request, "Marked as acted on" if acted else "Marked as not acted on")
    return redirect("feedback:unit", code=response.unit.code)


# --- staff: lists -----------------------------------------------------------------------------------


@permission_required(Perm.VIEW_RESPONSES)
def overview(request):
    """Unread feedback in every unit the person sees, oldest first."""
    today = timezone.localdate()
    page = Paginator(selectors.unread_queue(request.user, today), PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.record_responses_viewed(by=request.user, responses=page.object_list, request=request)
    return render(
        request,
        "feedback/overview.html",
        {"page_obj": page, "rows": [selectors.row_for(r) for r in page]},
    )


@permission_required(Perm.VIEW_RESPONSES)
def unit_page(request, code):
    unit = selectors.unit_for(request.user, code, Perm.VIEW_RESPONSES)
    if unit is None:
        raise Http404("No such unit")
    today = timezone.localdate()
    shown = request.GET.get("shown") if request.GET.get("shown") in selectors.SHOWN else "unread"
    page = Paginator(selectors.responses_of(request.user, unit, shown, today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    selectors.record_responses_viewed(by=request.user, responses=page.object_list, request=request, obj=unit)
    period_from, period_to = selectors.period_in_words(today)
    return render(
        request,
        "feedback/unit.html",
        {
            "unit": unit,
            "page_obj": page,
            "rows": [selectors.row_for(r) for r in page],
            "shown": shown,
            "filters": [(key, label) for key, (label, _q) in selectors.SHOWN.items()],
            "query_string": f"shown={shown}",
            "measures": selectors.measures_by_unit([unit.pk], today)[unit.pk],
            "period_from": period_from,
            "period_to": period_to,
            "can_send": request.user.has_perm(Perm.SEND, unit),
            "can_record": request.user.has_perm(Perm.RECORD, unit),
        },
    )


@permission_required(Perm.VIEW_FIGURES)
def service(request):
    """The measures of every unit the person sees, in a table, with the service's totals."""
    today = timezone.localdate()
    units = list(selectors.units_for_figures(request.user))
    measures = selectors.measures_by_unit([u.pk for u in units], today)
    period_from, period_to = selectors.period_in_words(today)
    return render(
        request,
        "feedback/service.html",
        {
            "rows": [{"unit": u, "m": measures[u.pk]} for u in units],
            "total": selectors.total_of(list(measures.values())),
            "period_from": period_from,
            "period_to": period_to,
            "can_open": request.user.has_perm(Perm.VIEW_RESPONSES),
        },
    )


@permission_required(Perm.VIEW_FIGURES)
def service_you_said(request):
    units = selectors.units_for_figures(request.user).values_list("pk", flat=True)
    page = Paginator(selectors.published(units), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/you_said.html",
        {"unit": None, "page_obj": page, "rows": [selectors.published_row(r) for r in page]},
    )


@permission_required(Perm.VIEW_FIGURES)
def unit_you_said(request, code):
    unit = selectors.unit_for(request.user, code, Perm.VIEW_FIGURES)
    if unit is None:
        raise Http404("No such unit")
    page = Paginator(selectors.published([unit.pk]), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/you_said.html",
        {"unit": unit, "page_obj": page, "rows": [selectors.published_row(r) for r in page]},
    )
