"""Staff records and posts: for the workforce lead (and, to read, the director); and each person's own
record, for them."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from hearth.core.models import AuditLog
from hearth.core.permissions import permission_required
from hearth.core.presenters import date_in_words

from .. import services
from ..codes import LEAVING_REASON_PUSH, FactorKind, factor_label
from ..forms import (
    AbsenceForm,
    ConversationForm,
    CpdForm,
    LeavingForm,
    PostFilterForm,
    PostForm,
    StaffFilterForm,
    StaffRecordForm,
)
from ..permissions import Perm
from ..selectors import staff as selectors

PAGE_SIZE = 50
#: A person is reminded of their Social Work England renewal this many days before it is due.
RENEWAL_WARNING_DAYS = 90


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _staff_or_404(staff_id: int):
    record = selectors.staff_record(staff_id)
    if record is None:
        raise Http404("No such staff record")
    return record


@permission_required(Perm.VIEW_STAFF_RECORDS)
def staff_list(request):
    form = StaffFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    records = selectors.staff_list(
        q=(filters.get("q") or "").strip(),
        unit=filters.get("unit"),
        contract=filters.get("contract") or "",
        status=filters.get("status") or selectors.IN_POST,
    )
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workforce/staff_list.html",
        {
            "form": form,
            "page_obj": page,
            "query_string": _query_string(request),
            "renewals_due": selectors.renewals_due(),
            "can_manage": request.user.has_perm(Perm.MANAGE_STAFF_RECORDS),
        },
    )


def staff_rows(record) -> list[dict]:
    reason = record.get_leaving_reason_display() if record.leaving_reason else ""
    push = LEAVING_REASON_PUSH.get(record.leaving_reason)
    if push:
        reason += f" (push factor: {factor_label(FactorKind.PUSH, push).lower()})"
    return [
        {"key": "Employee or agency reference", "value": record.employee_number},
        {"key": "Unit", "value": record.unit.name if record.unit else "Not in a unit"},
        {"key": "Job title", "value": record.job_title},
        {"key": "Post", "value": str(record.post) if record.post else "No post"},
        {"key": "Grade", "value": record.get_grade_display()},
        {"key": "Full-time equivalent", "value": f"{record.fte:g}"},
        {"key": "Contract", "value": record.get_contract_display()},
        {"key": "Registered social worker", "value": "Yes" if record.is_social_worker else "No"},
        {"key": "Started", "value": date_in_words(record.started_on)},
        {"key": "Left", "value": date_in_words(record.left_on) if record.left_on else "In post"},
        {
            "key": "Reason for leaving",
            "value": reason or ("Not recorded" if record.left_on else "Not applicable"),
        },
        {"key": "Social Work England registration", "value": record.swe_registration_number},
        {"key": "Registration renewal due", "value": date_in_words(record.swe_renewal_due)},
        {"key": "ASYE", "value": record.get_asye_status_display()},
        {"key": "Last promoted", "value": date_in_words(record.last_promoted_on)},
        {"key": "Hearth account", "value": record.user.email if record.user else "No account linked"},
    ]


@permission_required(Perm.VIEW_STAFF_RECORDS)
def staff_detail(request, staff_id):
    record = _staff_or_404(staff_id)
    AuditLog.record(actor=request.user, action="workforce.staff.view", obj=record, request=request)
    conversations = [
        {
            "conversation": c,
            "push": [
                factor_label(FactorKind.PUSH, x.factor) for x in c.factors.all() if x.kind == FactorKind.PUSH
            ],
            "pull": [
                factor_label(FactorKind.PULL, x.factor) for x in c.factors.all() if x.kind == FactorKind.PULL
            ],
        }
        for c in record.conversations.all()
    ]
    return render(
        request,
        "workforce/staff_detail.html",
        {
            "record": record,
            "rows": staff_rows(record),
            "cpd": list(record.cpd_records.all()),
            "cpd_hours": sum(c.hours for c in record.cpd_records.all()),
            "absences": list(record.absences.all()),
            "conversations": conversations,
            "can_manage": request.user.has_perm(Perm.MANAGE_STAFF_RECORDS),
        },
    )


@permission_required(Perm.RECORD_OWN)
def my_record(request):
    """What the authority holds about a person's employment, for that person. The exit interviews and
    stay conversations are not shown here: the workforce team shares them on request."""
    record = selectors.own_staff_record(request.user)
    if record is not None:
        AuditLog.record(actor=request.user, action="workforce.staff.view_own", obj=record, request=request)
    today = timezone.localdate()
    renewal_soon = bool(
        record
        and record.left_on is None
        and record.swe_renewal_due
        and record.swe_renewal_due <= today + datetime.timedelta(days=RENEWAL_WARNING_DAYS)
    )
    return render(
        request,
        "workforce/my_record.html",
        {
            "record": record,
            "rows": [row for row in staff_rows(record) if row["key"] != "Hearth account"] if record else [],
            "cpd": list(record.cpd_records.all()) if record else [],
            "cpd_hours": sum(c.hours for c in record.cpd_records.all()) if record else 0,
            "absences": list(record.absences.all()) if record else [],
            "renewal_soon": renewal_soon,
            "renewal_days": RENEWAL_WARNING_DAYS,
        },
    )


@permission_required(Perm.MANAGE_STAFF_RECORDS)
def staff_add(request):
    form = StaffRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record = services.save_staff_record(by=request.user, form=form, request=request)
        messages.success(request, f"A staff record has been made for {record}")
        return redirect(record)
    return render(request, "workforce/staff_form.html", {"form": form, "record": None})


@permission_required(Perm.MANAGE_STAFF_RECORDS)
def staff_edit(request, staff_id):
    record = _staff_or_404(staff_id)
    form = StaffRecordForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        services.save_staff_record(by=request.user, form=form, request=request)
        messages.success(request, f"{record}'s staff record has been updated")
        return redirect(record)
    return render(request, "workforce/staff_form.html", {"form": form, "record": record})


def _staff_action(request, staff_id, form_class, template: str, handle, title: str):
    record = _staff_or_404(staff_id)
    kwargs = {"staff": record} if form_class is LeavingForm else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        message = handle(record, form.cleaned_data)
        messages.success(request, message)
        return redirect(record)
    return render(request, template, {"form": form, "record": record, "title": title})


@permission_required(Perm.MANAGE_STAFF_RECORDS)
def staff_leave(request, staff_id):
    def handle(record, data):
        services.record_leaving(
            by=request.user, staff=record, left_on=data["left_on"], reason=data["reason"], request=request
        )
        return f"{record} leaves on {date_in_words(data['left_on'])}"

    return _staff_action(
        request, staff_id, LeavingForm, "workforce/staff_action.html", handle, "Record that they are leaving"
    )


@permission_required(Perm.MANAGE_STAFF_RECORDS)
def cpd_add(request, staff_id):
    def handle(record, data):
        services.add_cpd(by=request.user, staff=record, request=request, **data)
        return "Development record added"

    return _staff_action(
        request,
        staff_id,
        CpdForm,
        "workforce/staff_action.html",
        handle,
        "Add continuing professional development",
    )


@permission_required(Perm.MANAGE_STAFF_RECORDS)
def absence_add(request, staff_id):
    def handle(record, data):
        services.add_absence(by=request.user, staff=record, request=request, **data)
        return "Sickness absence recorded"

    return _staff_action(
        request, staff_id, AbsenceForm, "workforce/staff_action.html", handle, "Record sickness absence"
    )


@permission_required(Perm.MANAGE_STAFF_RECORDS)
def conversation_add(request, staff_id):
    def handle(record, data):
        services.add_conversation(
            by=request.user,
            staff=record,
            kind=data["kind"],
            held_on=data["held_on"],
            summary=data["summary"],
            push=data["push"],
            pull=data["pull"],
            request=request,
        )
        return "Conversation recorded"

    return _staff_action(
        request,
        staff_id,
        ConversationForm,
        "workforce/staff_action.html",
        handle,
        "Record an exit interview or stay conversation",
    )


# --- posts and vacancies -------------------------------------------------------------------------------


@permission_required(Perm.VIEW_STAFF_RECORDS)
def post_list(request):
    form = PostFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    posts = selectors.posts(unit=filters.get("unit"), vacant_only=bool(filters.get("vacant")), today=today)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workforce/post_list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": selectors.post_rows(page, today),
            "query_string": _query_string(request),
            "can_manage": request.user.has_perm(Perm.MANAGE_STAFF_RECORDS),
        },
    )


@permission_required(Perm.MANAGE_STAFF_RECORDS)
def post_add(request):
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        post = services.save_post(by=request.user, form=form, request=request)
        messages.success(request, f"The post {post.title} in {post.unit} has been added")
        return redirect("workforce:posts")
    return render(request, "workforce/post_form.html", {"form": form})
