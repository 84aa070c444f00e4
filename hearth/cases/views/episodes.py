"""Episodes of help: the child's referrals, assessments, enquiries, plans, looked-after episodes and
contacts; the forms that record them; and allocation of the case to a unit and lead worker.

Each view: the child through `get_child_or_deny` (404 out of reach, 403 to break glass, audited) ->
the permission on that child -> the record through the child -> a form -> one service -> redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from hearth.core import extensions
from hearth.core.permissions import permission_required, require, signed_in
from hearth.core.presenters import date_in_words
from hearth.people.access import get_child_or_deny
from hearth.people.permissions import Perm as PeoplePerm

from ..forms import episodes as forms
from ..models import TransitionError
from ..permissions import Perm
from ..selectors import episodes as selectors
from ..services import episodes as services
from ..services.allocation import allocate as allocate_case


def _child_to_change(request, child_id):
    child = get_child_or_deny(request, child_id, what="episodes")
    require(request.user, Perm.MANAGE_EPISODES, child)
    return child


def _form_page(
    request, child, form, *, save, heading, button, success, rows=(), intro="", template=None, extra=None
):
    """Validate, call the service, and go back to the episodes page; or show the form with its errors.

    `save(cleaned_data)` calls one service; a `TransitionError` becomes an error in the summary and
    nothing is written. When it returns a URL (a string), the person goes there instead.
    """
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except TransitionError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, success)
            next_url = result if isinstance(result, str) else reverse("cases:episodes", args=[child.pk])
            return redirect(next_url)
    return render(
        request,
        template or "cases/episodes/form.html",
        {
            "child": child,
            "form": form,
            "heading": heading,
            "button": button,
            "rows": rows,
            "intro": intro,
            "back_url": reverse("cases:episodes", args=[child.pk]),
            **(extra or {}),
        },
    )


def _referral_rows(referral):
    return [
        {"key": "Referral date", "value": date_in_words(referral.cin_referral_date)},
        {"key": "Referral source", "value": referral.get_referral_source_display()},
    ]


@signed_in
def episodes(request, child_id):
    child = get_child_or_deny(request, child_id, what="episodes")
    user = request.user
    return render(
        request,
        "cases/episodes/list.html",
        {
            "child": child,
            "episodes": selectors.episodes_of_help(child),
            "can_manage": user.has_perm(Perm.MANAGE_EPISODES, child),
            "can_allocate": user.has_perm(Perm.ALLOCATE, child),
        },
    )


@permission_required(Perm.MANAGE_EPISODES)
def contact_add(request, child_id):
    child = _child_to_change(request, child_id)
    form = forms.ContactForm(request.POST or None)

    def save(data):
        services.record_contact(by=request.user, child=child, request=request, **data)
        if data["outcome"] == "referral":
            query = urlencode({"referral_date": f"{data['contact_date']:%d/%m/%Y}", "source": data["source"]})
            return reverse("cases:referral-add", args=[child.pk]) + "?" + query
        return None

    return _form_page(
        request,
        child,
        form,
        save=save,
        heading="Record a contact",
        button="Save contact",
        success="Contact recorded",
    )


@permission_required(Perm.MANAGE_EPISODES)
def referral_add(request, child_id):
    child = _child_to_change(request, child_id)
    initial = {k: request.GET[k] for k in ("referral_date", "source") if k in request.GET}
    form = forms.ReferralForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        child,
        form,
        save=lambda data: services.record_referral(by=request.user, child=child, request=request, **data),
        heading="Record a referral",
        button="Save referral",
        success="Referral recorded",
        intro="A referral starts an episode of help. A child can have only one open episode at a time.",
    )


@permission_required(Perm.MANAGE_EPISODES)
def assessment_add(request, child_id, referral_id):
    child = _child_to_change(request, child_id)
    referral = selectors.referral_of(child, referral_id)
    form = forms.StartDateForm(request.POST or None, label="Date the assessment started", what="start date")
    return _form_page(
        request,
        child,
        form,
        save=lambda data: services.start_assessment(
            by=request.user, referral=referral, started_on=data["on"], request=request
        ),
        heading="Start a child and family assessment",
        button="Start assessment",
        success="Assessment started",
        rows=_referral_rows(referral),
        intro="The assessment should be completed within 45 working days of the referral.",
    )


@permission_required(Perm.MANAGE_EPISODES)
def assessment_complete(request, child_id, assessment_id):
    child = _child_to_change(request, child_id)
    assessment = selectors.assessment_of(child, assessment_id)
    form = forms.AssessmentCompleteForm(request.POST or None)
    return _form_page(
        request,
        child,
        form,
        save=lambda data: _with_prompts_used(
            request,
            services.complete_assessment(by=request.user, assessment=assessment, request=request, **data),
            child,
        ),
        heading="Complete the assessment",
        button="Save and complete",
        success="Assessment completed",
        rows=[{"key": "Assessment started", "value": date_in_words(assessment.assessment_actual_start_date)}],
        template="cases/episodes/assessment_complete.html",
        extra={  # --- framework ---
            "recording_prompts": extensions.recording_prompts("assessment"),
            "prompts_ticked": request.POST.getlist("framework_prompts"),
        },
    )


def _with_prompts_used(request, assessment, child):
    """The practice model's questions the worker ticked on the assessment (core.extensions slot)."""
    extensions.RECORDING_PROMPTS_USED.collect(
        request.user, "assessment", assessment, child.pk, request.POST.getlist("framework_prompts")
    )
    return assessment


@permission_required(Perm.MANAGE_EPISODES)
def assessment_withdraw(request, child_id, assessment_id):
    child = _child_to_change(request, child_id)
    assessment = selectors.assessment_of(child, assessment_id)
    form = forms.AssessmentWithdrawForm(request.POST or None, assessment=assessment)
    return _form_page(
        request,
        child,
        form,
        save=lambda data: services.withdraw_assessment(
            by=request.user,
            assessment=assessment,
            withdrawn_on=data["withdrawn_on"],
            reason=data["reason"],
            request=request,
        ),
        heading="Withdraw the assessment",
        button="Withdraw assessment",
        success="Assessment withdrawn",
        rows=[{"key": "Assessment started", "value": date_in_words(assessment.assessment_actual_start_date)}],
        intro="Withdraw an assessment that stopped before it was authorised. It stays on the record, "
        "marked withdrawn, and no longer counts as open.",
    )


@permission_required(Perm.MANAGE_EPISODES)
def s47_add(request, child_id, referral_id):
    child = _child_to_change(request, child_id)
    referral = selectors.referral_of(child, referral_id)
    form = forms.Section47Form(request.POST or None)
    return _form_page(
        request,
        child,
        form,
        save=lambda data: services.start_section47(
            by=request.user, referral=referral, request=request, **data
        ),
        heading="Start a section 47 enquiry",
        button="Save enquiry",
        success="Section 47 enquiry recorded",
        rows=_referral_rows(referral),
    )


@permission_required(Perm.MANAGE_EPISODES)
def icpc_record(request, child_id, s47_id):
    child = _child_to_change(request, child_id)
    enquiry = selectors.section47_of(child, s47_id)
    form = forms.StartDateForm(request.POST or None, label="Date of the conference", what="conference date")
    return _form_page(
        request,
        child,
        form,
        save=lambda data: services.record_initial_conference(
            by=request.user, enquiry=enquiry, held_on=data["on"], request=request
        ),
        heading="Record the initial child protection conference",
        button="Save conference",
        success="Initial conference recorded",
        rows=[
            {"key": "Enquiry started", "value": date_in_words(enquiry.s47_actual_start_date)},
            {"key": "Conference target date", "value": date_in_words(enquiry.initial_cpc_target)},
        ],
        intro="If the conference decided on a child protection plan, start the plan next.",
    )


@permission_required(Perm.MANAGE_EPISODES)
def cp_plan_add(request, child_id, referral_id):
    child = _child_to_change(request, child_id)
    referral = selectors.referral_of(child, referral_id)
    form = forms.CPPlanForm(request.POST or None)
    return _form_page(
        request,
        child,
        form,
        save=lambda data: services.start_cp_plan(by=request.user, referral=referral, request=request, **data),
        heading="Start a child protection plan",
        button="Start plan",
        success="Child protection plan started",
        rows=_referral_rows(referral),
    )


@permission_required(Perm.MANAGE_EPISODES)
def cp_plan_review_add(request, child_id, plan_id):
    child = _child_to_change(request, child_id)
    plan = selectors.cp_plan_of(child, plan_id)
    form = forms.StartDateForm(
        request.POST or None, label="Date of the review conference", what="review conference date"
    )
    return _form_page(
        request,
        child,
        form,
        save=lambda data: services.add_cp_review(
            by=request.user, plan=plan, reviewed_on=data["on"], request=request
        ),
        heading="Record a review child protection conference",
        button="Save review",
        success="Review conference recorded",
        rows=[{"key": "Plan started", "value": date_in_words(plan.cpp_start_date)}],
        intro="The first review is due within 3 months of the plan starting, then at most every 6 months.",
    )


@permission_required(Perm.MANAGE_EPISODES)
def cp_plan_category(request, child_id, plan_id):
    child = _child_to_change(request, child_id)
    plan = selectors.cp_plan_of(child, plan_id)
    form = forms.CPCategoryForm(request.POST or None, plan=plan)
    return _form_page(
        request,
        child,
        form,
        save=lambda data: services.change_cp_category(
            by=request.user,
            plan=plan,
            changed_on=data["changed_on"],
            category=data["category"],
            request=request,
        ),
        heading="Change the category of abuse",
        button="Save category",
        success="Category of abuse changed",
        rows=[
            {"key": "Plan started", "value": date_in_words(plan.cpp_start_date)},
            {"key": "Initial category", "value": plan.get_initial_category_of_abuse_display()},
            {"key": "Latest category", "value": plan.get_latest_category_of_abuse_display()},
        ],
    )


@permission_required(Perm.MANAGE_EPISODES)
def cp_plan_end(request, child_id, plan_id):
    child = _child_to_change(request, child_id)
    plan = selectors.cp_plan_of(child, plan_id)
    form = forms.StartDateForm(request.POST or None, label="Date the plan ended", what="end date")
    return _form_page(
        request,
        child,
        form,
        save=lambda data: services.end_cp_plan(
            by=request.user, plan=plan, ended_on=data["on"], request=request
        ),
        heading="End the child protection plan",
        button="End plan",
        success="Child protection plan ended",
        rows=[{"key": "Plan started", "value": date_in_words(plan.cpp_start_date)}],
    )


@permission_required(Perm.MANAGE_EPISODES)
def cin_plan_add(request, child_id, referral_id):
    child = _child_to_change(request, child_id)
    referral = selectors.referral_of(child, referral_id)
    form = forms.StartDateForm(request.POST or None, label="Date the plan started", what="plan start date")
    return _form_page(
        request,
        child,
        form,
        save=lambda data: services.start_cin_plan(
            by=request.user, referral=referral, started_on=data["on"], request=request
        ),
        heading="Start a child in need plan",
        button="Start plan",
        success="Child in need plan started",
        rows=_referral_rows(referral),
    )


@permission_required(Perm.MANAGE_EPISODES)
def cin_plan_end(request, child_id, plan_id):
    child = _child_to_change(request, child_id)
    plan = selectors.cin_plan_of(child, plan_id)
    form = forms.StartDateForm(request.POST or None, label="Date the plan ended", what="end date")
    return _form_page(
        request,
        child,
        form,
        save=lambda data: services.end_cin_plan(
            by=request.user, plan=plan, ended_on=data["on"], request=request
        ),
        heading="End the child in need plan",
        button="End plan",
        success="Child in need plan ended",
        rows=[{"key": "Plan started", "value": date_in_words(plan.cin_plan_start_date)}],
    )


@permission_required(Perm.MANAGE_EPISODES)
def looked_after_add(request, child_id):
    child = _child_to_change(request, child_id)
    form = forms.LookedAfterForm(request.POST or None)
    return _form_page(
        request,
        child,
        form,
        save=lambda data: services.start_looked_after(by=request.user, child=child, request=request, **data),
        heading="Record a looked-after episode",
        button="Save episode",
        success="Looked-after episode recorded",
        intro="An episode is one legal status and one placement. When either changes, end the current "
        "episode and record a new one from the same day.",
    )


@permission_required(Perm.MANAGE_EPISODES)
def looked_after_end(request, child_id, episode_id):
    child = _child_to_change(request, child_id)
    episode = selectors.looked_after_of(child, episode_id)
    form = forms.LookedAfterEndForm(request.POST or None)
    return _form_page(
        request,
        child,
        form,
        save=lambda data: services.end_looked_after(
            by=request.user,
            episode=episode,
            ended_on=data["ended_on"],
            reason=data["reason"],
            request=request,
        ),
        heading="End the looked-after episode",
        button="End episode",
        success="Looked-after episode ended",
        rows=[
            {"key": "Episode started", "value": date_in_words(episode.decom)},
            {"key": "Legal status", "value": episode.get_legal_status_display()},
            {"key": "Placement", "value": episode.get_place_display()},
        ],
    )


@permission_required(Perm.MANAGE_EPISODES)
def referral_close(request, child_id, referral_id):
    child = _child_to_change(request, child_id)
    referral = selectors.referral_of(child, referral_id)
    form = forms.CloseReferralForm(request.POST or None)
    return _form_page(
        request,
        child,
        form,
        save=lambda data: services.close_referral(
            by=request.user,
            referral=referral,
            closed_on=data["closed_on"],
            reason=data["reason"],
            request=request,
        ),
        heading="Close the case",
        button="Close case",
        success="Case closed",
        rows=_referral_rows(referral),
        intro="End any plan, looked-after episode or open assessment before closing the case.",
    )


# --- allocation --------------------------------------------------------------------------------


def _unit_from_post(request, units):
    unit_id = request.POST.get("unit", "")
    return units.filter(pk=int(unit_id)).first() if unit_id.isdigit() else None


@permission_required(Perm.ALLOCATE)
def allocate(request, child_id):
    """Two steps that work without JavaScript: choose the unit (GET), then its lead worker (POST)."""
    child = get_child_or_deny(request, child_id, what="allocation")
    require(request.user, Perm.ALLOCATE, child)
    units = selectors.units_to_allocate_to()
    unit_form = forms.UnitChoiceForm(
        request.GET if "unit" in request.GET else None, units=units, initial={"unit": child.allocated_unit_id}
    )
    unit, form = None, None
    if request.method == "POST":
        unit = _unit_from_post(request, units)
        if unit is None:
            unit_form = forms.UnitChoiceForm({"unit": ""}, units=units)
    elif unit_form.is_bound and unit_form.is_valid():
        unit = unit_form.cleaned_data["unit"]
    if unit is not None:
        form = forms.AllocationForm(request.POST or None, unit=unit, members=selectors.unit_members(unit))
        if request.method == "POST" and form.is_valid():
            try:
                allocate_case(
                    by=request.user,
                    child=child,
                    unit=unit,
                    lead_worker=form.cleaned_data["lead_worker"],
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except TransitionError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                lead = form.cleaned_data["lead_worker"]
                messages.success(request, f"The case is now allocated to {unit}, lead worker {lead}")
                if request.user.has_perm(PeoplePerm.VIEW_CHILD, child):
                    return redirect("cases:allocate", child_id=child.pk)
                return redirect("core:home")
    return render(
        request,
        "cases/episodes/allocate.html",
        {
            "child": child,
            "unit_form": unit_form,
            "unit": unit,
            "form": form,
            "history": selectors.allocation_history(child),
            "back_url": reverse("cases:episodes", args=[child.pk]),
        },
    )
