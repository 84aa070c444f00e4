from django.urls import path  # noqa: F401

app_name = "cases"

# Each section belongs to one area of casework; keep edits within a section.
urlpatterns = [
    # --- notes, drafts and chronology (hearth/cases/views/notes.py, chronology.py) ---
    # --- episodes, allocation and plans (hearth/cases/views/episodes.py, plans.py) ---
    # --- my work, unit caseload and search (hearth/cases/views/lists.py) ---
]
