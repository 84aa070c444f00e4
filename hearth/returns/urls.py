from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [
    path("", views.runs, name="runs"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("runs/<int:run_id>/progress/", views.run_progress, name="run-progress"),
    path("runs/<int:run_id>/download/", views.download, name="download"),
    path("data-quality/", views.data_quality, name="data-quality"),
    path("data-quality/check-again/", views.refresh, name="refresh"),
    path("problems/<int:problem_id>/explain/", views.explain, name="explain"),
    path("my-data-problems/", views.my_problems, name="my-problems"),
]
