from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("", views.my_requests, name="mine"),
    path("queue/", views.my_queue, name="my-queue"),
    path("units/<slug:code>/", views.queue, name="queue"),
    path("children/<int:child_id>/new/", views.raise_request, name="raise"),
    path("<int:request_id>/", views.request_detail, name="request"),
    path("<int:request_id>/take/", views.take, name="take"),
    path("<int:request_id>/notes/", views.add_note, name="note"),
    path("<int:request_id>/close/", views.close, name="close"),
]
