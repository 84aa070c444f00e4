from django.urls import path

from . import views

app_name = "priorities"

urlpatterns = [
    path("children/<int:child_id>/", views.child_need, name="child"),
    path("children/<int:child_id>/factors/new/", views.record_factor, name="factor-add"),
    path("children/<int:child_id>/allocate/", views.allocation_helper, name="allocate"),
    path("weights/", views.configuration, name="configuration"),
    path("weights/change/", views.change_configuration, name="configuration-change"),
    path("weights/check/", views.check_configuration, name="configuration-check"),
    path("units/<slug:code>/", views.unit_load, name="unit"),
    path("services/", views.my_overview, name="overview-mine"),
    path("services/<int:area_id>/", views.service_overview, name="overview"),
    path("time/", views.log_time, name="time"),
    path("time/confirm/", views.confirm_time, name="time-confirm"),
    path("digest/", views.digest, name="digest"),
]
