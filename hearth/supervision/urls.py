from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("agreements/new/", views.agreement_add, name="agreement-add"),
    path("agreements/<int:agreement_id>/", views.agreement_detail, name="agreement"),
    path("agreements/<int:agreement_id>/change/", views.agreement_edit, name="agreement-edit"),
    path("agreements/<int:agreement_id>/record/", views.session_add, name="session-add"),
    path("group/new/", views.group_session_add, name="group-session-add"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    path("sessions/<int:session_id>/change/", views.session_edit, name="session-edit"),
    path("sessions/<int:session_id>/children/new/", views.discussion_add, name="discussion-add"),
    path("sessions/<int:session_id>/reflections/", views.reflections, name="reflections"),
    path("decisions/<int:discussion_id>/", views.decision, name="decision"),
    path("observations/", views.observations, name="observations"),
    path("observations/new/", views.observation_add, name="observation-add"),
    path("observations/<int:observation_id>/", views.observation_detail, name="observation"),
    path("observations/<int:observation_id>/respond/", views.observation_respond, name="observation-respond"),
    path("mentoring/", views.mentoring, name="mentoring"),
    path("mentoring/new/", views.mentoring_add, name="mentoring-add"),
    path("mentoring/<int:mentoring_id>/", views.mentoring_detail, name="mentoring-relationship"),
    path("mentoring/<int:mentoring_id>/notes/new/", views.mentoring_note_add, name="mentoring-note-add"),
]
