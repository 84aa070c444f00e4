from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Hearth administration"
admin.site.site_title = "Hearth administration"

urlpatterns = [
    path("", include("hearth.core.urls")),
    path("", include("hearth.accounts.urls")),
    path("organisation/", include("hearth.organisation.urls")),
    path("", include("hearth.people.urls")),
    path("", include("hearth.cases.urls")),
    # --- meetings ---
    path("meetings/", include("hearth.meetings.urls")),
    # --- supervision ---
    path("supervision/", include("hearth.supervision.urls")),
    # --- workforce ---
    path("workforce/", include("hearth.workforce.urls")),
    # --- support and clinical ---
    path("support/", include("hearth.support.urls")),
    path("clinical/", include("hearth.clinical.urls")),
    # --- budgets ---
    path("budgets/", include("hearth.budgets.urls")),
    # --- framework ---
    path("", include("hearth.framework.urls")),
    # --- audits ---
    path("audits/", include("hearth.audits.urls")),
    # --- feedback ---
    path("feedback/", include("hearth.feedback.urls")),
    # --- learning ---
    path("learning/", include("hearth.learning.urls")),
    # --- priorities ---
    path("priorities/", include("hearth.priorities.urls")),
    # --- returns ---
    path("returns/", include("hearth.returns.urls")),
    # --- insights ---
    path("health-check/", include("hearth.insights.urls")),
    # --- end insights ---
    path("api/", include("hearth.api.urls")),
    path("django-admin/", admin.site.urls),
]

handler400 = "hearth.core.errors.bad_request"
handler403 = "hearth.core.errors.permission_denied"
handler404 = "hearth.core.errors.page_not_found"
handler500 = "hearth.core.errors.server_error"
