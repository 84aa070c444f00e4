"""Looked-after details: the pages where a worker records and corrects what the SSDA903 return needs, who
may use them, that a refused form changes nothing, and that a save clears the data problem it fixes."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

import hearth.returns.rules  # noqa: F401 - registers every rule
from hearth.cases import models as m
from hearth.core.models import AuditLog
from hearth.core.roles import AUTHORITY_WIDE_CASE_ROLES, OrgRole
from hearth.returns.models import DataProblem
from hearth.returns.services.problems import refresh

from .factories import ChildFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _period_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def _period_end(day: datetime.date) -> datetime.date:
    return datetime.date(_period_start(day).year + 1, 3, 31)


@pytest.fixture
def child(org):
    """Looked after since well over a year before this collection year's 31 March, episode still open."""
    child = ChildFactory(
        unit=org.unit_a,
        unit__lead_worker=org["social-worker"],
        sex="F",
        date_of_birth=datetime.date(TODAY.year - 12, 5, 1),
    )
    m.LookedAfterEpisode.objects.create(
        child=child,
        decom=_period_start(TODAY) - datetime.timedelta(days=400),
        rne="S",
        legal_status="C2",
        cin="N1",
        place="U1",
        place_provider="PR1",
    )
    return child


def details_url(child):
    return reverse("cases:looked-after-details", args=[child.pk])


def add_url(child, kind):
    return reverse("cases:looked-after-fact-add", args=[child.pk, kind])


def change_url(child, kind, pk):
    return reverse("cases:looked-after-fact-change", args=[child.pk, kind, pk])


def _codes(child) -> set[str]:
    return set(DataProblem.objects.filter(child=child, return_name="ssda903").values_list("code", flat=True))


# --- permissions per role -------------------------------------------------------------------------------

RECORDERS = [
    "consultant-social-worker",
    "social-worker",
    "child-practitioner",
    "unit-coordinator",
    "clinician",
    "family-support-worker",
    "student",
    OrgRole.TEAM_MANAGER,
    OrgRole.SERVICE_MANAGER,
    OrgRole.HEAD_OF_SERVICE,
]


@pytest.mark.parametrize("role", [*RECORDERS, *sorted(AUTHORITY_WIDE_CASE_ROLES)])
def test_whoever_reaches_the_child_reads_the_details(org, client_for, child, role):
    response = client_for(org[role]).get(details_url(child))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    can_add = role in RECORDERS
    assert (add_url(child, "reviews").encode() in response.content) is can_add


@pytest.mark.parametrize("role", [OrgRole.WORKFORCE_LEAD, OrgRole.SYSTEM_ADMINISTRATOR])
def test_people_without_reach_get_404(org, client_for, child, role):
    client = client_for(org[role])
    assert client.get(details_url(child)).status_code == 404


def test_a_worker_of_another_unit_gets_404(org, client_for, child):
    client = client_for(org.other_unit_worker)
    assert client.get(details_url(child)).status_code == 404
    assert client.get(add_url(child, "reviews")).status_code == 404


@pytest.mark.parametrize("role", sorted(AUTHORITY_WIDE_CASE_ROLES))
def test_authority_wide_roles_may_not_record(org, client_for, child, role):
    client = client_for(org[role])
    review = m.LookedAfterReview.objects.create(child=child, review=TODAY, review_code="PN1")
    episode = child.looked_after_episodes.get()
    for url in (
        add_url(child, "reviews"),
        change_url(child, "reviews", review.pk),
        reverse("cases:looked-after-episode-details", args=[child.pk, episode.pk]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"review": f"{TODAY:%d/%m/%Y}", "review_code": "PN7"}).status_code == 403
    review.refresh_from_db()
    assert review.review_code == "PN1"


@pytest.mark.parametrize("role", RECORDERS)
def test_members_and_managers_record_a_review(org, client_for, child, role):
    response = client_for(org[role]).post(
        add_url(child, "reviews"), {"review": f"{TODAY:%d/%m/%Y}", "review_code": "PN1"}
    )
    assert response.status_code == 302
    assert response["Location"] == details_url(child)
    assert child.lac_reviews.get().review == TODAY


@pytest.mark.parametrize("kind", ["reviews", "missing", "uasc", "health", "care-leaver", "adoption",
                                  "placed-for-adoption", "previous-permanence", "mother"])  # fmt: skip
def test_every_kind_has_an_add_page(org, client_for, child, kind):
    response = client_for(org["social-worker"]).get(add_url(child, kind))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1


def test_an_unknown_kind_is_404(org, client_for, child):
    assert client_for(org["social-worker"]).get(add_url(child, "shoe-size")).status_code == 404


def test_a_record_of_another_child_is_404(org, client_for, child):
    other = ChildFactory(unit=org.unit_a)
    review = m.LookedAfterReview.objects.create(child=other, review=TODAY, review_code="PN1")
    assert client_for(org["social-worker"]).get(change_url(child, "reviews", review.pk)).status_code == 404


def test_a_child_never_looked_after_has_no_add_links_and_no_add(org, client_for):
    plain = ChildFactory(unit=org.unit_a)
    client = client_for(org["social-worker"])
    response = client.get(details_url(plain))
    assert b"No looked-after episode is recorded" in response.content
    assert add_url(plain, "reviews").encode() not in response.content
    assert client.get(add_url(plain, "reviews")).status_code == 302
    assert not m.LookedAfterReview.objects.filter(child=plain).exists()


def test_the_childs_record_links_to_the_details(org, client_for, child):
    response = client_for(org["social-worker"]).get(reverse("people:child", args=[child.pk]))
    assert details_url(child).encode() in response.content
    plain = ChildFactory(unit=org.unit_a)
    response = client_for(org["social-worker"]).get(reverse("people:child", args=[plain.pk]))
    assert details_url(plain).encode() not in response.content


# --- validation: nothing saved on error ---------------------------------------------------------------


def _post(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    return response.content.decode()


def test_a_review_in_the_future_or_outside_an_episode_is_refused(org, client_for, child):
    client = client_for(org["social-worker"])
    future = TODAY + datetime.timedelta(days=3)
    page = _post(client, add_url(child, "reviews"), {"review": f"{future:%d/%m/%Y}", "review_code": "PN1"})
    assert "The date of the review must be today or in the past" in page
    before = child.looked_after_episodes.get().decom - datetime.timedelta(days=1)
    page = _post(client, add_url(child, "reviews"), {"review": f"{before:%d/%m/%Y}", "review_code": "PN1"})
    assert "must be while the child was looked after" in page
    page = _post(client, add_url(child, "reviews"), {"review": "31/02/2026", "review_code": ""})
    assert "Enter the date of the review as a real date" in page
    assert "Select how the child took part in the review" in page
    assert not child.lac_reviews.exists()
    assert not AuditLog.objects.filter(action__startswith="looked_after.reviews").exists()


def test_a_missing_episode_must_end_after_it_starts_and_not_overlap(org, client_for, child):
    client = client_for(org["social-worker"])
    start = TODAY - datetime.timedelta(days=20)
    page = _post(
        client,
        add_url(child, "missing"),
        {
            "missing": "M",
            "mis_start": f"{start:%d/%m/%Y}",
            "mis_end": f"{start - datetime.timedelta(days=2):%d/%m/%Y}",
        },
    )
    assert "The date it ended must be on or after the date it started" in page
    m.MissingEpisode.objects.create(
        child=child, missing="M", mis_start=start, mis_end=start + datetime.timedelta(days=5)
    )
    page = _post(
        client,
        add_url(child, "missing"),
        {"missing": "A", "mis_start": f"{start + datetime.timedelta(days=2):%d/%m/%Y}", "mis_end": ""},
    )
    assert "overlap another time the child was missing or away" in page
    assert child.missing_episodes.count() == 1


def test_adoption_dates_and_adopters_are_checked(org, client_for, child):
    client = client_for(org["social-worker"])
    page = _post(
        client,
        add_url(child, "adoption"),
        {
            "date_int": f"{TODAY:%d/%m/%Y}",
            "date_match": f"{TODAY - datetime.timedelta(days=5):%d/%m/%Y}",
            "foster_care": "False",
            "nb_adoptr": "2",
            "sex_adoptr": "M1",
            "ls_adoptr": "L4",
        },
    )
    assert "The date of the match must be on or after the date of the decision" in page
    assert "Two adopters: choose a couple" in page
    assert not m.Adoption.objects.filter(child=child).exists()


def test_a_reversed_placement_decision_needs_its_reason(org, client_for, child):
    client = client_for(org["social-worker"])
    day = TODAY - datetime.timedelta(days=10)
    page = _post(
        client,
        add_url(child, "placed-for-adoption"),
        {
            "date_placed": f"{day:%d/%m/%Y}",
            "date_placed_ceased": f"{TODAY:%d/%m/%Y}",
            "reason_placed_ceased": "",
        },
    )
    assert "Select the reason the child should no longer be placed" in page
    assert not child.placement_for_adoption_decisions.exists()


def test_a_change_that_fails_leaves_the_record_as_it_was(org, client_for, child):
    review = m.LookedAfterReview.objects.create(child=child, review=TODAY, review_code="PN1")
    future = TODAY + datetime.timedelta(days=1)
    _post(
        client_for(org["social-worker"]),
        change_url(child, "reviews", review.pk),
        {"review": f"{future:%d/%m/%Y}", "review_code": "PN7"},
    )
    review.refresh_from_db()
    assert (review.review, review.review_code) == (TODAY, "PN1")


def test_an_open_episode_takes_no_reason_for_a_placement_change(org, client_for, child):
    episode = child.looked_after_episodes.get()
    url = reverse("cases:looked-after-episode-details", args=[child.pk, episode.pk])
    page = _post(
        client_for(org["social-worker"]), url, {"home_post": "not a postcode", "reason_place_change": "CARPL"}
    )
    assert "Enter a real postcode, like AB1 2CD" in page
    assert "This episode has not ended" in page
    episode.refresh_from_db()
    assert (episode.home_post, episode.reason_place_change) == ("", "")


def test_home_postcode_is_changed_and_audited(org, client_for, child):
    episode = child.looked_after_episodes.get()
    url = reverse("cases:looked-after-episode-details", args=[child.pk, episode.pk])
    response = client_for(org["social-worker"]).post(url, {"home_post": "ab12cd", "reason_place_change": ""})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.home_post == "AB1 2CD"
    row = AuditLog.objects.get(action="looked_after.details.update")
    assert (row.child_id, row.actor_id, row.detail) == (
        child.pk,
        org["social-worker"].pk,
        "changed: home_post",
    )


def test_a_single_fact_that_exists_is_changed_not_added_twice(org, client_for, child):
    uasc = m.UascStatus.objects.create(child=child)
    response = client_for(org["social-worker"]).get(add_url(child, "uasc"))
    assert response.status_code == 302
    assert response["Location"] == change_url(child, "uasc", uasc.pk)


def test_a_review_goes_on_the_chronology_and_follows_a_correction(org, client_for, child):
    client = client_for(org["social-worker"])
    day = TODAY - datetime.timedelta(days=7)
    client.post(add_url(child, "reviews"), {"review": f"{day:%d/%m/%Y}", "review_code": "PN1"})
    review = child.lac_reviews.get()
    entry = m.ChronologyEntry.objects.get(child=child, source_type="cases.lookedafterreview")
    assert entry.occurred_at.date() == day
    client.post(
        change_url(child, "reviews", review.pk), {"review": f"{TODAY:%d/%m/%Y}", "review_code": "PN7"}
    )
    entry.refresh_from_db()
    assert timezone.localtime(entry.occurred_at).date() == TODAY
    assert AuditLog.objects.filter(action="looked_after.reviews.update", child_id=child.pk).exists()


# --- a save fixes a data problem, end to end ------------------------------------------------------------


def test_recording_health_and_outcomes_clears_rule_181(
    org, client_for, child, django_capture_on_commit_callbacks
):
    refresh("ssda903", [child.pk])
    assert "181" in _codes(child)
    client = client_for(org["social-worker"])
    page = client.get(details_url(child)).content.decode()
    assert "record their health checks" in page  # the problem shows where it is fixed
    answers = {name: "True" for name in ("health_check", "immunisations", "teeth_check", "health_assessment")}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            add_url(child, "health"),
            {
                "year_ending": _period_end(TODAY).isoformat(),
                "sdq_score": "12",
                "convicted": "False",
                **answers,
            },
        )
    assert response.status_code == 302
    assert "181" not in _codes(child)


def test_correcting_a_reviews_participation_clears_rule_167(
    org, client_for, child, django_capture_on_commit_callbacks
):
    review = m.LookedAfterReview.objects.create(child=child, review=TODAY, review_code="")
    refresh("ssda903", [child.pk])
    assert "167" in _codes(child)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(org["social-worker"]).post(
            change_url(child, "reviews", review.pk), {"review": f"{TODAY:%d/%m/%Y}", "review_code": "PN1"}
        )
    assert response.status_code == 302
    assert "167" not in _codes(child)


def test_correcting_when_uasc_status_ended_clears_rule_104(
    org, client_for, child, django_capture_on_commit_callbacks
):
    child.uasc = True
    child.save()
    uasc = m.UascStatus.objects.create(child=child, duc=_period_start(TODAY) - datetime.timedelta(days=30))
    refresh("ssda903", [child.pk])
    assert "104" in _codes(child)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(org["social-worker"]).post(change_url(child, "uasc", uasc.pk), {"duc": ""})
    assert response.status_code == 302
    uasc.refresh_from_db()
    assert uasc.duc is None
    assert "104" not in _codes(child)
