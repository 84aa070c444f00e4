"""Learning without blame: a serious success review and a near miss each go from report to published
learning with actions tracked, and the library finds them by theme; the moves refuse what cannot happen;
children's reads are audited and never reach the library; lists and the review page make a fixed number
of queries."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from hearth.cases.models import EventKind
from hearth.cases.services.chronology import add_to_chronology
from hearth.core.models import AuditLog
from hearth.learning import selectors, services
from hearth.learning.language import blame_phrases, child_identifiers_in
from hearth.learning.models import (
    ActionStatus,
    ExperimentStatus,
    LearningEntry,
    NearMissStatus,
    ReviewKind,
    ReviewStatus,
    Theme,
    TransitionError,
)

from .factories import ChildFactory, UnitFactory
from .factories_learning import ExperimentFactory, NearMissFactory, ReviewFactory

TODAY = timezone.localdate()

FINDINGS = {
    "what_helped": "One worker stayed with the family for two years and knew the children well.",
    "what_got_in_the_way": "Housing and school information arrived late, after decisions were made.",
    "what_we_will_do": "Invite housing to core groups from the first meeting.",
}


@pytest.fixture
def child(org):
    return ChildFactory(
        unit=org.unit_a, unit__lead_worker=org["social-worker"], first_name="Juniper", last_name="Marchbank"
    )


def _library(client, **params):
    return client.get(reverse("learning:library"), params).content.decode()


# --- the two journeys --------------------------------------------------------------------------------


def test_a_serious_success_review_goes_from_opening_to_published_learning(org, child, client):
    psw = org["principal-social-worker"]
    manager = org["team-manager"]
    client.force_login(manager)
    response = client.post(
        reverse("learning:review-open"),
        {
            "kind": ReviewKind.SERIOUS_SUCCESS,
            "title": "A family supported to stay together",
            "unit": org.unit_a.pk,
            "scope": "What made the difference",
            "themes": [Theme.NEGLECT, Theme.FATHERS],
        },
    )
    review_url = response["Location"]
    review = selectors.reviews_visible_to(manager).get()
    assert review_url == reverse("learning:review", args=[review.pk])
    assert review.status == ReviewStatus.DRAFT and review.unit == org.unit_a

    client.post(reverse("learning:review-child", args=[review.pk]), {"child": child.la_child_id})
    assert child.full_name in client.get(review_url).content.decode()  # an audited read
    client.post(reverse("learning:review-findings", args=[review.pk]), FINDINGS)
    client.post(
        reverse("learning:review-recommendation", args=[review.pk]), {"text": "Keep one worker a year"}
    )
    due = TODAY + datetime.timedelta(days=20)
    client.post(
        reverse("learning:review-action", args=[review.pk]),
        {
            "description": "Write housing into the core group guidance",
            "owner": org["social-worker"].email,
            "due_on": f"{due.day}/{due.month}/{due.year}",
        },
    )
    assert client.post(reverse("learning:review-move", args=[review.pk]), {"to": "submit"}).status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.IN_REVIEW
    # A manager cannot publish; the principal social worker can.
    assert (
        client.post(reverse("learning:review-move", args=[review.pk]), {"to": "publish"}).status_code == 403
    )
    client.force_login(psw)
    client.post(reverse("learning:review-move", args=[review.pk]), {"to": "publish"})
    review.refresh_from_db()
    assert review.status == ReviewStatus.PUBLISHED

    # The action is on its owner's work list and is tracked to done.
    worker = org["social-worker"]
    client.force_login(worker)
    assert (
        "Write housing into the core group guidance" in client.get(reverse("cases:my-work")).content.decode()
    )
    action = review.actions.get()
    assert client.post(reverse("learning:action-done", args=[action.pk])).status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert "Write housing" not in client.get(reverse("cases:my-work")).content.decode()

    # Any worker finds it in the library by theme; it never names the child.
    client.force_login(org.other_unit_worker)
    html = _library(client, theme=Theme.FATHERS)
    assert "A family supported to stay together" in html
    entry = LearningEntry.objects.get(review=review)
    page = client.get(reverse("learning:entry", args=[entry.pk])).content.decode()
    assert "Invite housing to core groups" in page and "Keep one worker a year" in page
    for html in (page, _library(client)):
        assert "Juniper" not in html and "Marchbank" not in html and child.la_child_id not in html
    assert "A family supported" not in _library(client, theme=Theme.EXPLOITATION)
    actions = set(
        AuditLog.objects.filter(object_type="learning.learningreview").values_list("action", flat=True)
    )
    assert {
        "learning.review.open",
        "learning.review.add_child",
        "learning.review.findings",
        "learning.review.submit",
        "learning.review.publish",
        "learning.review.view_child",
    } <= actions


def test_a_near_miss_goes_from_report_to_published_learning_without_the_reporters_name(org, client):
    worker = org["social-worker"]
    client.force_login(worker)
    response = client.post(
        reverse("learning:near-miss-report"),
        {
            "what_happened": "A visit was nearly booked at the father's address, which the mother had fled",
            "what_stopped_harm": "The coordinator checked the latest address note",
            "theme": Theme.DOMESTIC_ABUSE,
            "hide_name": "on",
        },
    )
    assert response.status_code == 302
    near_miss = selectors.near_misses_visible_to(worker).get()
    assert near_miss.reported_by == worker and near_miss.hide_name and near_miss.unit == org.unit_a
    assert "your name is not shown" in client.get(near_miss.get_absolute_url()).content.decode()

    for role in ("team-manager", "principal-social-worker"):
        client.force_login(org[role])
        html = client.get(near_miss.get_absolute_url()).content.decode()
        assert "Name not shown" in html and worker.full_name not in html
        assert worker.full_name not in client.get(reverse("learning:near-misses")).content.decode()
    # A worker of another unit does not see it.
    client.force_login(org.other_unit_worker)
    assert client.get(near_miss.get_absolute_url()).status_code == 404

    psw = org["principal-social-worker"]
    client.force_login(psw)
    response = client.post(reverse("learning:near-miss-review", args=[near_miss.pk]))
    near_miss.refresh_from_db()
    review = near_miss.review
    assert response["Location"] == review.get_absolute_url()
    assert near_miss.status == NearMissStatus.IN_REVIEW and review.kind == ReviewKind.NEAR_MISS
    assert worker.full_name not in client.get(review.get_absolute_url()).content.decode()
    client.post(reverse("learning:review-findings", args=[review.pk]), FINDINGS)
    due = TODAY + datetime.timedelta(days=10)
    services.add_action(
        by=psw,
        review=review,
        description="Check addresses before booking visits",
        owner=org["unit-coordinator"],
        due_on=due,
    )
    client.post(reverse("learning:review-move", args=[review.pk]), {"to": "submit"})
    client.post(reverse("learning:review-move", args=[review.pk]), {"to": "publish"})
    review.refresh_from_db()
    assert review.is_published

    client.force_login(org["unit-coordinator"])
    assert "Check addresses before booking visits" in client.get(reverse("cases:my-work")).content.decode()
    html = _library(client, theme=Theme.DOMESTIC_ABUSE)
    assert "Near miss: domestic abuse" in html and worker.full_name not in html


# --- transitions ---------------------------------------------------------------------------------------


def test_review_moves_refuse_what_cannot_happen(org):
    psw = org["principal-social-worker"]
    review = ReviewFactory(opened_by=psw)
    with pytest.raises(TransitionError, match="Send the review for review"):
        services.publish_review(by=psw, review=review)
    with pytest.raises(TransitionError, match="Write all three parts"):
        services.submit_review(by=psw, review=review)
    with pytest.raises(TransitionError, match="Only a review that is in review"):
        services.return_review(by=psw, review=review)
    services.write_findings(by=psw, review=review, **FINDINGS)
    services.submit_review(by=psw, review=review)
    with pytest.raises(TransitionError, match="Only a draft"):
        services.submit_review(by=psw, review=review)
    services.return_review(by=psw, review=review)
    services.submit_review(by=psw, review=review)
    services.publish_review(by=psw, review=review)
    with pytest.raises(TransitionError, match="already published"):
        services.publish_review(by=psw, review=review)
    with pytest.raises(TransitionError, match="published"):
        services.write_findings(by=psw, review=review, **FINDINGS)
    assert LearningEntry.objects.filter(review=review).count() == 1


def test_publishing_needs_a_theme(org):
    psw = org["principal-social-worker"]
    review = ReviewFactory(opened_by=psw, themes=[], status=ReviewStatus.IN_REVIEW, **FINDINGS)
    with pytest.raises(TransitionError, match="at least one theme"):
        services.publish_review(by=psw, review=review)


@pytest.mark.parametrize(
    "where", ["what_helped", "what_got_in_the_way", "what_we_will_do", "title", "recommendation"]
)
def test_publishing_is_refused_while_the_learning_names_a_child(org, child, where):
    psw = org["principal-social-worker"]
    review = ReviewFactory(opened_by=psw, status=ReviewStatus.IN_REVIEW, **FINDINGS)
    services.add_child(by=psw, review=review, child_ref=str(child.pk))
    if where == "recommendation":
        services.add_recommendation(by=psw, review=review, text="Ask Juniper what helped at school")
    else:
        setattr(review, where, getattr(review, where) + f" ({child.la_child_id})")
        review.save()
    with pytest.raises(TransitionError, match="never identifies a child"):
        services.publish_review(by=psw, review=review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.IN_REVIEW and not LearningEntry.objects.exists()


def test_a_manager_opens_reviews_only_for_the_units_they_manage(org):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.open_review(by=org["team-manager"], kind=ReviewKind.RAPID, title="A review", unit=org.unit_b)
    review = services.open_review(by=org["team-manager"], kind=ReviewKind.RAPID, title="A", unit=org.unit_a)
    assert review.opened_by == org["team-manager"]


def test_only_children_in_reach_can_be_added(org, child):
    other = ChildFactory(unit=org.unit_b, unit__lead_worker=org.other_unit_worker)
    manager = org["team-manager"]
    review = ReviewFactory(opened_by=manager, unit=org.unit_a)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="in your reach"):
        services.add_child(by=manager, review=review, child_ref=str(other.pk))
    services.add_child(by=manager, review=review, child_ref=child.la_child_id)
    with pytest.raises(ValidationError, match="already part"):
        services.add_child(by=manager, review=review, child_ref=str(child.pk))


def test_the_review_page_shows_only_children_the_reader_can_see_and_audits_each(org, child, client):
    psw = org["principal-social-worker"]
    other = ChildFactory(unit=org.unit_b, unit__lead_worker=org.other_unit_worker)
    review = ReviewFactory(opened_by=psw, unit=org.unit_a)
    services.add_child(by=psw, review=review, child_ref=str(child.pk))
    services.add_child(by=psw, review=review, child_ref=str(other.pk))
    client.force_login(org["team-manager"])
    html = client.get(review.get_absolute_url()).content.decode()
    assert child.full_name in html and other.full_name not in html
    assert "1 other child in this review is outside your reach" in html
    rows = AuditLog.objects.filter(action="learning.review.view_child", actor=org["team-manager"])
    assert list(rows.values_list("child_id", flat=True)) == [child.pk]


# --- timeline ------------------------------------------------------------------------------------------


def test_the_timeline_holds_the_childrens_entries_within_the_period(org, child):
    psw = org["principal-social-worker"]
    start = datetime.date(2026, 1, 10)
    review = ReviewFactory(opened_by=psw, period_start=start, period_end=start + datetime.timedelta(days=30))
    for days, title in [(-1, "Before"), (0, "First day"), (30, "Last day"), (31, "After")]:
        when = timezone.make_aware(
            datetime.datetime.combine(start + datetime.timedelta(days=days), datetime.time(12))
        )
        add_to_chronology(children=[child], occurred_at=when, kind=EventKind.OTHER, title=title)
    entries, more = selectors.timeline(psw, review, [child])
    assert [e.title for e in entries] == ["First day", "Last day"] and not more


def _grow(org, review, psw, n):
    for _ in range(n):
        kid = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
        services.add_child(by=psw, review=review, child_ref=str(kid.pk))
        add_to_chronology(children=[kid], occurred_at=timezone.now(), kind=EventKind.OTHER, title="Visit")
        services.add_recommendation(by=psw, review=review, text="Something to change")
        services.add_action(
            by=psw,
            review=review,
            description="Do it",
            owner=org["social-worker"],
            due_on=TODAY + datetime.timedelta(days=3),
        )


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_review_page_query_count_does_not_grow(org, client):
    psw = org["principal-social-worker"]
    review = ReviewFactory(opened_by=psw, unit=org.unit_a)
    client.force_login(psw)
    url = review.get_absolute_url()
    _grow(org, review, psw, 2)
    small = _count(client, url)
    _grow(org, review, psw, 12)
    assert _count(client, url) == small


# --- library and lists ---------------------------------------------------------------------------------


def _publish(org, n, theme=Theme.RECORDING):
    psw = org["principal-social-worker"]
    for i in range(n):
        review = ReviewFactory(
            opened_by=psw, status=ReviewStatus.IN_REVIEW, themes=[theme], title=f"Recorded {i}", **FINDINGS
        )
        services.publish_review(by=psw, review=review)


def test_the_library_searches_by_theme_and_words(org, client):
    _publish(org, 2, Theme.RECORDING)
    psw = org["principal-social-worker"]
    review = ReviewFactory(
        opened_by=psw,
        status=ReviewStatus.IN_REVIEW,
        themes=[Theme.ADOLESCENTS],
        title="Young people at risk outside the home",
        **FINDINGS,
    )
    services.write_findings(
        by=psw,
        review=review,
        what_helped="Detached youth workers who knew the park",
        what_got_in_the_way="x",
        what_we_will_do="y",
    )
    services.publish_review(by=psw, review=review)
    client.force_login(org["student"])
    assert "Young people at risk" in _library(client, theme=Theme.ADOLESCENTS)
    assert "Young people at risk" not in _library(client, theme=Theme.RECORDING)
    assert "Young people at risk" in _library(client, q="youth park")
    assert "Recorded 0" not in _library(client, q="youth park")
    assert "No published learning matches" in _library(client, theme=Theme.BABIES)


@pytest.mark.parametrize(
    "url_name", ["learning:library", "learning:reviews", "learning:experiments", "learning:near-misses"]
)
def test_list_query_counts_do_not_grow(org, client, url_name):
    psw = org["principal-social-worker"]
    client.force_login(psw if url_name != "learning:experiments" else org["team-manager"])
    url = reverse(url_name)

    def make(n):
        _publish(org, n)
        for _ in range(n):
            ReviewFactory(opened_by=psw, unit=org.unit_a)
            NearMissFactory(reported_by=org["social-worker"], unit=org.unit_a)
            ExperimentFactory(
                proposed_by=org["social-worker"], unit=org.unit_a, status=ExperimentStatus.RUNNING
            )

    make(2)
    small = _count(client, url)
    make(20)
    assert _count(client, url) == small


# --- experiments ---------------------------------------------------------------------------------------


def test_an_experiment_is_proposed_agreed_finished_and_published(org, client):
    worker = org["social-worker"]
    client.force_login(worker)
    review_on = TODAY + datetime.timedelta(days=90)
    response = client.post(
        reverse("learning:experiment-propose"),
        {
            "title": "Evening visits for fathers",
            "hypothesis": "More fathers will take part",
            "what_we_will_try": "Visits after 6pm",
            "for_which_families": "Families where the father works days",
            "how_we_will_know": "Fathers at reviews",
            "review_on": f"{review_on.day}/{review_on.month}/{review_on.year}",
            "unit": org.unit_a.pk,
            "themes": [Theme.FATHERS],
        },
    )
    assert response.status_code == 302
    experiment = selectors.experiments_for(worker, "proposed").get()
    with pytest.raises(PermissionDenied):
        services.decide_experiment(by=worker, experiment=experiment, agree=True)  # not a manager
    client.force_login(org["team-manager"])
    client.post(reverse("learning:experiment-decide", args=[experiment.pk]), {"decision": "agree"})
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.RUNNING and experiment.decided_by == org["team-manager"]
    client.force_login(worker)
    client.post(
        reverse("learning:experiment-outcome", args=[experiment.pk]),
        {"outcome": "Twice as many fathers came to reviews", "learning": "Offer evening slots by default"},
    )
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.FINISHED
    client.force_login(org["quality-lead"])
    client.post(reverse("learning:experiment-publish", args=[experiment.pk]))
    experiment.refresh_from_db()
    assert experiment.status == ExperimentStatus.PUBLISHED
    client.force_login(org.other_unit_worker)
    assert "Evening visits for fathers" in _library(client, theme=Theme.FATHERS)


def test_nobody_agrees_their_own_experiment(org):
    manager = org["team-manager"]
    experiment = ExperimentFactory(proposed_by=manager, unit=org.unit_a)
    with pytest.raises(TransitionError, match="Someone other than"):
        services.decide_experiment(by=manager, experiment=experiment, agree=True)
    services.decide_experiment(by=org["principal-social-worker"], experiment=experiment, agree=True)


def test_not_agreeing_needs_a_reason(org):
    from django.core.exceptions import ValidationError

    experiment = ExperimentFactory(proposed_by=org["social-worker"], unit=org.unit_a)
    with pytest.raises(ValidationError):
        services.decide_experiment(by=org["team-manager"], experiment=experiment, agree=False)


def test_managers_see_their_services_running_experiments_with_overdue_reviews_tagged(org, client):
    ExperimentFactory(
        title="Late one",
        unit=org.unit_a,
        status=ExperimentStatus.RUNNING,
        review_on=TODAY - datetime.timedelta(days=3),
    )
    ExperimentFactory(title="On time", unit=org.unit_a, status=ExperimentStatus.RUNNING)
    ExperimentFactory(title="Elsewhere", unit=UnitFactory(), status=ExperimentStatus.RUNNING)
    client.force_login(org["service-manager"])
    html = client.get(reverse("learning:experiments")).content.decode()
    assert "Late one" in html and "On time" in html and "Elsewhere" not in html
    assert html.count("Review overdue") == 1


# --- language ------------------------------------------------------------------------------------------


def test_blame_phrases_are_found_as_whole_phrases():
    assert blame_phrases("The worker failed to visit.", "She should have known") == [
        "failed to",
        "should have",
    ]
    assert blame_phrases("Caseloads were high and the form was unclear") == []
    assert blame_phrases("unfailed tolerance") == []


@given(st.text(alphabet="abcdefghilmnopqrsuvwxyz .,0123456789", max_size=80))
def test_child_identifiers_are_found_where_they_stand_and_nowhere_else(text):
    """Text without a 'j', 'k' or 't' cannot hold the name or the LA child ID: nothing is found. Put the
    name or the ID in anywhere (as a word, any case) and it is."""
    from types import SimpleNamespace

    kid = SimpleNamespace(
        first_name="Juniper",
        last_name="Marchbank",
        other_names="",
        la_child_id="T000123",
        upn="",
        nhs_number="",
    )
    assert not child_identifiers_in(text, [kid])
    assert child_identifiers_in(f"{text} juniper {text}", [kid])
    assert child_identifiers_in(f"{text} MARCHBANK.", [kid])
    assert child_identifiers_in(f"{text} (t000123)", [kid])


# --- permissions on the pages --------------------------------------------------------------------------


def test_a_worker_sees_only_the_reviews_they_own_an_action_of(org, client):
    review = ReviewFactory(opened_by=org["principal-social-worker"], unit=org.unit_a)
    client.force_login(org["child-practitioner"])
    assert client.get(review.get_absolute_url()).status_code == 404
    services.add_action(
        by=org["principal-social-worker"],
        review=review,
        description="Read the guidance",
        owner=org["child-practitioner"],
        due_on=TODAY,
    )
    assert client.get(review.get_absolute_url()).status_code == 200
