"""Factories and a ready-made case for learning reviews, near misses and experiments (hearth.learning).
Data is synthetic."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import factory
from django.utils import timezone

from hearth.learning.models import (
    Experiment,
    LearningReview,
    NearMiss,
    ReviewAction,
    ReviewChild,
    ReviewKind,
    Theme,
)

from .factories import ChildFactory, UserFactory


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningReview

    kind = ReviewKind.SERIOUS_SUCCESS
    title = factory.Sequence(lambda n: f"Review {n}: a family supported to stay together")
    scope = "What made the difference for a family at risk of their children coming into care"
    themes = factory.LazyFunction(lambda: [Theme.NEGLECT.value])
    opened_by = factory.SubFactory(UserFactory)


class NearMissFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NearMiss

    reported_by = factory.SubFactory(UserFactory)
    what_happened = "A strategy discussion was nearly held without the school, who had the latest concern"
    what_stopped_harm = "The coordinator checked the list of agencies against the referral"
    theme = Theme.MULTI_AGENCY


class ExperimentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Experiment

    title = factory.Sequence(lambda n: f"Experiment {n}: evening visits for working fathers")
    proposed_by = factory.SubFactory(UserFactory)
    hypothesis = "Fathers who work days will take part more if we visit after 6pm"
    what_we_will_try = "Offer evening visits to every family with a working father for three months"
    for_which_families = "Families on child in need plans where the father works during the day"
    how_we_will_know = "More fathers at visits and at child in need reviews than in the three months before"
    review_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    themes = factory.LazyFunction(lambda: [Theme.FATHERS.value])


def learning_case(org):
    """A draft review for unit A (opened by the principal social worker) with a child of unit A involved
    and an action owned by the social worker; a near miss the social worker reported in unit A; an
    experiment the social worker proposed for unit A; and a published library entry. Made once per
    `org` and kept on it (authorisation matrix)."""
    case = getattr(org, "_learning_case", None)
    if case is not None:
        return case
    from hearth.learning import services

    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    review = ReviewFactory(unit=org.unit_a, opened_by=org["principal-social-worker"], kind=ReviewKind.RAPID)
    ReviewChild.objects.create(review=review, child=child, added_by=org["principal-social-worker"])
    action = ReviewAction.objects.create(
        review=review,
        description="Add the school to the strategy discussion checklist",
        owner=org["social-worker"],
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    near_miss = NearMissFactory(reported_by=org["social-worker"], unit=org.unit_a)
    experiment = ExperimentFactory(proposed_by=org["social-worker"], unit=org.unit_a)
    published = ReviewFactory(
        opened_by=org["principal-social-worker"],
        what_helped="A steady relationship with one worker",
        what_got_in_the_way="Changes of worker in the first months",
        what_we_will_do="Keep the same lead worker for a year where we can",
        status="in-review",
    )
    entry = services.publish_review(by=org["principal-social-worker"], review=published)
    case = SimpleNamespace(
        child=child,
        review=review,
        action=action,
        near_miss=near_miss,
        experiment=experiment,
        entry=entry,
        published=published,
    )
    org._learning_case = case
    return case
