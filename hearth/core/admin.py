"""The Django admin is for system administrators only, and only for organisation and account data.

Apps that hold children's data must not register their models here: administrators have no reach
into case records (design.md §6).
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse


def _is_system_administrator(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_authenticated and user.is_system_administrator)


def admin_login(request, extra_context=None):
    """Admin sign-in goes through Hearth's own sign-in (lockout, two-factor, audit)."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.has_permission = _is_system_administrator
admin.site.login = admin_login


class AdministratorOnlyAdmin:
    """Mixin for ModelAdmins: system administrators may view and change; nobody deletes."""

    def has_module_permission(self, request):
        return _is_system_administrator(request)

    def has_view_permission(self, request, obj=None):
        return _is_system_administrator(request)

    def has_change_permission(self, request, obj=None):
        return _is_system_administrator(request)

    def has_add_permission(self, request, *args):
        return _is_system_administrator(request)

    def has_delete_permission(self, request, obj=None):
        return False
