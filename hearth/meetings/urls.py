from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    # a unit's meetings, its schedule and this week's meeting
    path("units/<slug:code>/", views.unit_meetings, name="unit-meetings"),
    path("units/<slug:code>/this-week/", views.this_week, name="this-week"),
    path("units/<slug:code>/ad-hoc/", views.ad_hoc, name="ad-hoc"),
    path("units/<slug:code>/schedule/", views.schedule, name="schedule"),
    # one meeting: attendance, agenda, each child's discussion and its actions
    path("<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("<int:meeting_id>/attendance/", views.attendance, name="attendance"),
    path("<int:meeting_id>/agenda/", views.agenda_add, name="agenda-add"),
    path("discussions/<int:discussion_id>/", views.discussion_detail, name="discussion"),
    path("discussions/<int:discussion_id>/save/", views.discussion_save, name="discussion-save"),
    path("discussions/<int:discussion_id>/remove/", views.discussion_remove, name="discussion-remove"),
    path("discussions/<int:discussion_id>/actions/", views.action_add, name="action-add"),
    path("actions/<int:action_id>/", views.action_detail, name="action"),
    path("actions/<int:action_id>/done/", views.action_done, name="action-done"),
    # case discussion requests
    path("units/<slug:code>/requests/", views.requests_list, name="requests"),
    path("units/<slug:code>/requests/new/", views.request_add, name="request-add"),
]
