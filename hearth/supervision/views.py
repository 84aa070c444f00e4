"""Supervision pages: who supervises whom and how it is going, supervision records with their private
part, decisions on a child's case, practice observations and mentoring.

Each record is fetched through its scoped queryset (404 outside it), then checked with a named
permission (403 for someone who may see it but not do this). Every read writes an audit row.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from hearth.core.permissions import permission_required, require, signed_in
from hearth.core.presenters import date_in_words
from hearth.people.access import get_child_or_deny

from . import forms, selectors, services
from .models import SessionKind, SupervisionAgreement, SupervisionSession
from .permissions import Perm

PAGE_SIZE = 50


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


# --- who supervises whom -------------------------------------------------------------------------


@permission_required(Perm.VIEW_SUPERVISION)
def overview(request):
    today = timezone.localdate()
    own, others = selectors.supervision_overview(request.user, today)
    overdue_only = request.GET.get("overdue") == "1"
    overdue_count = sum(1 for s in others if s.state == "overdue")
    rows = [s for s in others if s.state == "overdue"] if overdue_only else others
    services.record_overview_viewed(by=request.user, request=request)
    return render(
        request,
        "supervision/overview.html",
        {
            "own": own,
            "page_obj": _page(request, rows),
            "people_count": len(others),
            "overdue_count": overdue_count,
            "overdue_only": overdue_only,
            "query_string": "overdue=1" if overdue_only else "",
            "can_arrange": request.user.has_perm(Perm.ARRANGE_SUPERVISION),
            "supervises_anyone": any(s.supervised_by_viewer for s in others),
            "today": today,
        },
    )


def _agreement_or_404(request, agreement_id) -> SupervisionAgreement:
    agreement = selectors.agreement_for_page(request.user, agreement_id)
    if agreement is None:
        raise Http404("No supervision agreement found")
    return agreement


@permission_required(Perm.VIEW_SUPERVISION)
def agreement_detail(request, agreement_id):
    agreement = _agreement_or_404(request, agreement_id)
    services.record_agreement_viewed(by=request.user, agreement=agreement, request=request)
    today = timezone.localdate()
    last = selectors.last_held(agreement.supervisee)
    due, state = selectors.status_of(agreement, last, today)
    is_open = agreement.ended_on is None or agreement.ended_on > today
    return render(
        request,
        "supervision/agreement.html",
        {
            "agreement": agreement,
            "frequency": agreement.effective_frequency(today).label,
            "in_asye_year": agreement.in_asye_year(today),
            "last_held": last,
            "next_due": due if is_open else None,
            "status": selectors.Status(agreement.supervisee, agreement, last, None, due, state).tag
            if is_open
            else ("Ended", "grey"),
            "line_managers": selectors.line_managers_of(agreement.supervisee),
            "page_obj": _page(request, selectors.sessions_of(request.user, agreement.supervisee)),
            "can_record": request.user.has_perm(Perm.RECORD_SUPERVISION, agreement) and is_open,
            "can_change": request.user.has_perm(Perm.ARRANGE_SUPERVISION, agreement),
        },
    )


@permission_required(Perm.ARRANGE_SUPERVISION)
def agreement_add(request):
    supervisees = selectors.arrangeable_people(request.user)
    supervisors = selectors.possible_supervisors(request.user)
    form = forms.AgreementForm(request.POST or None, supervisees=supervisees, supervisors=supervisors)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require(request.user, Perm.ARRANGE_SUPERVISION, data["supervisee"])
        try:
            agreement = services.make_agreement(
                by=request.user,
                supervisee=data["supervisee"],
                supervisor=data["supervisor"],
                frequency=data["frequency"],
                asye_started_on=data["asye_started_on"],
                started_on=data["started_on"],
                request=request,
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{agreement.supervisor} will supervise {agreement.supervisee}")
            return redirect(agreement)
    return render(request, "supervision/agreement_form.html", {"form": form, "agreement": None})


@permission_required(Perm.ARRANGE_SUPERVISION)
def agreement_edit(request, agreement_id):
    agreement = _agreement_or_404(request, agreement_id)
    require(
        request.user,
        Perm.ARRANGE_SUPERVISION,
        agreement,
        "Only their team manager or consultant can change this.",
    )
    initial = {
        "frequency": agreement.frequency,
        "asye_started_on": agreement.asye_started_on,
        "ended_on": agreement.ended_on,
    }
    form = forms.AgreementChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_agreement(
                by=request.user, agreement=agreement, request=request, **form.cleaned_data
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The supervision agreement has been changed")
            return redirect(agreement)
    return render(request, "supervision/agreement_form.html", {"form": form, "agreement": agreement})


# --- supervision records -------------------------------------------------------------------------


@permission_required(Perm.RECORD_SUPERVISION)
def session_add(request, agreement_id):
    agreement = _agreement_or_404(request, agreement_id)
    require(request.user, Perm.RECORD_SUPERVISION, agreement, "Only the supervisor records supervision.")
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.record_supervision(
                by=request.user,
                supervisees=[agreement.supervisee],
                held_on=data["held_on"],
                focus=data["focus"],
                wellbeing=data["wellbeing"],
                private_text=data["private_text"],
                request=request,
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Supervision recorded. Add the children you discussed, one at a time")
            return redirect(session)
    return render(
        request,
        "supervision/session_form.html",
        {"form": form, "agreement": agreement, "group": False, "back_url": agreement.get_absolute_url()},
    )


@permission_required(Perm.RECORD_SUPERVISION)
def group_session_add(request):
    supervisees = selectors.supervisees_of(request.user, timezone.localdate())
    form = forms.GroupSessionForm(request.POST or None, supervisees=supervisees)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.record_supervision(
                by=request.user,
                supervisees=data["supervisees"],
                held_on=data["held_on"],
                focus=data["focus"],
                wellbeing=data["wellbeing"],
                request=request,
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Group supervision recorded. Add the children you discussed, one at a time"
            )
            return redirect(session)
    return render(
        request,
        "supervision/session_form.html",
        {
            "form": form,
            "group": True,
            "enough_people": len(form.fields["supervisees"].queryset) >= 2,
            "back_url": reverse("supervision:overview"),
        },
    )


def _session_or_404(request, session_id) -> SupervisionSession:
    session = selectors.session_for_page(request.user, session_id)
    if session is None:
        raise Http404("No supervision record found")
    return session


@permission_required(Perm.VIEW_SUPERVISION)
def session_detail(request, session_id):
    session = _session_or_404(request, session_id)
    user = request.user
    require(user, Perm.VIEW_SESSION, session)
    discussions, hidden = selectors.visible_discussions(user, session)
    private_parts = selectors.private_reflections_for(user, session)
    in_session = user.pk == session.supervisor_id or user.pk in session._attendee_ids
    attendances = list(session.attendances.all())
    if not in_session:  # a line manager: only the reflections of the people they line-manage
        reports = selectors.line_report_ids(user)
        attendances = [a for a in attendances if a.supervisee_id in reports]
    services.record_session_viewed(
        by=user,
        session=session,
        children=[d.child for d in discussions],
        private_parts=private_parts,
        request=request,
    )
    return render(
        request,
        "supervision/session.html",
        {
            "session": session,
            "held_on": date_in_words(session.held_on),
            "is_group": session.kind == SessionKind.GROUP,
            "attendances": attendances,
            "discussions": discussions,
            "hidden_discussions": hidden,
            "private_parts": private_parts,
            "in_session": in_session,
            "can_add_discussion": user.has_perm(Perm.ADD_CASE_DISCUSSION, session),
            "can_change": user.has_perm(Perm.RECORD_SUPERVISION, session),
            "can_reflect": user.has_perm(Perm.WRITE_REFLECTIONS, session),
        },
    )


@permission_required(Perm.RECORD_SUPERVISION)
def session_edit(request, session_id):
    session = _session_or_404(request, session_id)
    require(
        request.user, Perm.RECORD_SUPERVISION, session, "Only the supervisor changes a supervision record."
    )
    initial = {
        "held_on": session.held_on,
        "focus": session.focus,
        "wellbeing": session.wellbeing,
        "version": session.version,
    }
    form = forms.SessionChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_supervision(
                by=request.user,
                session=session,
                version=data["version"],
                held_on=data["held_on"],
                focus=data["focus"],
                wellbeing=data["wellbeing"],
                request=request,
            )
        except services.SupervisionError as error:
            # Show what is saved now, keep what was typed, and let a second save go ahead deliberately.
            session.refresh_from_db()
            form.data = form.data.copy()
            form.data["version"] = session.version
            form.add_error(None, str(error))
        else:
            messages.success(request, "Supervision record changed")
            return redirect(session)
    return render(
        request,
        "supervision/session_change.html",
        {"form": form, "session": session, "held_on": date_in_words(session.held_on)},
    )


@permission_required(Perm.ADD_CASE_DISCUSSION)
def discussion_add(request, session_id):
    session = _session_or_404(request, session_id)
    require(request.user, Perm.ADD_CASE_DISCUSSION, session, "Only the people in this supervision add to it.")
    supervisees = selectors.people_in_session(session)
    form = forms.CaseDiscussionForm(
        request.POST or None,
        children=selectors.children_to_discuss(request.user, session),
        supervisees=supervisees,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_case_discussion(
                by=request.user,
                session=session,
                child=data["child"],
                brought_by=data["brought_by"],
                prompts=form.prompts(),
                decision=data["decision"],
                request=request,
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            where = " and the decision is on their chronology" if data["decision"].strip() else ""
            messages.success(request, f"Discussion of {data['child'].full_name} added{where}")
            if request.POST.get("action") == "another":
                return redirect("supervision:discussion-add", session_id=session.pk)
            return redirect(session)
    return render(request, "supervision/discussion_form.html", {"form": form, "session": session})


@permission_required(Perm.WRITE_REFLECTIONS)
def reflections(request, session_id):
    session = _session_or_404(request, session_id)
    require(
        request.user, Perm.WRITE_REFLECTIONS, session, "Only the people supervised add their reflections."
    )
    attendance = next(a for a in session.attendances.all() if a.supervisee_id == request.user.pk)
    private = selectors.own_private_reflection(session, request.user)
    if request.method == "POST":
        form = forms.ReflectionsForm(request.POST)
        if form.is_valid():
            services.write_reflections(
                by=request.user,
                session=session,
                own_reflections=form.cleaned_data["own_reflections"],
                private_text=form.cleaned_data["private_text"],
                request=request,
            )
            messages.success(request, "Your reflections have been saved")
            return redirect(session)
    else:
        if private is not None:
            services.record_private_read(by=request.user, reflection=private, request=request)
        form = forms.ReflectionsForm(
            initial={
                "own_reflections": attendance.own_reflections,
                "private_text": private.text if private else "",
            }
        )
    return render(request, "supervision/reflections_form.html", {"form": form, "session": session})


@signed_in
def decision(request, discussion_id):
    """A decision agreed in supervision, as it stands on the child's case (linked from the chronology).

    Whoever may see the child sees the decision; the reflection around it stays in the supervision record.
    """
    discussion = selectors.decision_for_page(discussion_id)
    if discussion is None:
        raise Http404("No decision found")
    child = get_child_or_deny(request, discussion.child_id, what="supervision_decision")
    can_open = selectors.may_open_session(request.user, discussion.session_id)
    return render(
        request,
        "supervision/decision.html",
        {
            "discussion": discussion,
            "child": child,
            "held_on": date_in_words(discussion.session.held_on),
            "can_open_session": can_open,
        },
    )


# --- practice observations -----------------------------------------------------------------------


@permission_required(Perm.VIEW_OBSERVATIONS)
def observations(request):
    return render(
        request,
        "supervision/observations.html",
        {
            "page_obj": _page(request, selectors.observations_for(request.user)),
            "can_record": request.user.has_perm(Perm.RECORD_OBSERVATION),
        },
    )


@permission_required(Perm.RECORD_OBSERVATION)
def observation_add(request):
    form = forms.ObservationForm(request.POST or None, people=selectors.observable_people(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            observation = services.record_observation(
                by=request.user,
                observed=data["observed"],
                observed_on=data["observed_on"],
                setting=data["setting"],
                context=data["context"],
                summary=data["summary"],
                ratings=form.ratings(),
                request=request,
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Your feedback to {observation.observed} has been saved. They can respond to it"
            )
            return redirect(observation)
    return render(request, "supervision/observation_form.html", {"form": form})


def _observation_or_404(request, observation_id):
    observation = selectors.observation_for_page(request.user, observation_id)
    if observation is None:
        raise Http404("No observation found")
    return observation


@permission_required(Perm.VIEW_OBSERVATIONS)
def observation_detail(request, observation_id):
    observation = _observation_or_404(request, observation_id)
    require(request.user, Perm.VIEW_OBSERVATION, observation)
    services.record_observation_viewed(by=request.user, observation=observation, request=request)
    return render(
        request,
        "supervision/observation.html",
        {
            "observation": observation,
            "can_respond": request.user.has_perm(Perm.RESPOND_TO_OBSERVATION, observation),
        },
    )


@permission_required(Perm.VIEW_OBSERVATIONS)
def observation_respond(request, observation_id):
    observation = _observation_or_404(request, observation_id)
    require(
        request.user, Perm.RESPOND_TO_OBSERVATION, observation, "Only the worker who was observed responds."
    )
    form = forms.ObservationResponseForm(request.POST or None, initial={"response": observation.response})
    if request.method == "POST" and form.is_valid():
        services.respond_to_observation(
            by=request.user, observation=observation, response=form.cleaned_data["response"], request=request
        )
        messages.success(request, "Your response has been saved")
        return redirect(observation)
    return render(request, "supervision/observation_respond.html", {"form": form, "observation": observation})


# --- mentoring -----------------------------------------------------------------------------------


@permission_required(Perm.VIEW_MENTORING)
def mentoring(request):
    return render(
        request,
        "supervision/mentoring.html",
        {
            "page_obj": _page(request, selectors.mentoring_for(request.user)),
            "can_start": request.user.has_perm(Perm.START_MENTORING),
        },
    )


@permission_required(Perm.START_MENTORING)
def mentoring_add(request):
    form = forms.MentoringForm(request.POST or None, people=selectors.observable_people(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            relationship = services.start_mentoring(
                by=request.user,
                mentee=data["mentee"],
                started_on=data["started_on"],
                goals=form.goal_lines(),
                request=request,
            )
        except services.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Mentoring of {relationship.mentee} has started")
            return redirect(relationship)
    return render(request, "supervision/mentoring_form.html", {"form": form})


def _mentoring_or_404(request, mentoring_id):
    relationship = selectors.mentoring_for_page(request.user, mentoring_id)
    if relationship is None:
        raise Http404("No mentoring found")
    return relationship


@permission_required(Perm.VIEW_MENTORING)
def mentoring_detail(request, mentoring_id):
    relationship = _mentoring_or_404(request, mentoring_id)
    services.record_mentoring_viewed(by=request.user, mentoring=relationship, request=request)
    return render(
        request,
        "supervision/mentoring_detail.html",
        {
            "mentoring": relationship,
            "can_write": request.user.has_perm(Perm.WRITE_MENTORING_NOTE, relationship),
        },
    )


@permission_required(Perm.WRITE_MENTORING_NOTE)
def mentoring_note_add(request, mentoring_id):
    relationship = _mentoring_or_404(request, mentoring_id)
    require(request.user, Perm.WRITE_MENTORING_NOTE, relationship)
    open_goals = relationship.goals.filter(achieved_on__isnull=True)
    form = forms.MentoringNoteForm(request.POST or None, goals=open_goals)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_mentoring_note(
            by=request.user,
            mentoring=relationship,
            written_on=data["written_on"],
            text=data["text"],
            achieved_goals=data.get("achieved", []),
            request=request,
        )
        messages.success(request, "Progress note added")
        return redirect(relationship)
    return render(request, "supervision/mentoring_note_form.html", {"form": form, "mentoring": relationship})
