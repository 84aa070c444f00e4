from django.urls import path

from .views import census, figures, people, pulse, retention, staff

app_name = "workforce"

urlpatterns = [
    path("", figures.dashboard, name="dashboard"),
    path("figures.csv", figures.figures_csv, name="figures-csv"),
    path("staff/", staff.staff_list, name="staff"),
    path("staff/mine/", staff.my_record, name="my-record"),
    path("staff/new/", staff.staff_add, name="staff-add"),
    path("staff/<int:staff_id>/", staff.staff_detail, name="staff-detail"),
    path("staff/<int:staff_id>/edit/", staff.staff_edit, name="staff-edit"),
    path("staff/<int:staff_id>/leaving/", staff.staff_leave, name="staff-leave"),
    path("staff/<int:staff_id>/development/new/", staff.cpd_add, name="cpd-add"),
    path("staff/<int:staff_id>/absence/new/", staff.absence_add, name="absence-add"),
    path("staff/<int:staff_id>/conversations/new/", staff.conversation_add, name="conversation-add"),
    path("staff/<int:staff_id>/census/", census.census_details, name="census-details"),
    path("posts/", staff.post_list, name="posts"),
    path("posts/new/", staff.post_add, name="post-add"),
    path("pulse/", pulse.pulse, name="pulse"),
    path("pulse/results/", pulse.results, name="pulse-results"),
    path("pulse/rounds/new/", pulse.round_add, name="pulse-round-add"),
    path("pulse/comments/", pulse.comments, name="pulse-comments"),
    path("equality/", people.equality, name="equality"),
    path("equality/mine/", people.my_equality, name="my-equality"),
    path("extra-hours/", people.extra_hours, name="extra-hours"),
    path("retention/", retention.retention, name="retention"),
    path("retention/actions/new/", retention.action_add, name="action-add"),
]
