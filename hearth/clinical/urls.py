from django.urls import path

from . import views

app_name = "clinical"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("children/<int:child_id>/new/", views.ask, name="ask"),
    path("<int:request_id>/", views.request_detail, name="request"),
    path("<int:request_id>/take/", views.take, name="take"),
    path("<int:request_id>/first-contact/", views.first_contact, name="first-contact"),
    path("<int:request_id>/input/", views.add_input, name="input"),
    path("<int:request_id>/close/", views.close, name="close"),
]
