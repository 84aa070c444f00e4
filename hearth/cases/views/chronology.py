"""A child's chronology: one merged timeline of everything recorded, on screen and for print."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from hearth.core.permissions import signed_in
from hearth.people.access import get_child_or_deny

from ..forms.notes import ChronologyFilterForm
from ..permissions import Perm
from ..selectors import chronology as selectors


def _filters(request):
    form = ChronologyFilterForm(request.GET or None)
    filters = form.filters()
    params = request.GET.copy()
    params.pop("page", None)
    order_params = params.copy()
    order_params["order"] = "newest" if filters.oldest_first else "oldest"
    return form, filters, params.urlencode(), order_params.urlencode()


@signed_in
def chronology(request, child_id):
    child = get_child_or_deny(request, child_id, what="chronology")
    form, filters, query_string, order_query = _filters(request)
    entries = selectors.chronology_entries(request.user, child, filters)
    page = Paginator(entries, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/chronology/chronology.html",
        {
            "child": child,
            "form": form,
            "filters": filters,
            "page_obj": page,
            "rows": selectors.present_entries(page.object_list),
            "query_string": query_string,
            "order_query": order_query,
            "can_record": request.user.has_perm(Perm.RECORD_NOTE, child),
        },
    )


@signed_in
def chronology_print(request, child_id):
    child = get_child_or_deny(request, child_id, what="chronology")
    form, filters, query_string, _ = _filters(request)
    entries, capped = selectors.entries_for_print(request.user, child, filters)
    return render(
        request,
        "cases/chronology/print.html",
        {
            "child": child,
            "form": form,
            "filters": filters,
            "rows": selectors.present_entries(entries),
            "cap_message": (
                f"There are more than {selectors.PRINT_LIMIT:,} entries. Only the first "
                f"{selectors.PRINT_LIMIT:,} are shown: narrow the dates or kinds of event to print the rest."
                if capped
                else ""
            ),
            "back_url": reverse("cases:chronology", args=[child.pk])
            + (f"?{query_string}" if query_string else ""),
        },
    )
