"""Values every page needs: service navigation, phase banner and session timing."""

from django.conf import settings
from django.urls import reverse

from .permissions import CorePerm


def navigation_for(user, path: str) -> list[dict]:
    """The service navigation items this person may use, with the current one marked."""
    if not user.is_authenticated:
        return []
    items = [("Home", reverse("core:home"))]
    # Named permissions of later apps, by name: core imports nothing above it.
    if user.has_perm("cases.view_my_work"):
        items.append(("My work", reverse("cases:my-work")))
    if user.has_perm("cases.find_children"):
        items.append(("Search", reverse("cases:search")))
    # --- supervision ---
    if user.has_perm("supervision.view_supervision"):
        items.append(("Supervision", reverse("supervision:overview")))
    # --- end supervision ---
    # --- workforce ---
    if user.has_perm("workforce.view_figures"):
        items.append(("Workforce", reverse("workforce:dashboard")))
    # --- end workforce ---
    # --- support and clinical ---
    if user.has_perm("support.work_queue"):
        items.append(("Requests", reverse("support:my-queue")))
    elif user.has_perm("clinical.work_queue"):
        items.append(("Requests", reverse("clinical:queue")))
    # --- end support and clinical ---
    # --- learning ---
    if user.has_perm("learning.read_library"):
        items.append(("Learning", reverse("learning:library")))
    # --- end learning ---
    # --- audits ---
    if user.has_perm("audits.manage_programmes"):
        items.append(("Case audits", reverse("audits:programmes")))
    # --- end audits ---
    # --- framework ---
    if user.has_perm("framework.view_framework"):
        items.append(("Our practice", reverse("framework:home")))
    # --- end framework ---
    # --- returns ---
    if user.has_perm("returns.run_return"):
        items.append(("Returns", reverse("returns:runs")))
    elif user.has_perm("returns.view_data_quality"):
        items.append(("Data quality", reverse("returns:data-quality")))
    # --- end returns ---
    # --- feedback ---
    # Managers and authority-wide roles (members reach their unit's feedback from the unit's page).
    if user.has_perm("feedback.view_figures") and not user.unit_ids:
        items.append(("Feedback", reverse("feedback:service")))
    # --- end feedback ---
    # --- priorities ---
    if user.has_perm("priorities.view_overview"):
        items.append(("Need and load", reverse("priorities:overview-mine")))
    elif user.has_perm("priorities.log_time"):
        items.append(("My time", reverse("priorities:time")))
    # --- end priorities ---
    # --- insights ---
    if user.has_perm("insights.view_health_check"):
        items.append(("Health check", reverse("insights:heatmap")))
    # --- end insights ---
    items.append(("Organisation", reverse("organisation:overview")))
    if user.has_perm(CorePerm.VIEW_AUDIT_LOG):
        items.append(("Audit log", reverse("core:audit-log")))
    home = reverse("core:home")
    return [
        {"label": label, "url": url, "active": (path == url) if url == home else path.startswith(url)}
        for label, url in items
    ]


def hearth(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "hearth_phase": settings.HEARTH_PHASE,
        "hearth_environment": settings.HEARTH_ENVIRONMENT_NAME,
        "nav_items": navigation_for(user, request.path) if signed_in else [],
        # The server renews a session at most once a minute, so the page counts down from the earliest
        # moment the session can end.
        "session_timeout_seconds": (
            settings.SESSION_IDLE_MINUTES * 60 - settings.SESSION_TOUCH_SECONDS if signed_in else None
        ),
        "session_warning_seconds": settings.SESSION_WARNING_MINUTES * 60 if signed_in else None,
    }
