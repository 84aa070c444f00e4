"""Statutory returns: choose a return and year and run it (a background task with a progress bar),
download what it made, see how it differs from the last run; the data-quality page (counts by rule,
unit and worker, problems to explain); a worker's own data problems."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.core.forms import add_validation_error
from hearth.core.permissions import permission_required, signed_in

from . import registry, selectors
from .forms import ExplainForm, RunForm
from .models import ReturnName, RunStatus
from .permissions import Perm
from .rules import rules_for
from .services import problems as problem_services
from .services import runs as run_services

PAGE_SIZE = 25
POLL_SECONDS = 2


# --- runs ------------------------------------------------------------------------------------------


@permission_required(Perm.RUN)
def runs(request):
    form = RunForm(request.POST or None, returns=registry.available())
    if request.method == "POST" and form.is_valid():
        try:
            run = run_services.start_run(
                by=request.user,
                return_name=form.cleaned_data["return_name"],
                period=form.period,
                request=request,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            return redirect("returns:run", run.pk)
    page = Paginator(selectors.runs(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "returns/runs.html",
        {"form": form, "page_obj": page, "unavailable": _unavailable()},
        status=400 if form.errors else 200,
    )


def _unavailable() -> list[str]:
    ready = {value for value, _ in registry.available()}
    return [label for value, label in ReturnName.choices if value not in ready]


def _run_or_404(pk):
    run = selectors.run_for_page(pk)
    if run is None:
        raise Http404("No such run")
    return run


@permission_required(Perm.RUN)
def run_detail(request, run_id):
    run = _run_or_404(run_id)
    comparison = run.comparison or {}
    return render(
        request,
        "returns/run.html",
        {"run": run, "comparison": comparison, "poll_seconds": POLL_SECONDS, "RunStatus": RunStatus},
    )


@permission_required(Perm.RUN)
def run_progress(request, run_id):
    """The progress bar, for htmx to poll. When the run has finished the whole page is reloaded."""
    run = _run_or_404(run_id)
    if not request.htmx:
        return redirect("returns:run", run.pk)
    response = render(request, "returns/_progress.html", {"run": run, "poll_seconds": POLL_SECONDS})
    if run.is_finished:
        response["HX-Refresh"] = "true"
    return response


@permission_required(Perm.RUN)
def download(request, run_id):
    run = selectors.run_with_archive(run_id)
    if run is None:
        raise Http404("No such run")
    if run.status != RunStatus.DONE or not run.archive:
        messages.error(request, "This run has no files to download yet.")
        return redirect("returns:run", run.pk)
    run_services.record_download(by=request.user, run=run, request=request)
    response = HttpResponse(bytes(run.archive), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{run.archive_name}"'
    return response


# --- data quality ----------------------------------------------------------------------------------


SHOWN = [("open", "Not explained"), ("explained", "Explained"), ("all", "All")]


@permission_required(Perm.VIEW_QUALITY)
def data_quality(request):
    available = registry.available() or [(ReturnName.CIN.value, ReturnName.CIN.label)]
    return_name = request.GET.get("return", available[0][0])
    if return_name not in dict(available):
        return_name = available[0][0]
    filters = {
        "code": request.GET.get("rule", "")[:10],
        "unit": request.GET.get("unit", "")[:12],
        "worker": request.GET.get("worker", "")[:12],
        "shown": request.GET.get("shown", "open") if request.GET.get("shown") in dict(SHOWN) else "open",
    }
    counts = selectors.quality_counts(request.user, return_name)
    texts = {rule.code: rule.message for rule in rules_for(return_name)}
    for row in counts["by_rule"]:
        row["message"] = texts.get(row["code"], "")
    page = Paginator(selectors.problem_list(request.user, return_name, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    selectors.record_problems_viewed(by=request.user, problems=page.object_list, request=request)
    query = {
        "return": return_name,
        "rule": filters["code"],
        "unit": filters["unit"],
        "worker": filters["worker"],
        "shown": filters["shown"],
    }
    return render(
        request,
        "returns/data_quality.html",
        {
            "returns": available,
            "return_name": return_name,
            "return_label": dict(available)[return_name],
            "counts": counts,
            "total": sum(r["total"] for r in counts["by_rule"]),
            "explained": sum(r["explained"] for r in counts["by_rule"]),
            "filters": filters,
            "shown_choices": SHOWN,
            "page_obj": page,
            "query_string": urlencode({k: v for k, v in query.items() if v}),
            "can_explain": request.user.has_perm(Perm.EXPLAIN),
            "rule_count": len(texts),
        },
    )


@permission_required(Perm.EXPLAIN)
def explain(request, problem_id):
    problem = selectors.problem_for_page(request.user, problem_id)
    if problem is None:
        raise Http404("No such problem")
    form = ExplainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            problem_services.explain_problem(
                by=request.user, problem=problem, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"Rule {problem.code} is marked as explained.")
            return redirect(f"{_data_quality_url()}?return={problem.return_name}")
    if problem.child_id:
        selectors.record_problems_viewed(by=request.user, problems=[problem], request=request)
    return render(
        request,
        "returns/explain.html",
        {"problem": problem, "form": form},
        status=400 if form.errors else 200,
    )


def _data_quality_url() -> str:
    from django.urls import reverse

    return reverse("returns:data-quality")


@signed_in
def my_problems(request):
    page = Paginator(selectors.my_problems(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.record_problems_viewed(by=request.user, problems=page.object_list, request=request)
    return render(request, "returns/my_problems.html", {"page_obj": page})


@require_POST
@permission_required(Perm.EXPLAIN)
def refresh(request):
    """Re-check every record now (the nightly task does this too)."""
    from .tasks import refresh_all_problems

    refresh_all_problems.enqueue()
    messages.success(request, "Every record is being checked again. Reload the page in a minute.")
    return redirect("returns:data-quality")
