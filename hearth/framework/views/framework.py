"""The practice framework and model: the published version, every version, what changed, and the draft
its owners (the principal social worker and quality leads) write and publish.

Every signed-in member of staff reads published and superseded versions. A draft is seen only by its
owners: anyone else gets 404 for it, as if it did not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hearth.core.forms import add_validation_error
from hearth.core.permissions import permission_required
from hearth.core.presenters import date_in_words

from .. import selectors, services
from ..forms import MethodForm, PrincipleForm, PromptForm, StatementForm, SummaryForm
from ..models import GoodPracticeStatement, Method, Principle, RecordingPrompt, TransitionError
from ..permissions import Perm

#: The parts of a version a draft page edits: URL word -> (model, form, words).
PARTS = {
    "principles": (Principle, PrincipleForm, "principle"),
    "methods": (Method, MethodForm, "skill or method"),
    "statements": (GoodPracticeStatement, StatementForm, "'what good looks like' statement"),
    "prompts": (RecordingPrompt, PromptForm, "recording question"),
}


def _can_manage(user) -> bool:
    return user.has_perm(Perm.MANAGE_FRAMEWORK)


def _version_page(request, number: int):
    version = selectors.version_with_contents(number, include_draft=_can_manage(request.user))
    if version is None:
        raise Http404("No such version")
    return version


def _contents_context(version):
    principles = list(version.principles.all())
    prompts = list(version.prompts.all())
    return {
        "version": version,
        "principles": principles,
        "methods": list(version.methods.all()),
        "plan_prompts": [p for p in prompts if p.kind == "plan"],
        "assessment_prompts": [p for p in prompts if p.kind == "assessment"],
        "published_on": date_in_words(version.published_at),
    }


@permission_required(Perm.VIEW_FRAMEWORK)
def home(request):
    current = selectors.current_version()
    context = {"can_manage": _can_manage(request.user), "draft": None}
    if context["can_manage"]:
        context["draft"] = selectors.draft_version()
    if current is not None:
        context |= _contents_context(_version_page(request, current.number))
        context["previous"] = selectors.previous_version(current)
    return render(request, "framework/home.html", context)


@permission_required(Perm.VIEW_FRAMEWORK)
def versions(request):
    rows = list(selectors.versions())
    if not _can_manage(request.user):
        rows = [v for v in rows if not v.is_draft]
    return render(
        request,
        "framework/versions.html",
        {
            "rows": [
                {"version": v, "published_on": date_in_words(v.published_at), "by": v.published_by}
                for v in rows
            ]
        },
    )


@permission_required(Perm.VIEW_FRAMEWORK)
def version(request, number):
    v = _version_page(request, number)
    context = _contents_context(v)
    context["previous"] = selectors.previous_version(v)
    context["current"] = selectors.current_version()
    return render(request, "framework/version.html", context)


@permission_required(Perm.VIEW_FRAMEWORK)
def changes(request, number):
    newer = _version_page(request, number)
    older_number = request.GET.get("from")
    older = None
    if older_number and older_number.isdigit():
        older = selectors.version_with_contents(int(older_number), include_draft=False)
    if older is None:
        older = selectors.current_version() if newer.is_draft else selectors.previous_version(newer)
    if older is not None and older.pk == newer.pk:
        older = None
    diff = selectors.compare_versions(older, newer) if older is not None else None
    return render(
        request,
        "framework/changes.html",
        {
            "version": newer,
            "older": older,
            "diff": diff,
            "earlier": selectors.versions().exclude(pk=newer.pk),
        },
    )


# --- the draft ------------------------------------------------------------------------------------


class NoDraft(Exception):
    pass


def _draft_or_404():
    """The draft; without one, the page sends the owner to the draft page (which offers to start one)."""
    draft = selectors.draft_version()
    if draft is None:
        raise NoDraft
    return draft


def _without_draft(view):
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NoDraft:
            messages.info(request, "There is no draft at the moment. Start one to make changes.")
            return redirect("framework:draft")

    return wrapped


@permission_required(Perm.MANAGE_FRAMEWORK)
def draft(request):
    d = selectors.draft_version()
    if d is None:
        return render(request, "framework/draft_none.html", {"current": selectors.current_version()})
    d = selectors.version_with_contents(d.number, include_draft=True)
    context = _contents_context(d)
    context["diff"] = selectors.compare_versions(d.based_on, d) if d.based_on_id is not None else None
    return render(request, "framework/draft.html", context)


@require_POST
@permission_required(Perm.MANAGE_FRAMEWORK)
def draft_start(request):
    try:
        services.start_draft(by=request.user, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "A new draft has been started from the published version")
    return redirect("framework:draft")


@permission_required(Perm.MANAGE_FRAMEWORK)
@_without_draft
def draft_summary(request):
    d = _draft_or_404()
    initial = {
        f: getattr(d, f)
        for f in ("title", "framework_summary", "model_summary", "family_summary", "change_summary")
    }
    form = SummaryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_summary(by=request.user, version=d, request=request, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The summaries have been saved")
            return redirect("framework:draft")
    return render(request, "framework/draft_summary.html", {"form": form, "version": d})


def _part_of(d, kind, part_id):
    model = PARTS[kind][0]
    part = model.objects.filter(version=d, pk=part_id).first()
    if part is None:
        raise Http404("No such part of the draft")
    return part


def _initial(kind, part):
    if part is None:
        return {}
    if kind == "principles":
        return {f: getattr(part, f) for f in ("name", "summary", "theory", "research", "family_text")}
    if kind == "methods":
        return {"name": part.name, "description": part.description}
    if kind == "statements":
        return {"principle": part.principle_id, "text": part.text}
    return {"kind": part.kind, "text": part.text, "principle": part.principle_id}


def _save_part(request, kind, d, part, data):
    by, common = request.user, {"version": d, "request": request}
    if kind == "principles":
        return services.save_principle(by=by, principle=part, **common, **data)
    if kind == "methods":
        return services.save_method(by=by, method=part, **common, **data)
    if kind == "statements":
        return services.save_statement(by=by, statement=part, **common, **data)
    return services.save_prompt(by=by, prompt=part, **common, **data)


@permission_required(Perm.MANAGE_FRAMEWORK)
@_without_draft
def draft_part(request, kind, part_id=None):
    if kind not in PARTS:
        raise Http404("No such part")
    d = _draft_or_404()
    part = _part_of(d, kind, part_id) if part_id is not None else None
    form_class, words = PARTS[kind][1], PARTS[kind][2]
    extra = {"version": d} if kind in ("statements", "prompts") else {}
    form = form_class(request.POST or None, initial=_initial(kind, part), **extra)
    if request.method == "POST" and form.is_valid():
        try:
            _save_part(request, kind, d, part, form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The {words} has been saved")
            return redirect("framework:draft")
    heading = f"Change the {words}" if part else f"Add a {words}"
    return render(
        request,
        "framework/draft_part.html",
        {"form": form, "version": d, "heading": heading, "part": part, "kind": kind, "words": words},
    )


@require_POST
@permission_required(Perm.MANAGE_FRAMEWORK)
@_without_draft
def draft_part_remove(request, kind, part_id):
    if kind not in PARTS:
        raise Http404("No such part")
    d = _draft_or_404()
    part = _part_of(d, kind, part_id)
    try:
        services.remove_part(by=request.user, version=d, part=part, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The {PARTS[kind][2]} has been taken out of the draft")
    return redirect("framework:draft")


@permission_required(Perm.MANAGE_FRAMEWORK)
@_without_draft
def draft_publish(request):
    d = _draft_or_404()
    error = ""
    if request.method == "POST":
        try:
            services.publish_version(by=request.user, version=d, request=request)
        except TransitionError as e:
            error = str(e)
        else:
            messages.success(request, f"Version {d.number} has been published")
            return redirect("framework:version", number=d.number)
    current = selectors.current_version()
    diff = selectors.compare_versions(current, d) if current is not None else None
    return render(
        request,
        "framework/draft_publish.html",
        {"version": d, "current": current, "diff": diff, "error": error},
        status=200,
    )


@require_POST
@permission_required(Perm.MANAGE_FRAMEWORK)
@_without_draft
def draft_discard(request):
    d = _draft_or_404()
    try:
        services.discard_draft(by=request.user, version=d, request=request)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("framework:draft")
    messages.success(request, "The draft has been discarded")
    return redirect("framework:home")
