from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    # Children's records: /children/...
    path("children/<int:child_id>/", views.child_record, name="child"),
    path("children/<int:child_id>/edit/", views.child_edit, name="child-edit"),
    path("children/<int:child_id>/break-glass/", views.break_glass, name="break-glass"),
    path("children/<int:child_id>/restriction/", views.restriction, name="restriction"),
    path("children/<int:child_id>/relationships/new/", views.relationship_add, name="relationship-add"),
    path("children/<int:child_id>/addresses/new/", views.address_add, name="address-add"),
    path("children/<int:child_id>/addresses/<int:address_id>/end/", views.address_end, name="address-end"),
    path("children/<int:child_id>/households/new/", views.household_add, name="household-add"),
    path("children/<int:child_id>/households/<int:household_id>/", views.household, name="household"),
]
