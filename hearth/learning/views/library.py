"""The learning library (any worker searches published learning by theme and words) and retention
(the periods, their history, the records past retention and their disposal)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.core.forms import add_validation_error
from hearth.core.permissions import permission_required
from hearth.core.presenters import date_in_words

from .. import selectors, services
from ..forms import LibrarySearchForm, RetentionForm
from ..models import LearningEntry, LearningReview, NearMiss, RetentionSetting, ReviewKind, TransitionError
from ..permissions import Perm

PAGE_SIZE = 20


@permission_required(Perm.READ_LIBRARY)
def library(request):
    form = LibrarySearchForm(request.GET or None)
    theme = q = ""
    if form.is_valid():
        theme, q = form.cleaned_data["theme"], form.cleaned_data["q"].strip()
    page = Paginator(selectors.library_search(theme, q), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "entry": e,
            "published": date_in_words(e.published_at),
            "themes": e.theme_labels(),
            "extract": (e.what_we_will_do or e.what_helped)[:240],
        }
        for e in page
    ]
    return render(
        request,
        "learning/library.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "searched": bool(theme or q),
            "query_string": urlencode({k: v for k, v in {"theme": theme, "q": q}.items() if v}),
            "can_see_reviews": request.user.has_perm(Perm.VIEW_REVIEWS),
            "can_manage": request.user.has_perm(Perm.MANAGE_RETENTION),
        },
    )


@permission_required(Perm.READ_LIBRARY)
def entry_detail(request, entry_id):
    entry = get_object_or_404(LearningEntry, pk=entry_id)
    review = None
    if entry.review_id is not None:
        review = selectors.review_for_page(request.user, entry.review_id)
    is_experiment = entry.source == "experiment"
    return render(
        request,
        "learning/entry.html",
        {
            "entry": entry,
            "published": date_in_words(entry.published_at),
            "themes": ", ".join(entry.theme_labels()),
            "parts": [
                ("What happened" if is_experiment else "What helped", entry.what_helped),
                ("", "") if is_experiment else ("What got in the way", entry.what_got_in_the_way),
                ("What we learned" if is_experiment else "What we will do", entry.what_we_will_do),
            ],
            "recommendations": entry.recommendations,
            "is_experiment": is_experiment,
            "review": review,
            "experiment_id": entry.experiment_id,
        },
    )


# --- retention -----------------------------------------------------------------------------------------


@permission_required(Perm.MANAGE_RETENTION)
def retention(request):
    years = services.current_retention()
    form = RetentionForm(request.POST or None, years=years)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.change_retention(
                by=request.user, years=form.years(), reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            if changed:
                messages.success(request, "The retention periods have been changed")
            else:
                messages.info(request, "Nothing changed: the periods are the same as before")
            return redirect("learning:retention")
    today = timezone.localdate()
    reviews, near_misses = selectors.past_retention(years, today)
    due_reviews = list(reviews[:100])
    due_near_misses = list(near_misses[:100])
    history = Paginator(RetentionSetting.objects.select_related("changed_by"), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "learning/retention.html",
        {
            "form": form,
            "periods": [{"key": k.label, "value": f"{years[k.value]} years"} for k in ReviewKind],
            "due_reviews": [
                {
                    "review": r,
                    "kind": r.get_kind_display(),
                    "published": date_in_words(r.published_at),
                    "due": date_in_words(selectors.retention_due_on(r.kind, r.published_at, years)),
                }
                for r in due_reviews
            ],
            "due_near_misses": [
                {
                    "near_miss": n,
                    "reported": date_in_words(n.reported_at),
                    "due": date_in_words(
                        selectors.retention_due_on(ReviewKind.NEAR_MISS, n.reported_at, years)
                    ),
                }
                for n in due_near_misses
            ],
            "history_page": history,
        },
    )


@require_POST
@permission_required(Perm.MANAGE_RETENTION)
def dispose_review(request, review_id):
    review = get_object_or_404(LearningReview, pk=review_id)
    try:
        services.dispose_review(by=request.user, review=review, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, "The review has been disposed of. Its anonymous learning stays in the library"
        )
    return redirect("learning:retention")


@require_POST
@permission_required(Perm.MANAGE_RETENTION)
def dispose_near_miss(request, near_miss_id):
    near_miss = get_object_or_404(NearMiss, pk=near_miss_id)
    try:
        services.dispose_near_miss(by=request.user, near_miss=near_miss, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The near miss has been disposed of")
    return redirect("learning:retention")
