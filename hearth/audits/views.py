"""Quality assurance pages: audit tools and programmes (principal social worker and quality leads), one
case audit done with the worker (grades, reflections, the family's view, agreement, moderation, actions),
a person's own audits and the quality page.

An audit is fetched through `selectors.audit_for_page` (only audits the person may see) first (404 for
anyone out of reach), then the permission is checked (403). Every read of an audit writes an audit row.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hearth.core.forms import add_validation_error
from hearth.core.permissions import permission_checked_in_view, permission_required, require
from hearth.core.presenters import date_in_words
from hearth.framework.selectors import good_practice_statements

from . import selectors, services
from .forms import (
    ActionDoneForm,
    ActionForm,
    AssignForm,
    DrawForm,
    FamilyViewForm,
    GradesForm,
    ModerateForm,
    ProgrammeForm,
    ReflectionsForm,
    ToolForm,
)
from .models import ActionStatus, CaseAudit, Status, TransitionError
from .permissions import Perm

PAGE_SIZE = 25


def _audit_or_404(request, audit_id: int) -> CaseAudit:
    audit = selectors.audit_for_page(request.user, audit_id)
    if audit is None:
        raise Http404("No such audit")
    return audit


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- one audit ------------------------------------------------------------------------------------


def _render_audit(request, audit, *, forms=None, status=200):
    user = request.user
    tool = audit.programme.tool
    forms = forms or {}
    can_conduct = user.has_perm(Perm.CONDUCT, audit)
    can_contribute = user.has_perm(Perm.CONTRIBUTE, audit)
    editing = audit.status == Status.IN_PROGRESS
    owners = selectors.possible_owners(audit)
    selectors.record_audits_viewed(by=user, audits=[audit], request=request, obj=audit)
    actions = selectors.actions_of(audit)
    today = timezone.localdate()
    is_worker = audit.worker_id == user.pk
    agreed_myself = (
        audit.auditor_agreed_at if user.pk == audit.auditor_id else audit.worker_agreed_at
    ) is not None
    return render(
        request,
        "audits/audit.html",
        {
            "audit": audit,
            "child": audit.child,
            "audited_access": not selectors.in_reach(user, audit.child),
            "status": selectors.status_tag(audit),
            "overall": selectors.grade_tag(tool, audit.overall_grade),
            "moderated": selectors.grade_tag(tool, audit.moderated_grade),
            "final": selectors.grade_tag(tool, audit.final_grade),
            "criteria": selectors.criteria_and_grades(audit),
            "episodes": selectors.open_episodes(audit.child),
            "chronology": selectors.chronology_for_audit(audit.child),
            "dates": {
                "started": date_in_words(audit.started_at),
                "submitted": date_in_words(audit.submitted_at),
                "finished": date_in_words(audit.finished_at),
                "auditor_agreed": date_in_words(audit.auditor_agreed_at),
                "worker_agreed": date_in_words(audit.worker_agreed_at),
                "birth": date_in_words(audit.child.date_of_birth),
            },
            "actions": [
                {
                    "action": a,
                    "due": date_in_words(a.due_on),
                    "overdue": a.is_overdue(today),
                    "done_on": date_in_words(a.done_at),
                    "can_complete": a.status == ActionStatus.OPEN and user.has_perm(Perm.COMPLETE_ACTION, a),
                }
                for a in actions
            ],
            "can_manage": user.has_perm(Perm.MANAGE) and not audit.is_finished,
            "can_start": can_conduct and audit.status == Status.PLANNED,
            "can_grade": can_conduct and editing,
            "can_reflect": can_contribute and editing,
            "can_agree": can_contribute and editing and not agreed_myself,
            "can_submit": can_conduct and editing,
            "can_moderate": user.has_perm(Perm.MODERATE, audit)
            and audit.status == Status.AWAITING_MODERATION,
            "can_add_action": user.has_perm(Perm.ADD_ACTION, audit) and audit.status != Status.PLANNED,
            "is_worker": is_worker,
            "reflections_form": forms.get("reflections")
            or ReflectionsForm(initial={"reflections": audit.worker_reflections}),
            "family_form": forms.get("family")
            or FamilyViewForm(
                initial={"gathered": audit.family_view_status or None, "family_view": audit.family_view}
            ),
            "moderate_form": forms.get("moderate") or ModerateForm(tool=tool),
            "action_form": forms.get("action") or ActionForm(people=owners),
            "done_form": ActionDoneForm(),
            "has_errors": any(f.errors for f in forms.values()),
            "forms_with_errors": [f for f in forms.values() if f.errors],
        },
        status=status,
    )


@permission_checked_in_view(Perm.VIEW_MINE)
def audit_detail(request, audit_id):
    return _render_audit(request, _audit_or_404(request, audit_id))


def _act(request, audit_id, perm: str, message: str):
    audit = _audit_or_404(request, audit_id)
    require(request.user, perm, audit, message)
    return audit


def _done(request, audit, call, success: str, form_key: str | None = None, form=None):
    """Call a service: a refusal comes back as a message, bad input beside its field."""
    try:
        call()
    except TransitionError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
        else:
            add_validation_error(form, error)
            return _render_audit(request, _audit_or_404(request, audit.pk), forms={form_key: form})
    else:
        messages.success(request, success)
    return redirect("audits:audit", audit_id=audit.pk)


@require_POST
@permission_checked_in_view(Perm.CONDUCT)
def start(request, audit_id):
    audit = _act(request, audit_id, Perm.CONDUCT, "Only the audit's auditor can start it.")
    return _done(
        request,
        audit,
        lambda: services.start_audit(by=request.user, audit=audit, request=request),
        "The audit has started. Grade it with the worker.",
    )


@permission_checked_in_view(Perm.CONDUCT)
def grades(request, audit_id):
    audit = _act(request, audit_id, Perm.CONDUCT, "Only the audit's auditor can grade it.")
    tool = audit.programme.tool
    criteria = list(tool.criteria.all())
    current = {r["criterion"].pk: r for r in selectors.criteria_and_grades(audit)}
    initial = {"overall": audit.overall_grade, "findings": audit.findings}
    for pk, row in current.items():
        initial[f"grade_{pk}"] = row["grade"] or None
        initial[f"evidence_{pk}"] = row["evidence"]
    form = GradesForm(request.POST or None, tool=tool, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_grades(
                by=request.user,
                audit=audit,
                grades=form.grades(),
                overall=form.cleaned_data.get("overall") or "",
                findings=form.cleaned_data.get("findings") or "",
                request=request,
            )
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("audits:audit", audit_id=audit.pk)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, "The grades are saved. The auditor and the worker agree them next.")
            return redirect("audits:audit", audit_id=audit.pk)
    selectors.record_audits_viewed(by=request.user, audits=[audit], request=request, obj=audit)
    return render(
        request,
        "audits/grades.html",
        {"audit": audit, "form": form, "editing": audit.status == Status.IN_PROGRESS},
    )


@require_POST
@permission_checked_in_view(Perm.CONTRIBUTE)
def reflections(request, audit_id):
    audit = _act(
        request, audit_id, Perm.CONTRIBUTE, "Only the auditor and the child's lead worker can do this."
    )
    form = ReflectionsForm(request.POST)
    if not form.is_valid():
        return _render_audit(request, audit, forms={"reflections": form})
    return _done(
        request,
        audit,
        lambda: services.record_reflections(
            by=request.user, audit=audit, text=form.cleaned_data["reflections"], request=request
        ),
        "The worker's reflections are saved",
        "reflections",
        form,
    )


@require_POST
@permission_checked_in_view(Perm.CONDUCT)
def family_view(request, audit_id):
    audit = _act(request, audit_id, Perm.CONDUCT, "Only the audit's auditor can record the family's view.")
    form = FamilyViewForm(request.POST)
    if not form.is_valid():
        return _render_audit(request, audit, forms={"family": form})
    return _done(
        request,
        audit,
        lambda: services.record_family_view(
            by=request.user,
            audit=audit,
            gathered=form.cleaned_data["gathered"] == FamilyViewForm.GATHERED,
            text=form.cleaned_data["family_view"],
            request=request,
        ),
        "The family's view is saved",
        "family",
        form,
    )


@require_POST
@permission_checked_in_view(Perm.CONTRIBUTE)
def agree(request, audit_id):
    audit = _act(
        request, audit_id, Perm.CONTRIBUTE, "Only the auditor and the child's lead worker agree the findings."
    )
    return _done(
        request,
        audit,
        lambda: services.agree_findings(by=request.user, audit=audit, request=request),
        "You have agreed the findings",
    )


@require_POST
@permission_checked_in_view(Perm.CONDUCT)
def submit(request, audit_id):
    audit = _act(request, audit_id, Perm.CONDUCT, "Only the audit's auditor can submit it.")
    return _done(
        request,
        audit,
        lambda: services.submit(by=request.user, audit=audit, request=request),
        "The audit is submitted" + (" for moderation" if audit.moderator_id else " and complete"),
    )


@require_POST
@permission_checked_in_view(Perm.MODERATE)
def moderate(request, audit_id):
    audit = _act(request, audit_id, Perm.MODERATE, "Only the audit's moderator can moderate it.")
    form = ModerateForm(request.POST, tool=audit.programme.tool)
    if not form.is_valid():
        return _render_audit(request, audit, forms={"moderate": form})
    agree_grade = form.cleaned_data["decision"] == ModerateForm.AGREE
    return _done(
        request,
        audit,
        lambda: services.moderate(
            by=request.user,
            audit=audit,
            agree=agree_grade,
            grade=form.cleaned_data.get("grade") or "",
            reason=form.cleaned_data.get("reason") or "",
            request=request,
        ),
        "The grade stands and the audit is moderated"
        if agree_grade
        else "The grade is changed and the audit is moderated",
        "moderate",
        form,
    )


@require_POST
@permission_checked_in_view(Perm.ADD_ACTION)
def add_action(request, audit_id):
    audit = _act(
        request,
        audit_id,
        Perm.ADD_ACTION,
        "Only the auditor, the moderator or the programme's owner add actions.",
    )
    form = ActionForm(request.POST, people=selectors.possible_owners(audit))
    if not form.is_valid():
        return _render_audit(request, audit, forms={"action": form})
    return _done(
        request,
        audit,
        lambda: services.add_action(
            by=request.user,
            audit=audit,
            text=form.cleaned_data["text"],
            owner=form.cleaned_data["owner"],
            due_on=form.cleaned_data["due_on"],
            request=request,
        ),
        "The action is added and is on its owner's work list",
        "action",
        form,
    )


@require_POST
@permission_checked_in_view(Perm.COMPLETE_ACTION)
def action_done(request, action_id):
    action = selectors.action_for_page(request.user, action_id)
    if action is None:
        raise Http404("No such action")
    require(
        request.user, Perm.COMPLETE_ACTION, action, "Only the action's owner or the auditor can mark it done."
    )
    form = ActionDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write what was done before marking the action done")
        return redirect("audits:audit", audit_id=action.audit_id)
    try:
        services.complete_action(
            by=request.user, action=action, note=form.cleaned_data["note"], request=request
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The action is done")
    return redirect("audits:audit", audit_id=action.audit_id)


# --- programmes and tools -------------------------------------------------------------------------


@permission_required(Perm.MANAGE)
def assign(request, audit_id):
    audit = _audit_or_404(request, audit_id)
    form = AssignForm(
        request.POST or None,
        people=selectors.possible_auditors(),
        initial={"auditor": audit.auditor_id, "moderator": audit.moderator_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assign(
                by=request.user,
                audit=audit,
                auditor=form.cleaned_data["auditor"],
                moderator=form.cleaned_data.get("moderator"),
                request=request,
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The auditor and moderator are assigned")
            return redirect("audits:programme", programme_id=audit.programme_id)
    return render(request, "audits/assign.html", {"audit": audit, "form": form})


@permission_required(Perm.MANAGE)
def programme_list(request):
    page = Paginator(selectors.programmes(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audits/programmes.html", {"page_obj": page, "rows": page.object_list})


@permission_required(Perm.MANAGE)
def programme_new(request):
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.start_programme(
                by=request.user,
                name=data["name"],
                tool=data["tool"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                method=data["method"],
                unit=data.get("unit"),
                episode_kind=data.get("episode_kind") or "",
                theme=data.get("theme") or "",
                request=request,
            )
        except (ValidationError, TransitionError) as error:
            add_validation_error(
                form, error if isinstance(error, ValidationError) else ValidationError(str(error))
            )
        else:
            messages.success(request, "The programme has started. Draw the cases to audit.")
            return redirect(programme)
    return render(
        request,
        "audits/programme_form.html",
        {"form": form, "has_tools": form.fields["tool"].queryset.exists()},
    )


@permission_required(Perm.MANAGE)
def programme_detail(request, programme_id):
    programme = selectors.programme_for_page(programme_id)
    if programme is None:
        raise Http404("No such programme")
    page = Paginator(selectors.audits_of_programme(request.user, programme), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    selectors.record_audits_viewed(by=request.user, audits=page.object_list, request=request, obj=programme)
    return render(
        request,
        "audits/programme.html",
        {
            "programme": programme,
            "page_obj": page,
            "rows": [
                {
                    "audit": a,
                    "status": selectors.status_tag(a),
                    "grade": selectors.grade_tag(programme.tool, a.final_grade),
                }
                for a in page
            ],
            "draw_form": DrawForm(),
            "dates": (date_in_words(programme.starts_on), date_in_words(programme.ends_on)),
        },
    )


@require_POST
@permission_required(Perm.MANAGE)
def programme_draw(request, programme_id):
    programme = selectors.programme_for_page(programme_id)
    if programme is None:
        raise Http404("No such programme")
    form = DrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(programme)
    try:
        drawn = services.draw_sample(
            by=request.user, programme=programme, size=form.cleaned_data["size"], request=request
        )
    except (TransitionError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request, f"{len(drawn)} case{'s' if len(drawn) != 1 else ''} drawn. Assign their auditors."
        )
    return redirect(programme)


@permission_required(Perm.MANAGE)
def tool_list(request):
    return render(request, "audits/tools.html", {"tools": list(selectors.tools())})


@permission_required(Perm.MANAGE)
def tool_new(request):
    statements = good_practice_statements()
    form = ToolForm(request.POST or None, statements=statements)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_tool(
                by=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data.get("description") or "",
                statement_keys=form.cleaned_data["statements"],
                scale=form.cleaned_data.get("scale") or "",
                request=request,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, "The audit tool is made")
            return redirect("audits:tools")
    return render(request, "audits/tool_form.html", {"form": form, "has_statements": bool(statements)})


# --- lists ----------------------------------------------------------------------------------------


@permission_required(Perm.VIEW_MINE)
def mine(request):
    page = Paginator(selectors.my_audits(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.record_audits_viewed(by=request.user, audits=page.object_list, request=request)
    user = request.user
    rows = []
    for a in page:
        role = (
            "Auditor"
            if a.auditor_id == user.pk
            else "Moderator"
            if a.moderator_id == user.pk
            else "Your case"
        )
        rows.append({"audit": a, "role": role, "status": selectors.status_tag(a)})
    return render(
        request,
        "audits/mine.html",
        {"page_obj": page, "rows": rows, "can_manage": user.has_perm(Perm.MANAGE)},
    )


@permission_required(Perm.VIEW_QUALITY)
def quality(request):
    areas, units = selectors.filter_choices()
    area_id = _int(request.GET.get("service"))
    unit_id = _int(request.GET.get("unit"))
    area = next((a for a in areas if a.pk == area_id), None)
    unit = next((u for u in units if u.pk == unit_id), None)
    figures = selectors.quality(service_area_id=area.pk if area else None, unit_id=unit.pk if unit else None)
    scope = unit.name if unit else area.name if area else "the whole authority"
    return render(
        request,
        "audits/quality.html",
        {
            "areas": areas,
            "units": units,
            "area": area,
            "unit": unit,
            "scope": scope,
            "figures": figures,
            "chart_height": 40 * len(figures.bars),
            "legend_height": 20 * len(figures.legend) + 4,
            "can_manage": request.user.has_perm(Perm.MANAGE),
        },
    )
