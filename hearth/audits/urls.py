from django.urls import path

from . import views

app_name = "audits"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("quality/", views.quality, name="quality"),
    path("tools/", views.tool_list, name="tools"),
    path("tools/new/", views.tool_new, name="tool-new"),
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/new/", views.programme_new, name="programme-new"),
    path("programmes/<int:programme_id>/", views.programme_detail, name="programme"),
    path("programmes/<int:programme_id>/draw/", views.programme_draw, name="programme-draw"),
    path("<int:audit_id>/", views.audit_detail, name="audit"),
    path("<int:audit_id>/assign/", views.assign, name="assign"),
    path("<int:audit_id>/start/", views.start, name="start"),
    path("<int:audit_id>/grades/", views.grades, name="grades"),
    path("<int:audit_id>/reflections/", views.reflections, name="reflections"),
    path("<int:audit_id>/family-view/", views.family_view, name="family-view"),
    path("<int:audit_id>/agree/", views.agree, name="agree"),
    path("<int:audit_id>/submit/", views.submit, name="submit"),
    path("<int:audit_id>/moderate/", views.moderate, name="moderate"),
    path("<int:audit_id>/actions/", views.add_action, name="action-add"),
    path("actions/<int:action_id>/done/", views.action_done, name="action-done"),
]
