from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("service/", views.service, name="service"),
    path("you-said-we-did/", views.service_you_said, name="you-said"),
    path("units/<slug:code>/", views.unit_page, name="unit"),
    path("units/<slug:code>/you-said-we-did/", views.unit_you_said, name="unit-you-said"),
    path("units/<slug:code>/send/", views.invite_unit, name="invite-unit"),
    path("units/<slug:code>/record/", views.record, name="record"),
    path("children/<int:child_id>/send/", views.invite_child, name="invite-child"),
    path("responses/<uuid:response_id>/", views.response_detail, name="response"),
    path("responses/<uuid:response_id>/mark/", views.mark, name="mark"),
    # Public: no account.
    path("give/", views.give_with_code, name="give"),
    path("give/thanks/", views.thanks, name="thanks"),
    path("give/<str:token>/", views.give_with_link, name="give-link"),
    path("you-said-we-did/<slug:code>/", views.public_you_said, name="public-you-said"),
]
