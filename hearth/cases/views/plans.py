"""Plans written with the family: the child's plans, a new plan with its goals (shared by brothers and
sisters), a plan's page, and its actions and reviews.

A plan page is about every child on it: it shows and audits the children this person may see, answers
404 when they may see none (or 403 with the way to break glass when the only way in is a restricted
record), and lets them change the plan only when they may write for every child on it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from hearth.core import extensions
from hearth.core.permissions import permission_required, require, signed_in
from hearth.core.presenters import date_in_words
from hearth.people.access import BreakGlassRequired, get_child_or_deny

from ..forms import plans as forms
from ..models import TransitionError
from ..permissions import Perm
from ..selectors import plans as selectors
from ..services import plans as services


def _plan_or_deny(request, plan_id):
    """The plan and the children on it whom this person may see, each view audited."""
    child_ids = selectors.plan_child_ids(plan_id)
    visible, glass = [], None
    for child_id in child_ids:
        try:
            visible.append(get_child_or_deny(request, child_id, what="plan"))
        except BreakGlassRequired as error:
            glass = glass or error
        except Http404:
            continue
    if not visible:
        if glass is not None:
            raise glass
        raise Http404("No plan found")
    can_write = len(visible) == len(child_ids) and all(
        request.user.has_perm(Perm.WRITE_PLAN, child) for child in visible
    )
    return selectors.plan_for_page(plan_id), visible, can_write


def _plan_to_change(request, plan_id):
    plan, children, can_write = _plan_or_deny(request, plan_id)
    if not can_write:
        raise PermissionDenied("You do not have permission to change this plan.")
    return plan, children


@signed_in
def plans(request, child_id):
    child = get_child_or_deny(request, child_id, what="plans")
    return render(
        request,
        "cases/plans/list.html",
        {
            "child": child,
            "plans": selectors.plans_for_child(child, request.user),
            "can_write": request.user.has_perm(Perm.WRITE_PLAN, child),
        },
    )


@permission_required(Perm.WRITE_PLAN)
def plan_add(request, child_id):
    child = get_child_or_deny(request, child_id, what="plans")
    require(request.user, Perm.WRITE_PLAN, child)
    companions = selectors.plan_companions(child, request.user)
    if request.method == "POST" and "add_goal" in request.POST:
        form = forms.PlanForm(initial=forms.PlanForm.initial_from(request.POST), companions=companions)
        goals = forms.goal_formset_with_one_more(request.POST)
    else:
        form = forms.PlanForm(request.POST or None, companions=companions)
        goals = forms.goal_formset(request.POST or None)
        valid = [form.is_valid(), goals.is_valid()] if request.method == "POST" else [False]
        if all(valid):
            data = form.cleaned_data
            try:
                plan = services.write_plan(
                    by=request.user,
                    children=[child, *data.get("other_children", [])],
                    kind=data["kind"],
                    strengths=data["strengths"],
                    worries=data["worries"],
                    started_on=data["started_on"],
                    goals=goals.goals(),
                    request=request,
                )
            except TransitionError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                # --- framework: the practice model's questions the worker ticked (core.extensions) ---
                extensions.RECORDING_PROMPTS_USED.collect(
                    request.user, "plan", plan, child.pk, request.POST.getlist("framework_prompts")
                )
                # --- end framework ---
                messages.success(request, f"{plan.get_kind_display()} saved")
                return redirect("cases:plan", plan_id=plan.pk)
    has_errors = bool(form.is_bound and (form.errors or goals.errors or goals.non_form_errors()))
    return render(
        request,
        "cases/plans/form.html",
        {
            "child": child,
            "form": form,
            "goals": goals,
            "has_errors": has_errors,
            "back_url": reverse("cases:plans", args=[child.pk]),
            # --- framework ---
            "recording_prompts": extensions.recording_prompts("plan"),
            "prompts_ticked": request.POST.getlist("framework_prompts"),
            # --- end framework ---
        },
    )


@signed_in
def plan_detail(request, plan_id):
    plan, children, can_write = _plan_or_deny(request, plan_id)
    return render(
        request,
        "cases/plans/detail.html",
        {"plan": plan, "children": children, "can_write": can_write},
    )


def _refuse_if_ended(request, plan):
    """An ended plan takes no more actions, reviews or endings: back to the plan, saying why."""
    try:
        plan.refuse_if_ended()
    except TransitionError as error:
        messages.info(request, " ".join(error.messages))
        return redirect("cases:plan", plan_id=plan.pk)
    return None


def _plan_form_page(request, plan, children, form, *, save, heading, button, success, rows=()):
    if (refused := _refuse_if_ended(request, plan)) is not None:
        return refused
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except TransitionError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, success)
            return redirect("cases:plan", plan_id=plan.pk)
    return render(
        request,
        "cases/plans/plan_form.html",
        {
            "plan": plan,
            "children": children,
            "form": form,
            "heading": heading,
            "button": button,
            "rows": rows,
            "back_url": reverse("cases:plan", args=[plan.pk]),
        },
    )


@permission_required(Perm.WRITE_PLAN)
def plan_action_add(request, plan_id):
    plan, children = _plan_to_change(request, plan_id)
    form = forms.PlanActionForm(request.POST or None, plan=plan)
    return _plan_form_page(
        request,
        plan,
        children,
        form,
        save=lambda data: services.add_plan_action(by=request.user, plan=plan, request=request, **data),
        heading="Add an action",
        button="Save action",
        success="Action added to the plan",
    )


@permission_required(Perm.WRITE_PLAN)
def plan_review_add(request, plan_id):
    plan, children = _plan_to_change(request, plan_id)
    form = forms.PlanReviewForm(request.POST or None, plan=plan)
    return _plan_form_page(
        request,
        plan,
        children,
        form,
        save=lambda data: services.review_plan(
            by=request.user,
            plan=plan,
            reviewed_on=data["reviewed_on"],
            summary=data["summary"],
            achieved_goals=data.get("achieved_goals", []),
            request=request,
        ),
        heading="Review the plan",
        button="Save review",
        success="Review recorded",
    )


@permission_required(Perm.WRITE_PLAN)
def plan_end(request, plan_id):
    plan, children = _plan_to_change(request, plan_id)
    form = forms.PlanEndForm(request.POST or None, plan=plan)
    return _plan_form_page(
        request,
        plan,
        children,
        form,
        save=lambda data: services.end_plan(
            by=request.user, plan=plan, ended_on=data["ended_on"], outcome=data["outcome"], request=request
        ),
        heading="End the plan",
        button="End plan",
        success=f"{plan.get_kind_display()} ended",
        rows=[{"key": "Plan started", "value": date_in_words(plan.started_on)}],
    )
