from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hearth.core.admin import AdministratorOnlyAdmin

from .models import LocalAuthority, Membership, ServiceArea, Unit


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(AdministratorOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("name", "la_code")


@admin.register(ServiceArea)
class ServiceAreaAdmin(AdministratorOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("name", "authority", "service_manager", "head_of_service")
    raw_id_fields = ("service_manager", "head_of_service")


class MembershipInline(AdministratorOnlyAdmin, admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Unit)
class UnitAdmin(AdministratorOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("name", "code", "unit_type", "service_area", "manager", "is_active")
    list_filter = ("unit_type", "service_area", "is_active")
    search_fields = ("name", "code")
    raw_id_fields = ("manager",)
    inlines = [MembershipInline]
