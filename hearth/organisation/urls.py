from django.urls import path

from . import views

app_name = "organisation"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("units/new/", views.unit_create, name="unit-create"),
    path("units/<slug:code>/", views.unit_detail, name="unit"),
    path("units/<slug:code>/edit/", views.unit_edit, name="unit-edit"),
    path("units/<slug:code>/members/add/", views.membership_add, name="membership-add"),
    path("units/<slug:code>/members/<int:membership_id>/end/", views.membership_end, name="membership-end"),
    path("staff/", views.staff_list, name="staff"),
    path("staff/new/", views.person_create, name="person-create"),
    path("staff/<int:person_id>/", views.person_edit, name="person-edit"),
]
