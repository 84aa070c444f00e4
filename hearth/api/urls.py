"""The REST API (version 1), its OpenAPI schema and its documentation page."""

from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("v1/children/", views.ChildList.as_view(), name="children"),
    path("v1/children/<int:child_id>/", views.ChildDetail.as_view(), name="child"),
    path("v1/children/<int:child_id>/episodes/", views.ChildEpisodes.as_view(), name="child-episodes"),
    path("v1/children/<int:child_id>/notes/", views.ChildNotes.as_view(), name="child-notes"),
    path("v1/notes/", views.NoteCreate.as_view(), name="notes"),
    path("schema/", views.Schema.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
]
