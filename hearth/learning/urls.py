from django.urls import path

from .views import library, practice, reviews

app_name = "learning"

urlpatterns = [
    path("", library.library, name="library"),
    path("entries/<int:entry_id>/", library.entry_detail, name="entry"),
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/new/", reviews.review_open, name="review-open"),
    path("reviews/<int:review_id>/", reviews.review_detail, name="review"),
    path("reviews/<int:review_id>/edit/", reviews.review_edit, name="review-edit"),
    path("reviews/<int:review_id>/findings/", reviews.review_findings, name="review-findings"),
    path("reviews/<int:review_id>/children/", reviews.add_child, name="review-child"),
    path(
        "reviews/<int:review_id>/recommendations/", reviews.add_recommendation, name="review-recommendation"
    ),
    path("reviews/<int:review_id>/actions/", reviews.add_action, name="review-action"),
    path("reviews/<int:review_id>/move/", reviews.review_move, name="review-move"),
    path("actions/<int:action_id>/done/", reviews.action_done, name="action-done"),
    path("near-misses/", practice.near_miss_list, name="near-misses"),
    path("near-misses/new/", practice.near_miss_report, name="near-miss-report"),
    path("near-misses/<int:near_miss_id>/", practice.near_miss_detail, name="near-miss"),
    path("near-misses/<int:near_miss_id>/review/", practice.near_miss_take, name="near-miss-review"),
    path("experiments/", practice.experiment_list, name="experiments"),
    path("experiments/new/", practice.experiment_propose, name="experiment-propose"),
    path("experiments/<int:experiment_id>/", practice.experiment_detail, name="experiment"),
    path("experiments/<int:experiment_id>/decide/", practice.experiment_decide, name="experiment-decide"),
    path("experiments/<int:experiment_id>/outcome/", practice.experiment_outcome, name="experiment-outcome"),
    path("experiments/<int:experiment_id>/publish/", practice.experiment_publish, name="experiment-publish"),
    path("retention/", library.retention, name="retention"),
    path("retention/reviews/<int:review_id>/dispose/", library.dispose_review, name="dispose-review"),
    path(
        "retention/near-misses/<int:near_miss_id>/dispose/",
        library.dispose_near_miss,
        name="dispose-near-miss",
    ),
]
