"""Unit meetings: the meeting page (agenda, attendance, each child's discussion, autosaved), actions,
the unit's meetings and schedule, and case discussion requests.

Every page fetches through `visible_to` first: a unit, meeting, discussion or action this person may not
see answers 404 (the workforce lead and the system administrator see none). Then the permission is
checked (403: authority-wide roles read but change nothing). Every read of a discussion about a child
writes an audit row.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hearth.cases.selectors.chronology import time_in_words
from hearth.core.forms import add_validation_error
from hearth.core.models import AuditLog
from hearth.core.permissions import permission_checked_in_view, require
from hearth.core.presenters import date_in_words

from . import presenters, selectors, services
from .forms import ActionForm, AddChildForm, AttendanceForm, DiscussionForm, RequestForm, ScheduleForm
from .models import MAX_ALTERNATIVES, RequestStatus, TransitionError
from .permissions import Perm

PAGE_SIZE = 25
INTENT_SAVE, INTENT_DISCUSSED, INTENT_ADD_ALTERNATIVE = "save", "discussed", "add-alternative"


# --- fetching what a page is about ---------------------------------------------------------------


def _unit_or_404(request, code: str, perm: str = Perm.VIEW_MEETINGS):
    unit = selectors.unit_for_meetings(request.user, code)
    if unit is None:
        raise Http404("No such unit")
    if perm != Perm.VIEW_MEETINGS:
        require(request.user, perm, unit, "Only the unit's members and managers can change its meetings.")
    return unit


def _meeting_or_404(request, meeting_id: int, perm: str = Perm.VIEW_MEETINGS):
    meeting = selectors.meeting_for_page(request.user, meeting_id)
    if meeting is None:
        raise Http404("No such meeting")
    if perm != Perm.VIEW_MEETINGS:
        require(
            request.user, perm, meeting.unit, "Only the unit's members and managers can change its meetings."
        )
    return meeting


def _discussion_or_404(request, discussion_id: int, perm: str = Perm.VIEW_MEETINGS):
    discussion = selectors.discussion_for_page(request.user, discussion_id)
    if discussion is None:
        raise Http404("No such discussion")
    # Reading follows the child (whoever may see the child reads what units said about them);
    # changing is for the meeting's unit.
    if perm != Perm.VIEW_MEETINGS:
        require(
            request.user,
            perm,
            discussion.meeting.unit,
            "Only the unit's members and managers can change its meetings.",
        )
    return discussion


def _wants_json(request) -> bool:
    return request.headers.get("X-Autosave") == "1" or "application/json" in request.headers.get("Accept", "")


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# --- the meeting page ----------------------------------------------------------------------------


def _discussion_prefix(discussion_id: int) -> str:
    return f"d{discussion_id}"


def _action_prefix(discussion_id: int) -> str:
    return f"a{discussion_id}"


def _render_meeting(
    request,
    meeting,
    *,
    discussion_forms=None,
    action_forms=None,
    add_form=None,
    attendance_form=None,
    conflicts=None,
    error_form=None,
    more_alternatives: int | None = None,
    status: int = 200,
):
    """The meeting page: a fixed number of queries, however many children, actions and requests."""
    user = request.user
    unit = meeting.unit
    discussion_forms, action_forms, conflicts = discussion_forms or {}, action_forms or {}, conflicts or {}
    can_run = user.has_perm(Perm.RUN_MEETINGS, unit)
    unit_role = user.unit_roles.get(unit.pk)
    today = timezone.localdate()

    agenda = selectors.agenda_of(user, meeting)
    ids = [d.pk for d in agenda.discussions]
    members = selectors.members_of(unit)
    owners = [(m.user_id, m.user.full_name) for m in members]
    actions = selectors.actions_by_discussion(ids)
    unit_requests = list(selectors.open_requests(user, unit)) if can_run else []
    linked = selectors.requests_by_discussion(user, ids)
    items = []
    for number, discussion in enumerate(agenda.discussions, start=1):
        item = presenters.agenda_item(discussion, number)
        item.actions = [
            presenters.action_row(a, user, today, unit_role=unit_role) for a in actions.get(discussion.pk, [])
        ]
        item.requests = [presenters.request_row(r) for r in linked.get(discussion.pk, [])]
        if can_run:
            form = discussion_forms.get(discussion.pk)
            if form is None:
                form = DiscussionForm.for_discussion(discussion, prefix=_discussion_prefix(discussion.pk))
                if more_alternatives == discussion.pk:
                    form = DiscussionForm(
                        initial=DiscussionForm.initial_for(discussion),
                        prefix=_discussion_prefix(discussion.pk),
                        alternative_count=min(len(discussion.alternatives) + 2, MAX_ALTERNATIVES),
                    )
            item.form = form
            item.action_form = action_forms.get(discussion.pk) or ActionForm(
                prefix=_action_prefix(discussion.pk), owners=owners
            )
        conflict = conflicts.get(discussion.pk)
        if conflict is not None:
            item.conflict = conflict
            item.conflict_saved_at = presenters.saved_in_words(conflict)
        items.append(item)
    present = selectors.attendee_ids(meeting)
    on_agenda = {d.child_id for d in agenda.discussions}
    suggestions = [presenters.request_row(r) for r in unit_requests if r.child_id not in on_agenda]
    selectors.record_discussions_viewed(by=user, discussions=agenda.discussions, request=request, obj=meeting)

    context = {
        "meeting": meeting,
        "unit": unit,
        "when": f"{meeting.held_on:%A} {date_in_words(meeting.held_on)}"
        + (f" at {time_in_words(meeting.moment())}" if meeting.starts_at else ""),
        "items": items,
        "hidden": agenda.hidden,
        "can_run": can_run,
        "suggestions": suggestions,
        "attendees": [m for m in members if m.user_id in present],
        "members": members,
        "error_form": error_form,
    }
    if can_run:
        member_choices = [
            (m.user_id, f"{m.user.full_name} ({m.get_role_display().lower()})") for m in members
        ]
        context["attendance_form"] = attendance_form or AttendanceForm(
            initial={"present": [str(pk) for pk in present]},
            members=member_choices,
        )
        context["add_form"] = add_form or AddChildForm(children=selectors.agenda_candidates(user, meeting))
    return render(request, "meetings/meeting.html", context, status=status)


@permission_checked_in_view(Perm.VIEW_MEETINGS)
def meeting_detail(request, meeting_id):
    meeting = _meeting_or_404(request, meeting_id)
    more = request.GET.get("add_alternative", "")
    return _render_meeting(request, meeting, more_alternatives=int(more) if more.isdigit() else None)


@permission_checked_in_view(Perm.RUN_MEETINGS)
@require_POST
def attendance(request, meeting_id):
    meeting = _meeting_or_404(request, meeting_id, Perm.RUN_MEETINGS)
    members = selectors.members_of(meeting.unit)
    form = AttendanceForm(request.POST, members=[(m.user_id, m.user.full_name) for m in members])
    if form.is_valid():
        count = services.save_attendance(
            by=request.user, meeting=meeting, user_ids=form.cleaned_data["present"], request=request
        )
        message = f"Attendance saved: {count} {'person' if count == 1 else 'people'} at the meeting"
        if _wants_json(request):
            return JsonResponse({"saved": True, "message": message})
        messages.success(request, message)
        return redirect(meeting.get_absolute_url() + "#attendance")
    if _wants_json(request):
        return JsonResponse(
            {"saved": False, "message": "Attendance was not saved: choose members of the unit"}, status=400
        )
    return _render_meeting(request, meeting, attendance_form=form, error_form=form)


@permission_checked_in_view(Perm.RUN_MEETINGS)
@require_POST
def agenda_add(request, meeting_id):
    meeting = _meeting_or_404(request, meeting_id, Perm.RUN_MEETINGS)
    form = AddChildForm(request.POST, children=selectors.agenda_candidates(request.user, meeting))
    if form.is_valid():
        child = selectors.visible_child(request.user, form.cleaned_data["child"])
        try:
            if child is None:
                raise ValidationError("Choose a child whose case is held by the unit")
            discussion = services.add_to_agenda(
                by=request.user, meeting=meeting, child=child, request=request
            )
        except ValidationError as error:
            form.add_error("child", error.messages[0])
        else:
            messages.success(request, f"{child.full_name} has been added to the agenda")
            return redirect(f"{meeting.get_absolute_url()}#discussion-{discussion.pk}")
    return _render_meeting(request, meeting, add_form=form, error_form=form)


@permission_checked_in_view(Perm.RUN_MEETINGS)
@require_POST
def discussion_remove(request, discussion_id):
    discussion = _discussion_or_404(request, discussion_id, Perm.RUN_MEETINGS)
    meeting_url = discussion.meeting.get_absolute_url()
    name = discussion.child.full_name
    try:
        services.remove_from_agenda(by=request.user, discussion=discussion, request=request)
    except TransitionError as error:
        messages.warning(request, str(error))
        return redirect(f"{meeting_url}#discussion-{discussion.pk}")
    messages.success(request, f"{name} has been taken off the agenda")
    return redirect(meeting_url + "#agenda")


@permission_checked_in_view(Perm.RUN_MEETINGS)
@require_POST
def discussion_save(request, discussion_id):
    """Save one child's discussion: pressed buttons (a page comes back) or autosave (JSON comes back)."""
    discussion = _discussion_or_404(request, discussion_id, Perm.RUN_MEETINGS)
    meeting = discussion.meeting
    prefix = _discussion_prefix(discussion.pk)
    intent = request.POST.get("intent", INTENT_SAVE)
    autosave = _wants_json(request)
    form = DiscussionForm(request.POST, prefix=prefix)
    valid = form.is_valid() and (intent != INTENT_DISCUSSED or form.require_for_discussed())
    if not valid:
        if autosave:
            first = next(iter(form.errors.values()))[0]
            return JsonResponse({"saved": False, "message": f"Not saved: {first}"}, status=400)
        return _render_meeting(request, meeting, discussion_forms={discussion.pk: form}, error_form=form)
    try:
        saved = services.save_discussion(
            by=request.user,
            discussion=discussion,
            data=form.discussion_data(),
            expected_version=form.cleaned_data["version"],
            mark_discussed=intent == INTENT_DISCUSSED,
            request=request,
        )
    except services.DiscussionConflict as clash:
        current = clash.current
        if autosave:
            html = render_to_string(
                "meetings/_conflict.html",
                {"conflict": current, "saved_at": presenters.saved_in_words(current), "autosave": True},
                request=request,
            )
            return JsonResponse(
                {
                    "saved": False,
                    "conflict": True,
                    "version": current.version,
                    "message": f"Not saved: {current.updated_by or 'someone'} saved this discussion while you were "
                    "writing. Both versions are shown.",
                    "html": html,
                },
                status=409,
            )
        # Their version stays in the form; the hidden version moves on to the saved one, so that saving
        # again is a deliberate choice made after seeing both.
        data = request.POST.copy()
        data[f"{prefix}-version"] = str(current.version)
        form = DiscussionForm(data, prefix=prefix)
        form.is_valid()
        return _render_meeting(
            request, meeting, discussion_forms={discussion.pk: form}, conflicts={discussion.pk: current}
        )
    except TransitionError as error:
        if autosave:
            return JsonResponse({"saved": False, "message": f"Not saved: {error}"}, status=400)
        form.add_error(None, str(error))
        return _render_meeting(request, meeting, discussion_forms={discussion.pk: form}, error_form=form)
    if autosave:
        return JsonResponse(
            {
                "saved": True,
                "version": saved.version,
                "message": f"Saved at {time_in_words(saved.updated_at)}",
            }
        )
    name = saved.child.full_name
    anchor = f"#discussion-{saved.pk}"
    if intent == INTENT_ADD_ALTERNATIVE:
        number = min(len(saved.alternatives) + 1, MAX_ALTERNATIVES)
        return redirect(
            f"{meeting.get_absolute_url()}?add_alternative={saved.pk}#{prefix}-alternative_{number}"
        )
    if intent == INTENT_DISCUSSED:
        messages.success(request, f"The discussion of {name} is recorded and is on their chronology")
    else:
        messages.success(request, f"The discussion of {name} has been saved")
    return redirect(meeting.get_absolute_url() + anchor)


@permission_checked_in_view(Perm.RUN_MEETINGS)
@require_POST
def action_add(request, discussion_id):
    discussion = _discussion_or_404(request, discussion_id, Perm.RUN_MEETINGS)
    meeting = discussion.meeting
    members = selectors.members_of(meeting.unit)
    form = ActionForm(
        request.POST,
        prefix=_action_prefix(discussion.pk),
        owners=[(m.user_id, m.user.full_name) for m in members],
    )
    if form.is_valid():
        owner = next(m.user for m in members if str(m.user_id) == form.cleaned_data["owner"])
        try:
            action = services.add_action(
                by=request.user,
                discussion=discussion,
                text=form.cleaned_data["text"],
                owner=owner,
                due_on=form.cleaned_data["due_on"],
                request=request,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                f"Action added for {discussion.child.full_name}: {action.owner} by {date_in_words(action.due_on)}",
            )
            return redirect(f"{meeting.get_absolute_url()}#discussion-{discussion.pk}")
    return _render_meeting(request, meeting, action_forms={discussion.pk: form}, error_form=form)


# --- a discussion and an action on their own pages (linked from the chronology and my work) ------


@permission_checked_in_view(Perm.VIEW_MEETINGS)
def discussion_detail(request, discussion_id):
    discussion = _discussion_or_404(request, discussion_id)
    selectors.record_discussions_viewed(
        by=request.user, discussions=[discussion], request=request, obj=discussion
    )
    unit = discussion.meeting.unit
    today = timezone.localdate()
    unit_role = request.user.unit_roles.get(unit.pk)
    actions = selectors.actions_by_discussion([discussion.pk]).get(discussion.pk, [])
    return render(
        request,
        "meetings/discussion.html",
        {
            "discussion": discussion,
            "meeting": discussion.meeting,
            "when": date_in_words(discussion.meeting.held_on),
            "can_see_meeting": selectors.may_view_unit(request.user, unit),
            "actions": [presenters.action_row(a, request.user, today, unit_role=unit_role) for a in actions],
            "requests": [
                presenters.request_row(r)
                for r in selectors.requests_by_discussion(request.user, [discussion.pk]).get(
                    discussion.pk, []
                )
            ],
        },
    )


@permission_checked_in_view(Perm.VIEW_MEETINGS)
def action_detail(request, action_id):
    action = selectors.action_for_page(request.user, action_id)
    if action is None:
        raise Http404("No such action")
    discussion = action.discussion
    AuditLog.record(
        actor=request.user,
        action="meetings.action.view",
        obj=action,
        child_id=discussion.child_id,
        request=request,
    )
    unit = discussion.meeting.unit
    row = presenters.action_row(
        action, request.user, timezone.localdate(), unit_role=request.user.unit_roles.get(unit.pk)
    )
    return render(
        request,
        "meetings/action.html",
        {
            "action": action,
            "row": row,
            "discussion": discussion,
            "meeting": discussion.meeting,
            "agreed_on": date_in_words(discussion.meeting.held_on),
            "can_see_meeting": selectors.may_view_unit(request.user, unit),
        },
    )


@permission_checked_in_view(Perm.COMPLETE_ACTION)
@require_POST
def action_done(request, action_id):
    action = selectors.action_for_page(request.user, action_id)
    if action is None:
        raise Http404("No such action")
    require(
        request.user,
        Perm.COMPLETE_ACTION,
        action,
        "Only the person the action is for, or the unit's consultant social worker, can mark it done.",
    )
    try:
        services.complete_action(by=request.user, action=action, request=request)
    except TransitionError as error:
        messages.info(request, str(error))
    else:
        messages.success(request, f"‘{action.text}’ is done")
    return redirect(_safe_next(request, action.get_absolute_url()))


# --- the unit's meetings and schedule ------------------------------------------------------------


@permission_checked_in_view(Perm.VIEW_MEETINGS)
def unit_meetings(request, code):
    unit = _unit_or_404(request, code)
    today = timezone.localdate()
    schedule = selectors.schedule_of(unit)
    day = schedule.meeting_date(today)
    page = Paginator(selectors.meetings_of(unit), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/unit_meetings.html",
        {
            "unit": unit,
            "page_obj": page,
            "meetings": [
                {
                    "meeting": m,
                    "title": m.title,
                    "on_agenda": m.on_agenda,
                    "discussed": m.discussed,
                    "is_coming": m.held_on >= today,
                }
                for m in page
            ],
            "schedule": schedule,
            "next_when": f"{day:%A} {date_in_words(day)}",
            "starts": time_in_words(
                timezone.make_aware(datetime.datetime.combine(today, schedule.starts_at))
            ),
            "can_run": request.user.has_perm(Perm.RUN_MEETINGS, unit),
            "can_change_schedule": request.user.has_perm(Perm.CHANGE_SCHEDULE, unit),
        },
    )


@permission_checked_in_view(Perm.VIEW_MEETINGS)
def this_week(request, code):
    """This week's meeting, opened (made) on demand by a member or manager; others only read it."""
    unit = _unit_or_404(request, code)
    if request.user.has_perm(Perm.RUN_MEETINGS, unit):
        meeting = services.open_this_weeks_meeting(by=request.user, unit=unit, request=request)
        return redirect(meeting)
    meeting = selectors.this_weeks_meeting(unit, selectors.schedule_of(unit), timezone.localdate())
    if meeting is None:
        messages.info(request, "This week's meeting has not been opened yet")
        return redirect("meetings:unit-meetings", code=unit.code)
    return redirect(meeting)


@permission_checked_in_view(Perm.RUN_MEETINGS)
@require_POST
def ad_hoc(request, code):
    """An ad hoc discussion today; from a request, with its child already on the agenda."""
    unit = _unit_or_404(request, code, Perm.RUN_MEETINGS)
    meeting = services.open_ad_hoc_meeting(by=request.user, unit=unit, request=request)
    asked_id = request.POST.get("request", "")
    if asked_id.isdigit():
        asked = selectors.open_requests(request.user, unit).filter(pk=int(asked_id)).first()
        if asked is not None and asked.discussion_id is None:
            try:
                services.add_to_agenda(by=request.user, meeting=meeting, child=asked.child, request=request)
            except ValidationError as error:
                messages.warning(request, error.messages[0])
    return redirect(meeting)


@permission_checked_in_view(Perm.CHANGE_SCHEDULE)
def schedule(request, code):
    unit = _unit_or_404(request, code, Perm.CHANGE_SCHEDULE)
    current = selectors.schedule_of(unit)
    form = ScheduleForm(
        request.POST or None,
        initial={
            "cadence_weeks": current.cadence_weeks,
            "weekday": current.weekday,
            "starts_at": current.starts_at,
        },
    )
    if request.method == "POST" and form.is_valid():
        saved = services.save_schedule(by=request.user, unit=unit, request=request, **form.cleaned_data)
        messages.success(request, f"{unit.name} now meets {str(saved).lower()}")
        return redirect("meetings:unit-meetings", code=unit.code)
    return render(request, "meetings/schedule.html", {"unit": unit, "form": form})


# --- case discussion requests --------------------------------------------------------------------

REQUEST_FILTERS = {"open": RequestStatus.OPEN, "discussed": RequestStatus.DISCUSSED, "all": ""}


@permission_checked_in_view(Perm.VIEW_MEETINGS)
def requests_list(request, code):
    unit = _unit_or_404(request, code)
    shown = request.GET.get("status", "open")
    if shown not in REQUEST_FILTERS:
        shown = "open"
    page = Paginator(selectors.requests_of(request.user, unit, REQUEST_FILTERS[shown]), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    AuditLog.record(actor=request.user, action="meetings.requests.view", obj=unit, request=request)
    return render(
        request,
        "meetings/requests.html",
        {
            "unit": unit,
            "page_obj": page,
            "rows": [presenters.request_row(r) for r in page],
            "shown": shown,
            "filters": [("open", "Open"), ("discussed", "Discussed"), ("all", "All")],
            "query_string": f"status={shown}",
            "can_run": request.user.has_perm(Perm.RUN_MEETINGS, unit),
        },
    )


@permission_checked_in_view(Perm.RUN_MEETINGS)
def request_add(request, code):
    unit = _unit_or_404(request, code, Perm.RUN_MEETINGS)
    children = selectors.request_children(request.user, unit)
    initial = {}
    if request.method == "GET" and request.GET.get("child", "").isdigit():
        initial["child"] = request.GET["child"]
    form = RequestForm(request.POST or None, initial=initial, children=children)
    if request.method == "POST" and form.is_valid():
        child = selectors.visible_child(request.user, form.cleaned_data["child"])
        try:
            if child is None:
                raise ValidationError({"child": "Choose a child whose case is held by the unit"})
            services.request_discussion(
                by=request.user,
                unit=unit,
                child=child,
                question=form.cleaned_data["question"],
                when=form.cleaned_data["when"],
                request=request,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request, f"Your request to discuss {child.full_name} has been added for {unit.name}"
            )
            return redirect("meetings:requests", code=unit.code)
    return render(request, "meetings/request_form.html", {"unit": unit, "form": form})
