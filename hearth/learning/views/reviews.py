"""Learning reviews: the list, opening one, its page (scope, children involved, timeline, findings,
recommendations and actions), changing it, and moving it draft → in review → published.

A review is fetched through `reviews_visible_to` (404 for anyone else); then the permission is checked
(403). The children involved are shown only to people who can see them, and every read is audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.core.forms import add_validation_error
from hearth.core.permissions import permission_checked_in_view, permission_required, require
from hearth.core.presenters import date_in_words

from .. import selectors, services
from ..forms import ActionForm, ChildForm, DoneForm, FindingsForm, RecommendationForm, ReviewForm
from ..language import blame_phrases
from ..models import ActionStatus, ReviewAction, ReviewStatus, TransitionError
from ..permissions import Perm

PAGE_SIZE = 25
ONLY_OWNERS = (
    "Only the principal social worker, the quality lead or a manager of the unit can change this review."
)


def _review_or_404(request, review_id):
    review = selectors.review_for_page(request.user, review_id)
    if review is None:
        raise Http404("No such review")
    return review


@permission_required(Perm.VIEW_REVIEWS)
def review_list(request):
    shown = "published" if request.GET.get("status") == "published" else "open"
    page = Paginator(selectors.reviews_list(request.user, shown), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "review": r,
            "kind": r.get_kind_display(),
            "unit": r.unit.name if r.unit_id else "Whole service",
            "opened": date_in_words(r.created_at),
            "published": date_in_words(r.published_at),
            "tag": (r.get_status_display(), selectors.REVIEW_COLOURS[r.status]),
        }
        for r in page
    ]
    return render(
        request,
        "learning/reviews.html",
        {
            "page_obj": page,
            "rows": rows,
            "shown": shown,
            "filters": [("open", "Open"), ("published", "Published")],
            "query_string": f"status={shown}",
            "can_open": request.user.has_perm(Perm.OPEN_REVIEW),
        },
    )


@permission_required(Perm.OPEN_REVIEW)
def review_open(request):
    units = selectors.units_for_review(request.user)
    form = ReviewForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = services.open_review(
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                scope=data["scope"],
                unit=data.get("unit"),
                period_start=data["period_start"],
                period_end=data["period_end"],
                themes=data["themes"],
                request=request,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except PermissionDenied as error:
            form.add_error("unit", str(error))
        else:
            messages.success(request, "The review has been opened as a draft")
            return redirect("learning:review", review_id=review.pk)
    return render(request, "learning/review_form.html", {"form": form, "review": None})


def _render_review(request, review, *, forms=None, status=200):
    today = timezone.localdate()
    forms = forms or {}
    can_edit = request.user.has_perm(Perm.EDIT_REVIEW, review) and not review.is_published
    can_publish = request.user.has_perm(Perm.PUBLISH, review)
    children, hidden = selectors.involved_children(request.user, review, request=request)
    entries, more = selectors.timeline(request.user, review, children)
    actions = selectors.actions_of(review)
    findings = [
        ("What helped", review.what_helped),
        ("What got in the way", review.what_got_in_the_way),
        ("What we will do", review.what_we_will_do),
    ]
    near_miss = getattr(review, "near_miss", None) if review.kind == "near-miss" else None
    return render(
        request,
        "learning/review.html",
        {
            "review": review,
            "tag": (review.get_status_display(), selectors.REVIEW_COLOURS[review.status]),
            "summary": [
                {"key": "Kind of review", "value": review.get_kind_display()},
                {"key": "Unit", "value": review.unit.name if review.unit_id else "Whole service"},
                {"key": "Period", "value": _period(review)},
                {"key": "Themes", "value": ", ".join(review.theme_labels())},
                {
                    "key": "Opened by",
                    "value": f"{review.opened_by.full_name}, {date_in_words(review.created_at)}",
                },
                {"key": "Published", "value": date_in_words(review.published_at)},
            ],
            "scope": review.scope,
            "children": [{"child": c, "born": date_in_words(c.date_of_birth)} for c in children],
            "hidden_children": hidden,
            "entries": [
                {
                    "when": date_in_words(e.occurred_at),
                    "child": e.child.full_name,
                    "kind": e.get_kind_display(),
                    "title": e.title,
                    "summary": e.summary,
                }
                for e in entries
            ],
            "more_entries": more,
            "findings": findings,
            "blame": blame_phrases(*(text for _, text in findings)),
            "recommendations": list(review.recommendations.all()),
            "actions": [
                {
                    "action": a,
                    "owner": a.owner.full_name,
                    "due": date_in_words(a.due_on),
                    "done": a.status == ActionStatus.DONE,
                    "done_on": date_in_words(a.done_at),
                    "overdue": a.is_overdue(today),
                    "can_complete": a.status == ActionStatus.OPEN
                    and (a.owner_id == request.user.pk or can_edit or can_publish),
                }
                for a in actions
            ],
            "near_miss": near_miss,
            "can_edit": can_edit,
            "can_add_actions": can_edit or (can_publish and review.is_published),
            "can_submit": can_edit and review.status == ReviewStatus.DRAFT,
            "can_return": can_publish and review.status == ReviewStatus.IN_REVIEW,
            "can_publish": can_publish and review.status == ReviewStatus.IN_REVIEW,
            "child_form": forms.get("child") or ChildForm(),
            "recommendation_form": forms.get("recommendation") or RecommendationForm(),
            "action_form": forms.get("action") or ActionForm(),
            "done_form": DoneForm(),
            "error_forms": [f for f in forms.values() if f is not None],
            "library_entry": getattr(review, "library_entry", None) if review.is_published else None,
        },
        status=status,
    )


def _period(review) -> str:
    if review.period_start and review.period_end:
        return f"{date_in_words(review.period_start)} to {date_in_words(review.period_end)}"
    if review.period_start:
        return f"From {date_in_words(review.period_start)}"
    if review.period_end:
        return f"Up to {date_in_words(review.period_end)}"
    return "The whole of the children's chronologies"


@permission_checked_in_view(Perm.VIEW_REVIEWS)
def review_detail(request, review_id):
    review = _review_or_404(request, review_id)
    require(request.user, Perm.VIEW_REVIEWS, review)
    return _render_review(request, review)


@permission_checked_in_view(Perm.EDIT_REVIEW)
def review_edit(request, review_id):
    review = _review_or_404(request, review_id)
    require(request.user, Perm.EDIT_REVIEW, review, ONLY_OWNERS)
    initial = {
        "title": review.title,
        "scope": review.scope,
        "period_start": review.period_start,
        "period_end": review.period_end,
        "themes": review.themes,
    }
    form = ReviewForm(request.POST or None, initial=initial, with_kind=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_review(
                by=request.user,
                review=review,
                title=data["title"],
                scope=data["scope"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                themes=data["themes"],
                request=request,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("learning:review", review_id=review.pk)
        else:
            messages.success(request, "The review has been changed")
            return redirect("learning:review", review_id=review.pk)
    return render(request, "learning/review_form.html", {"form": form, "review": review})


@permission_checked_in_view(Perm.EDIT_REVIEW)
def review_findings(request, review_id):
    review = _review_or_404(request, review_id)
    require(request.user, Perm.EDIT_REVIEW, review, ONLY_OWNERS)
    form = FindingsForm(
        request.POST or None,
        initial={
            "what_helped": review.what_helped,
            "what_got_in_the_way": review.what_got_in_the_way,
            "what_we_will_do": review.what_we_will_do,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.write_findings(by=request.user, review=review, request=request, **form.cleaned_data)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            phrases = blame_phrases(*form.cleaned_data.values())
            messages.success(request, "The findings have been saved")
            if phrases:
                messages.warning(
                    request,
                    "Some words may read as blame of a person: "
                    + ", ".join(f"'{p}'" for p in phrases)
                    + ". Consider describing what made it hard instead.",
                )
        return redirect("learning:review", review_id=review.pk)
    return render(request, "learning/findings_form.html", {"form": form, "review": review})


def _post_form(request, review_id, form_class, key, call, success, perm=Perm.EDIT_REVIEW):
    review = _review_or_404(request, review_id)
    require(request.user, perm, review, ONLY_OWNERS)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(review, form.cleaned_data)
        except TransitionError as error:
            messages.error(request, str(error))
        except ValidationError as error:
            add_validation_error(form, error)
            return _render_review(request, review, forms={key: form})
        else:
            messages.success(request, success)
            return redirect("learning:review", review_id=review.pk)
        return redirect("learning:review", review_id=review.pk)
    return _render_review(request, review, forms={key: form})


@require_POST
@permission_checked_in_view(Perm.EDIT_REVIEW)
def add_child(request, review_id):
    return _post_form(
        request,
        review_id,
        ChildForm,
        "child",
        lambda review, data: services.add_child(
            by=request.user, review=review, child_ref=data["child"], request=request
        ),
        "The child has been added to the review",
    )


@require_POST
@permission_checked_in_view(Perm.EDIT_REVIEW)
def add_recommendation(request, review_id):
    return _post_form(
        request,
        review_id,
        RecommendationForm,
        "recommendation",
        lambda review, data: services.add_recommendation(
            by=request.user, review=review, text=data["text"], request=request
        ),
        "The recommendation has been added",
    )


@require_POST
@permission_checked_in_view(Perm.EDIT_REVIEW)
def add_action(request, review_id):
    review = _review_or_404(request, review_id)
    perm = Perm.PUBLISH if review.is_published else Perm.EDIT_REVIEW
    return _post_form(
        request,
        review_id,
        ActionForm,
        "action",
        lambda review, data: services.add_action(
            by=request.user,
            review=review,
            description=data["description"],
            owner=data["owner"],
            due_on=data["due_on"],
            request=request,
        ),
        "The action has been added: it is on its owner's work list",
        perm=perm,
    )


MOVES = {
    "submit": (Perm.EDIT_REVIEW, services.submit_review, "The review has been sent for review"),
    "return": (Perm.PUBLISH, services.return_review, "The review is back in draft"),
    "publish": (
        Perm.PUBLISH,
        services.publish_review,
        "The review is published: its learning is in the library",
    ),
}


@require_POST
@permission_checked_in_view(Perm.EDIT_REVIEW)
def review_move(request, review_id):
    review = _review_or_404(request, review_id)
    require(request.user, Perm.EDIT_REVIEW, review, ONLY_OWNERS)
    move = MOVES.get(request.POST.get("to", ""))
    if move is None:
        messages.error(request, "Choose what to do with the review")
        return redirect("learning:review", review_id=review.pk)
    perm, service, success = move
    require(request.user, perm, review, ONLY_OWNERS)
    try:
        service(by=request.user, review=review, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("learning:review", review_id=review.pk)


@require_POST
@permission_checked_in_view(Perm.VIEW_REVIEWS)
def action_done(request, action_id):
    action = get_object_or_404(ReviewAction.objects.only("pk", "review_id"), pk=action_id)
    review = _review_or_404(request, action.review_id)
    action = get_object_or_404(ReviewAction, pk=action_id)
    form = DoneForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.complete_action(by=request.user, action=action, note=note, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The action is done")
    return redirect("learning:review", review_id=review.pk)
