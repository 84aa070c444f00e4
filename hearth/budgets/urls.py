from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("approvals/", views.approvals, name="approvals"),
    path("delegated-authority/", views.authority, name="authority"),
    path("units/<slug:code>/", views.unit_budget, name="unit"),
    path("units/<slug:code>/spends.csv", views.unit_budget_csv, name="unit-csv"),
    path("units/<slug:code>/allocate/", views.allocate, name="allocate"),
    path("units/<slug:code>/transfer/", views.transfer, name="transfer"),
    path("children/<int:child_id>/spends/new/", views.spend_add, name="spend-add"),
    path("spends/<int:spend_id>/", views.spend_detail, name="spend"),
    path("spends/<int:spend_id>/approve/", views.spend_approve, name="spend-approve"),
    path("spends/<int:spend_id>/refuse/", views.spend_refuse, name="spend-refuse"),
    path("spends/<int:spend_id>/paid/", views.spend_paid, name="spend-paid"),
    path("spends/<int:spend_id>/refund/", views.spend_refund, name="spend-refund"),
    path("spends/<int:spend_id>/cancel/", views.spend_cancel, name="spend-cancel"),
]
