from django.contrib import admin

from .models import DataProblem, ReturnRun


@admin.register(ReturnRun)
class ReturnRunAdmin(admin.ModelAdmin):
    list_display = ["return_name", "period_label", "status", "started_by", "created_at", "finished_at"]
    list_filter = ["return_name", "status"]
    exclude = ["archive", "subjects"]
    readonly_fields = ["started_by", "comparison", "previous_run"]


@admin.register(DataProblem)
class DataProblemAdmin(admin.ModelAdmin):
    list_display = ["return_name", "code", "subject_id", "object_label", "explained_at"]
    list_filter = ["return_name", "code"]
    raw_id_fields = ["child", "unit", "worker", "explained_by"]
