from django.urls import path

from .views import children as children_views
from .views import chronology as chronology_views  # notes, drafts and chronology
from .views import episodes as episode_views  # episodes, allocation and plans
from .views import lists
from .views import looked_after as looked_after_views  # looked-after details for the SSDA903 return
from .views import notes as notes_views  # notes, drafts and chronology
from .views import plans as plan_views  # episodes, allocation and plans

app_name = "cases"

# Each section belongs to one area of casework; keep edits within a section.
urlpatterns = [
    # --- adding a child, which opens their case (hearth/cases/views/children.py) ---
    path("children/new/", children_views.child_add, name="child-add"),
    # --- notes, drafts and chronology (hearth/cases/views/notes.py, chronology.py) ---
    path("children/<int:child_id>/notes/new/", notes_views.note_add, name="note-add"),
    path("notes/<int:note_id>/", notes_views.note_detail, name="note"),
    path("notes/<int:note_id>/edit/", notes_views.note_edit, name="note-edit"),
    path("notes/<int:note_id>/finalise/", notes_views.note_finalise, name="note-finalise"),
    path("notes/<int:note_id>/children/", notes_views.note_children, name="note-children"),
    path("drafts/", notes_views.draft_list, name="drafts"),
    path("drafts/save/", notes_views.draft_save, name="draft-save"),
    path("drafts/discard/", notes_views.draft_discard, name="draft-discard"),
    path("children/<int:child_id>/chronology/", chronology_views.chronology, name="chronology"),
    path(
        "children/<int:child_id>/chronology/print/",
        chronology_views.chronology_print,
        name="chronology-print",
    ),
    # --- episodes, allocation and plans (hearth/cases/views/episodes.py, plans.py) ---
    path("children/<int:child_id>/episodes/", episode_views.episodes, name="episodes"),
    path("children/<int:child_id>/episodes/contacts/new/", episode_views.contact_add, name="contact-add"),
    path("children/<int:child_id>/episodes/referrals/new/", episode_views.referral_add, name="referral-add"),
    path(
        "children/<int:child_id>/episodes/referrals/<int:referral_id>/close/",
        episode_views.referral_close,
        name="referral-close",
    ),
    path(
        "children/<int:child_id>/episodes/referrals/<int:referral_id>/assessments/new/",
        episode_views.assessment_add,
        name="assessment-add",
    ),
    path(
        "children/<int:child_id>/episodes/assessments/<int:assessment_id>/complete/",
        episode_views.assessment_complete,
        name="assessment-complete",
    ),
    path(
        "children/<int:child_id>/episodes/assessments/<int:assessment_id>/withdraw/",
        episode_views.assessment_withdraw,
        name="assessment-withdraw",
    ),
    path(
        "children/<int:child_id>/episodes/referrals/<int:referral_id>/section-47/new/",
        episode_views.s47_add,
        name="s47-add",
    ),
    path(
        "children/<int:child_id>/episodes/section-47/<int:s47_id>/conference/",
        episode_views.icpc_record,
        name="icpc-record",
    ),
    path(
        "children/<int:child_id>/episodes/referrals/<int:referral_id>/cp-plans/new/",
        episode_views.cp_plan_add,
        name="cp-plan-add",
    ),
    path(
        "children/<int:child_id>/episodes/cp-plans/<int:plan_id>/reviews/new/",
        episode_views.cp_plan_review_add,
        name="cp-plan-review-add",
    ),
    path(
        "children/<int:child_id>/episodes/cp-plans/<int:plan_id>/category/",
        episode_views.cp_plan_category,
        name="cp-plan-category",
    ),
    path(
        "children/<int:child_id>/episodes/cp-plans/<int:plan_id>/end/",
        episode_views.cp_plan_end,
        name="cp-plan-end",
    ),
    path(
        "children/<int:child_id>/episodes/referrals/<int:referral_id>/cin-plans/new/",
        episode_views.cin_plan_add,
        name="cin-plan-add",
    ),
    path(
        "children/<int:child_id>/episodes/cin-plans/<int:plan_id>/end/",
        episode_views.cin_plan_end,
        name="cin-plan-end",
    ),
    path(
        "children/<int:child_id>/episodes/looked-after/new/",
        episode_views.looked_after_add,
        name="looked-after-add",
    ),
    path(
        "children/<int:child_id>/episodes/looked-after/<int:episode_id>/end/",
        episode_views.looked_after_end,
        name="looked-after-end",
    ),
    path("children/<int:child_id>/allocate/", episode_views.allocate, name="allocate"),
    path("children/<int:child_id>/plans/", plan_views.plans, name="plans"),
    path("children/<int:child_id>/plans/new/", plan_views.plan_add, name="plan-add"),
    path("plans/<int:plan_id>/", plan_views.plan_detail, name="plan"),
    path("plans/<int:plan_id>/actions/new/", plan_views.plan_action_add, name="plan-action-add"),
    path("plans/<int:plan_id>/reviews/new/", plan_views.plan_review_add, name="plan-review-add"),
    path("plans/<int:plan_id>/end/", plan_views.plan_end, name="plan-end"),
    # --- looked-after details for the SSDA903 return (hearth/cases/views/looked_after.py) ---
    path("children/<int:child_id>/looked-after/", looked_after_views.details, name="looked-after-details"),
    path(
        "children/<int:child_id>/looked-after/<slug:kind>/new/",
        looked_after_views.fact_add,
        name="looked-after-fact-add",
    ),
    path(
        "children/<int:child_id>/looked-after/<slug:kind>/<int:item_id>/",
        looked_after_views.fact_change,
        name="looked-after-fact-change",
    ),
    path(
        "children/<int:child_id>/episodes/looked-after/<int:episode_id>/details/",
        looked_after_views.episode_details,
        name="looked-after-episode-details",
    ),
    # --- my work, unit caseload and search (hearth/cases/views/lists.py) ---
    path("my-work/", lists.my_work, name="my-work"),
    path("caseload/<slug:code>/", lists.unit_caseload, name="unit-caseload"),
    path("search/", lists.search, name="search"),
]
