"""Home, health checks, the information pages and the audit log."""

from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .forms import AuditLogSearchForm
from .models import AuditLog
from .permissions import CorePerm, permission_required, public, signed_in
from .selectors import home_summary_for, notifications_for, search_audit_log
from .services import mark_notifications_read

AUDIT_PAGE_SIZE = 50


@signed_in
def home(request):
    return render(request, "core/home.html", home_summary_for(request.user))


@public
@never_cache
@require_GET
def healthz(request):
    """The process is up and answering."""
    return JsonResponse({"status": "ok"})


@public
@never_cache
@require_GET
def readyz(request):
    """The database answers: the instance can take traffic."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means not ready
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@public
def accessibility(request):
    return render(request, "core/accessibility.html")


@public
def privacy(request):
    return render(request, "core/privacy.html")


@public
def cookies(request):
    return render(request, "core/cookies.html")


@permission_required(CorePerm.VIEW_AUDIT_LOG)
def audit_log(request):
    form = AuditLogSearchForm(request.GET or None)
    entries = []
    if form.is_bound and form.is_valid():
        entries = search_audit_log(**form.cleaned_data)
    elif not form.is_bound:
        entries = search_audit_log()
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    AuditLog.record(actor=request.user, action="audit_log.search", request=request)
    return render(
        request,
        "core/audit_log.html",
        {"form": form, "page_obj": page, "query_string": query.urlencode()},
    )


NOTIFICATIONS_PAGE_SIZE = 25


@signed_in
def notifications(request):
    """The person's own notifications, newest first; opening the page marks them read."""
    page = Paginator(notifications_for(request.user), NOTIFICATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    unread_ids = [n.pk for n in page if n.read_at is None]
    response = render(request, "core/notifications.html", {"page_obj": page, "unread_ids": set(unread_ids)})
    mark_notifications_read(request.user, unread_ids)
    return response
