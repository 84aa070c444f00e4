from django.urls import path

from .views import codesign, framework, public

app_name = "framework"

urlpatterns = [
    # the framework and model (signed in)
    path("framework/", framework.home, name="home"),
    path("framework/versions/", framework.versions, name="versions"),
    path("framework/versions/<int:number>/", framework.version, name="version"),
    path("framework/versions/<int:number>/changes/", framework.changes, name="changes"),
    path("framework/draft/", framework.draft, name="draft"),
    path("framework/draft/start/", framework.draft_start, name="draft-start"),
    path("framework/draft/summary/", framework.draft_summary, name="draft-summary"),
    path("framework/draft/<slug:kind>/new/", framework.draft_part, name="draft-part-add"),
    path("framework/draft/<slug:kind>/<int:part_id>/", framework.draft_part, name="draft-part"),
    path(
        "framework/draft/<slug:kind>/<int:part_id>/remove/",
        framework.draft_part_remove,
        name="draft-part-remove",
    ),
    path("framework/draft/publish/", framework.draft_publish, name="draft-publish"),
    path("framework/draft/discard/", framework.draft_discard, name="draft-discard"),
    # co-design of purpose and vision (signed in)
    path("framework/co-design/", codesign.rounds, name="rounds"),
    path("framework/co-design/new/", codesign.round_add, name="round-add"),
    path("framework/co-design/<int:round_id>/", codesign.round_detail, name="round"),
    path("framework/co-design/<int:round_id>/ideas/", codesign.idea_add, name="idea-add"),
    path("framework/co-design/ideas/<uuid:idea_id>/comments/", codesign.comment_add, name="comment-add"),
    path("framework/co-design/ideas/<uuid:idea_id>/support/", codesign.support, name="support"),
    path("framework/co-design/<int:round_id>/invitations/", codesign.invitations, name="invitations"),
    path(
        "framework/co-design/invitations/<int:invitation_id>/withdraw/",
        codesign.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("framework/co-design/<int:round_id>/close/", codesign.round_close, name="round-close"),
    path("framework/co-design/<int:round_id>/outcome/", codesign.round_outcome, name="round-outcome"),
    path("framework/co-design/<int:round_id>/publish/", codesign.round_publish, name="round-publish"),
    # public: no sign-in
    path("our-practice/", public.practice, name="public-practice"),
    path("our-purpose/", public.purpose, name="public-purpose"),
    path("have-your-say/thank-you/", public.have_your_say_thanks, name="have-your-say-thanks"),
    path("have-your-say/<str:token>/", public.have_your_say, name="have-your-say"),
]
