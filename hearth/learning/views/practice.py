"""Near misses (report one in a minute; the owners take one into a review) and practice experiments
(propose, agree, record the outcome, publish the learning)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.core.forms import add_validation_error
from hearth.core.permissions import permission_checked_in_view, permission_required, require
from hearth.core.presenters import date_in_words

from .. import selectors, services
from ..forms import DecisionForm, ExperimentForm, NearMissForm, OutcomeForm
from ..models import ExperimentStatus, Theme, TransitionError
from ..permissions import Perm

PAGE_SIZE = 25


# --- near misses ---------------------------------------------------------------------------------------


@permission_required(Perm.REPORT_NEAR_MISS)
def near_miss_report(request):
    form = NearMissForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            near_miss = services.report_near_miss(by=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request, "Thank you. Your near miss has been reported so that everyone can learn from it"
            )
            return redirect("learning:near-miss", near_miss_id=near_miss.pk)
    return render(request, "learning/near_miss_form.html", {"form": form})


@permission_required(Perm.REPORT_NEAR_MISS)
def near_miss_list(request):
    qs = selectors.near_misses_visible_to(request.user).select_related("reported_by", "unit")
    page = Paginator(qs.order_by("-reported_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "near_miss": n,
            "reported": date_in_words(n.reported_at),
            "by": "You" if n.reported_by_id == request.user.pk else n.reporter_shown(),
            "theme": Theme(n.theme).label,
            "unit": n.unit.name if n.unit_id else "",
            "status": n.get_status_display(),
        }
        for n in page
    ]
    return render(
        request,
        "learning/near_misses.html",
        {"page_obj": page, "rows": rows, "sees_others": request.user.has_perm(Perm.VIEW_NEAR_MISSES)},
    )


@permission_required(Perm.REPORT_NEAR_MISS)
def near_miss_detail(request, near_miss_id):
    near_miss = selectors.near_miss_for_page(request.user, near_miss_id)
    if near_miss is None:
        raise Http404("No such near miss")
    mine = near_miss.reported_by_id == request.user.pk
    return render(
        request,
        "learning/near_miss.html",
        {
            "near_miss": near_miss,
            "summary": [
                {"key": "What happened", "value": near_miss.what_happened},
                {"key": "What stopped harm", "value": near_miss.what_stopped_harm},
                {"key": "Theme", "value": Theme(near_miss.theme).label},
                {"key": "Reported", "value": date_in_words(near_miss.reported_at)},
                {
                    "key": "Reported by",
                    "value": ("You (your name is not shown to others)" if near_miss.hide_name else "You")
                    if mine
                    else near_miss.reporter_shown(),
                },
                {"key": "Unit", "value": near_miss.unit.name if near_miss.unit_id else ""},
            ],
            "can_review": request.user.has_perm(Perm.PUBLISH) and near_miss.review_id is None,
            "review_visible": near_miss.review_id is not None
            and selectors.review_for_page(request.user, near_miss.review_id) is not None,
        },
    )


@require_POST
@permission_required(Perm.PUBLISH)
def near_miss_take(request, near_miss_id):
    near_miss = selectors.near_miss_for_page(request.user, near_miss_id)
    if near_miss is None:
        raise Http404("No such near miss")
    try:
        review = services.take_near_miss_into_review(by=request.user, near_miss=near_miss, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("learning:near-miss", near_miss_id=near_miss.pk)
    messages.success(request, "A near-miss review has been opened from this near miss")
    return redirect("learning:review", review_id=review.pk)


# --- experiments ---------------------------------------------------------------------------------------


@permission_required(Perm.VIEW_EXPERIMENTS)
def experiment_list(request):
    shown = request.GET.get("status")
    shown = shown if shown in {"proposed", "running", "finished"} else "running"
    today = timezone.localdate()
    page = Paginator(selectors.experiments_for(request.user, shown), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "experiment": e,
            "unit": e.unit.name if e.unit_id else "",
            "by": e.proposed_by.full_name,
            "review_on": date_in_words(e.review_on),
            "tags": selectors.experiment_tags(e, today),
        }
        for e in page
    ]
    return render(
        request,
        "learning/experiments.html",
        {
            "page_obj": page,
            "rows": rows,
            "shown": shown,
            "filters": [
                ("running", "Running"),
                ("proposed", "Waiting to be agreed"),
                ("finished", "Finished"),
            ],
            "query_string": f"status={shown}",
            "overdue": sum(1 for r in rows if len(r["tags"]) > 1),
        },
    )


@permission_required(Perm.PROPOSE_EXPERIMENT)
def experiment_propose(request):
    form = ExperimentForm(request.POST or None, units=selectors.units_for_choice(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            experiment = services.propose_experiment(by=request.user, data=form.cleaned_data, request=request)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                "Your experiment has been proposed. A manager or the principal social worker will agree it",
            )
            return redirect("learning:experiment", experiment_id=experiment.pk)
    return render(request, "learning/experiment_form.html", {"form": form})


def _experiment_or_404(experiment_id):
    experiment = selectors.experiment_for_page(experiment_id)
    if experiment is None:
        raise Http404("No such experiment")
    return experiment


def _render_experiment(request, experiment, *, decision_form=None, outcome_form=None):
    today = timezone.localdate()
    user = request.user
    return render(
        request,
        "learning/experiment.html",
        {
            "experiment": experiment,
            "tags": selectors.experiment_tags(experiment, today),
            "summary": [
                {"key": "Hypothesis", "value": experiment.hypothesis},
                {"key": "What we will try", "value": experiment.what_we_will_try},
                {"key": "For which families", "value": experiment.for_which_families},
                {"key": "How we will know if it helped", "value": experiment.how_we_will_know},
                {"key": "Review date", "value": date_in_words(experiment.review_on)},
                {"key": "Themes", "value": ", ".join(experiment.theme_labels())},
                {"key": "Unit", "value": experiment.unit.name if experiment.unit_id else ""},
                {
                    "key": "Proposed by",
                    "value": f"{experiment.proposed_by.full_name}, {date_in_words(experiment.created_at)}",
                },
            ],
            "decided_on": date_in_words(experiment.decided_at),
            "can_decide": experiment.status == ExperimentStatus.PROPOSED
            and user.has_perm(Perm.AGREE_EXPERIMENT, experiment)
            and experiment.proposed_by_id != user.pk,
            "can_finish": experiment.status == ExperimentStatus.RUNNING
            and services.can_record_outcome(user, experiment),
            "can_publish": experiment.status == ExperimentStatus.FINISHED and user.has_perm(Perm.PUBLISH),
            "decision_form": decision_form or DecisionForm(),
            "outcome_form": outcome_form or OutcomeForm(),
        },
    )


@permission_required(Perm.VIEW_EXPERIMENTS)
def experiment_detail(request, experiment_id):
    return _render_experiment(request, _experiment_or_404(experiment_id))


@require_POST
@permission_checked_in_view(Perm.AGREE_EXPERIMENT)
def experiment_decide(request, experiment_id):
    experiment = _experiment_or_404(experiment_id)
    require(
        request.user,
        Perm.AGREE_EXPERIMENT,
        experiment,
        "Only a manager of the unit or the principal social worker can agree an experiment.",
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _render_experiment(request, experiment, decision_form=form)
    agree = form.cleaned_data["decision"] == DecisionForm.AGREE
    try:
        services.decide_experiment(
            by=request.user,
            experiment=experiment,
            agree=agree,
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except TransitionError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        add_validation_error(form, error)
        return _render_experiment(request, experiment, decision_form=form)
    else:
        messages.success(
            request, "The experiment is agreed and running" if agree else "The experiment is not agreed"
        )
    return redirect("learning:experiment", experiment_id=experiment.pk)


@require_POST
@permission_required(Perm.VIEW_EXPERIMENTS)
def experiment_outcome(request, experiment_id):
    experiment = _experiment_or_404(experiment_id)
    if not services.can_record_outcome(request.user, experiment):
        raise PermissionDenied(
            "Only the person who proposed it, a manager of the unit or the principal social worker can do this."
        )
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return _render_experiment(request, experiment, outcome_form=form)
    try:
        services.finish_experiment(
            by=request.user, experiment=experiment, request=request, **form.cleaned_data
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The outcome and the learning have been recorded")
    return redirect("learning:experiment", experiment_id=experiment.pk)


@require_POST
@permission_required(Perm.PUBLISH)
def experiment_publish(request, experiment_id):
    experiment = _experiment_or_404(experiment_id)
    try:
        services.publish_experiment(by=request.user, experiment=experiment, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The learning from this experiment is published in the library")
    return redirect("learning:experiment", experiment_id=experiment.pk)
