from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hearth.core.admin import AdministratorOnlyAdmin

from .models import User


@admin.register(User)
class UserAdmin(AdministratorOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("email", "full_name", "org_role", "is_active", "last_login")
    list_filter = ("org_role", "is_active", "is_staff")
    search_fields = ("email", "full_name")
    ordering = ("full_name",)
    fields = (
        "email",
        "full_name",
        "job_title",
        "org_role",
        "is_active",
        "is_staff",
        "last_login",
        "date_joined",
    )
    readonly_fields = ("last_login", "date_joined")
