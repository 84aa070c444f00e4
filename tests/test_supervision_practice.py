"""Senior practice: direct work by the most experienced, practice observations and mentoring; the
supervision lists' query counts; the demo data."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hearth.cases.models import ChronologyEntry, EventKind
from hearth.core.models import AuditLog
from hearth.core.roles import OrgRole
from hearth.organisation.models import Membership
from hearth.supervision.models import (
    CaseDiscussion,
    Mentoring,
    Observation,
    PrivateReflection,
    SupervisionAgreement,
    SupervisionSession,
)
from hearth.supervision.selectors import direct_work_share, overdue_agreements

from .factories import ChildFactory, MembershipFactory, UserFactory, note_about
from .factories_supervision import agreement, discuss, mentoring, observation, supervision

TODAY = timezone.localdate


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(captured)


# --- senior practice: who does the unit's direct work ------------------------------------------


def _direct_work(org):
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    recent = timezone.now() - datetime.timedelta(days=10)
    note_about([child], by=org["consultant-social-worker"], kind="direct-work", occurred_at=recent)
    note_about([child], by=org["consultant-social-worker"], kind="home-visit", occurred_at=recent)
    note_about([child], by=org["social-worker"], kind="home-visit", occurred_at=recent)
    note_about([child], by=org[OrgRole.TEAM_MANAGER], kind="home-visit", occurred_at=recent)
    # Not counted: a phone call, a draft, and a visit more than three months ago.
    note_about([child], by=org["social-worker"], kind="phone-call", occurred_at=recent)
    note_about([child], by=org["social-worker"], kind="home-visit", final=False, occurred_at=recent)
    note_about(
        [child],
        by=org["social-worker"],
        kind="home-visit",
        occurred_at=timezone.now() - datetime.timedelta(days=120),
    )
    return child


def test_direct_work_share_counts_consultants_and_managers(org):
    _direct_work(org)
    share = direct_work_share(org.unit_a)
    assert (share.total, share.by_seniors, share.percent) == (4, 3, 75)
    by_name = {p["name"]: (p["senior"], p["count"]) for p in share.people}
    assert by_name[org["consultant-social-worker"].full_name] == (True, 2)
    assert by_name[org[OrgRole.TEAM_MANAGER].full_name] == (True, 1)
    assert by_name[org["social-worker"].full_name] == (False, 1)


def test_the_unit_page_shows_the_share_to_members_and_managers_only(org, client_for):
    _direct_work(org)
    url = reverse("organisation:unit", args=["unit-a"])
    for person in (org["unit-coordinator"], org[OrgRole.TEAM_MANAGER], org[OrgRole.HEAD_OF_SERVICE]):
        page = client_for(person).get(url).content.decode()
        assert "Direct work by senior practitioners" in page and "3 of 4" in page
    for person in (org.other_unit_worker, org[OrgRole.DIRECTOR], org[OrgRole.SYSTEM_ADMINISTRATOR]):
        assert "Direct work by senior practitioners" not in client_for(person).get(url).content.decode()


def test_the_unit_page_section_is_one_query_whatever_the_notes(org, client_for):
    client = client_for(org["social-worker"])
    url = reverse("organisation:unit", args=["unit-a"])
    _direct_work(org)
    few = _queries(client, url)
    for _ in range(10):
        _direct_work(org)
    assert _queries(client, url) == few


# --- practice observations ---------------------------------------------------------------------


def _observation_post(observed, **extra):
    data = {
        "observed": observed.pk,
        "observed_on": (TODAY() - datetime.timedelta(days=2)).strftime("%d/%m/%Y"),
        "setting": "home-visit",
        "context": "Planned visit",
        "summary": "Curious and warm",
        "grade_relationship": "good",
        "comments_relationship": "The child chatted",
        "grade_curiosity": "outstanding",
    }
    return data | extra


def test_a_consultant_observes_and_the_worker_responds(
    org, client_for, consultant_social_worker, social_worker
):
    response = client_for(consultant_social_worker).post(
        reverse("supervision:observation-add"), _observation_post(social_worker)
    )
    assert response.status_code == 302
    made = Observation.objects.get(observed=social_worker)
    assert {(r.criterion, r.grade) for r in made.ratings.all()} == {
        ("relationship", "good"),
        ("curiosity", "outstanding"),
    }
    page = client_for(social_worker).get(made.get_absolute_url()).content.decode()
    assert (
        "Relationship with the child" in page
        and "The child chatted" in page
        and "Respond to this feedback" in page
    )
    respond = reverse("supervision:observation-respond", args=[made.pk])
    assert client_for(social_worker).post(respond, {"response": "I will try it"}).status_code == 302
    made.refresh_from_db()
    assert made.response == "I will try it" and made.responded_at is not None
    # The line manager reads it; a colleague and a worker of another unit do not.
    assert (
        "I will try it" in client_for(org[OrgRole.TEAM_MANAGER]).get(made.get_absolute_url()).content.decode()
    )
    assert client_for(org["child-practitioner"]).get(made.get_absolute_url()).status_code == 404
    assert client_for(org.other_unit_worker).get(made.get_absolute_url()).status_code == 404


def test_observation_form_errors_keep_what_was_typed(
    org, client_for, consultant_social_worker, social_worker
):
    url = reverse("supervision:observation-add")
    data = _observation_post(
        social_worker, grade_relationship="", grade_curiosity="", comments_recording="Typed but not graded"
    )
    response = client_for(consultant_social_worker).post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Choose a grade for clear recording, or remove the comments" in page
    assert "Typed but not graded" in page and "Curious and warm" in page
    assert not Observation.objects.exists()


def test_only_seniors_observe_and_only_people_in_their_reach(org, client_for):
    url = reverse("supervision:observation-add")
    assert client_for(org["social-worker"]).get(url).status_code == 403
    page = client_for(org[OrgRole.PRINCIPAL_SOCIAL_WORKER]).get(url).content.decode()
    assert escape(org.other_unit_worker.full_name) in page  # the principal social worker: anyone in a unit
    page = client_for(org["consultant-social-worker"]).get(url).content.decode()
    assert org.other_unit_worker.full_name not in page


# --- mentoring ---------------------------------------------------------------------------------


def test_mentoring_with_goals_and_progress(org, client_for, consultant_social_worker):
    mentee = org["child-practitioner"]
    client = client_for(consultant_social_worker)
    response = client.post(
        reverse("supervision:mentoring-add"),
        {
            "mentee": mentee.pk,
            "started_on": TODAY().strftime("%d/%m/%Y"),
            "goals": "Lead an FGC\n\n- Present a case",
        },
    )
    assert response.status_code == 302
    made = Mentoring.objects.get(mentee=mentee)
    assert [g.text for g in made.goals.all()] == ["Lead an FGC", "Present a case"]
    goal = made.goals.first()
    note_url = reverse("supervision:mentoring-note-add", args=[made.pk])
    response = client_for(mentee).post(
        note_url, {"written_on": TODAY().strftime("%d/%m/%Y"), "text": "Led it", "achieved": [goal.pk]}
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.achieved_on == TODAY()
    page = client.get(made.get_absolute_url()).content.decode()
    assert "Led it" in page and "Achieved" in page
    # Mentoring is between mentor and mentee: not the line manager.
    assert client_for(org[OrgRole.TEAM_MANAGER]).get(made.get_absolute_url()).status_code == 404


def test_mentoring_needs_a_goal(org, client_for, consultant_social_worker):
    response = client_for(consultant_social_worker).post(
        reverse("supervision:mentoring-add"),
        {"mentee": org["child-practitioner"].pk, "started_on": TODAY().strftime("%d/%m/%Y"), "goals": ""},
    )
    assert response.status_code == 200
    assert "Write at least one goal you have agreed together" in response.content.decode()


# --- query counts of the lists ------------------------------------------------------------------


def _team(org, n):
    """n more members of unit A, each supervised by the consultant with two records and a case."""
    consultant = org["consultant-social-worker"]
    people = []
    for i in range(n):
        person = UserFactory(email=f"sv-{Membership.objects.count()}-{i}@test.hearth.test")
        MembershipFactory(unit=org.unit_a, user=person)
        agreement(consultant, person)
        supervision(consultant, [person], days_ago=50, private_text="private")
        session = supervision(consultant, [person], days_ago=10)
        discuss(session, ChildFactory(unit=org.unit_a, unit__lead_worker=person), brought_by=person)
        observation(consultant, person)
        mentoring(consultant, person)
        people.append(person)
    return people


@pytest.mark.parametrize(
    "role,url_name",
    [
        (OrgRole.TEAM_MANAGER, "supervision:overview"),
        ("consultant-social-worker", "supervision:overview"),
        ("consultant-social-worker", "supervision:observations"),
        ("consultant-social-worker", "supervision:mentoring"),
        (OrgRole.TEAM_MANAGER, "supervision:observations"),
        ("consultant-social-worker", "cases:my-work"),
        (OrgRole.TEAM_MANAGER, "cases:my-work"),
    ],
)
def test_list_pages_do_not_grow_with_data(org, client_for, role, url_name):
    client = client_for(org[role])
    url = reverse(url_name)
    _team(org, 1)
    few = _queries(client, url)
    _team(org, 10)
    assert _queries(client, url) == few


def test_agreement_and_record_pages_do_not_grow_with_data(org, client_for):
    consultant, worker = org["consultant-social-worker"], org["social-worker"]
    made = agreement(consultant, worker)
    client = client_for(org[OrgRole.TEAM_MANAGER])
    session = supervision(consultant, [worker], private_text="x")
    discuss(session, ChildFactory(unit=org.unit_a, unit__lead_worker=worker))
    agreement_url, session_url = made.get_absolute_url(), session.get_absolute_url()
    few = (_queries(client, agreement_url), _queries(client, session_url))
    for i in range(10):
        supervision(consultant, [worker], days_ago=20 + i)
        discuss(session, ChildFactory(unit=org.unit_a, unit__lead_worker=worker))
    assert (_queries(client, agreement_url), _queries(client, session_url)) == few


def test_overdue_work_items_are_one_query(org, django_assert_num_queries):
    _team(org, 3)
    manager = org[OrgRole.TEAM_MANAGER]
    manager.unit_ids  # the person's units: already known to the page  # noqa: B018
    with django_assert_num_queries(1):
        overdue_agreements(manager, TODAY())


def test_people_with_no_part_in_supervision_cost_no_query(org, django_assert_num_queries):
    from hearth.supervision.providers import overdue_supervision

    admin = org[OrgRole.SYSTEM_ADMINISTRATOR]
    admin.unit_ids  # noqa: B018
    with django_assert_num_queries(0):
        assert overdue_supervision(admin, TODAY()) == []


# --- the demo ----------------------------------------------------------------------------------


def test_demo_supervision_has_the_promised_shape(db):
    call_command("seed_demo", "--scale", "small", "--quiet")
    today = TODAY()
    practitioners = set(Membership.objects.current().values_list("user_id", flat=True))
    with_agreement = set(SupervisionAgreement.objects.open(today).values_list("supervisee_id", flat=True))
    assert practitioners == with_agreement
    assert SupervisionSession.objects.filter(held_on__lt=today - datetime.timedelta(days=150)).exists()
    assert SupervisionSession.objects.filter(kind="group").exists()
    assert PrivateReflection.objects.exists()
    discussion = CaseDiscussion.objects.exclude(decision="").first()
    entry = ChronologyEntry.objects.get(source_type="supervision.casediscussion", source_id=discussion.pk)
    assert entry.kind == EventKind.SUPERVISION and entry.child_id == discussion.child_id
    private_texts = list(PrivateReflection.objects.values_list("text", flat=True))
    assert not ChronologyEntry.objects.filter(summary__in=private_texts).exists()
    assert Observation.objects.exists() and Mentoring.objects.exists()
    # Some are overdue, among them the demo social worker (so it shows on their work list).
    from django.contrib.auth import get_user_model

    worker = get_user_model().objects.get(email="social-worker@demo.hearth.test")
    assert [a.supervisee for a, _ in overdue_agreements(worker, today)] == [worker]
    overdue = [
        a
        for a in SupervisionAgreement.objects.open(today)
        if a.next_due(
            a.supervisee.supervision_attendances.order_by("-held_on")
            .values_list("held_on", flat=True)
            .first(),
            today,
        )
        < today
    ]
    assert 1 <= len(overdue) < len(with_agreement) / 2
    # Every case discussion is about a child of the supervisee's unit.
    for d in CaseDiscussion.objects.select_related("child"):
        assert d.child.allocated_unit_id in set(
            Membership.objects.current().filter(user=d.brought_by_id).values_list("unit_id", flat=True)
        )
    counts = [
        SupervisionAgreement.objects.count(),
        SupervisionSession.objects.count(),
        ChronologyEntry.objects.count(),
    ]
    call_command("seed_demo", "--scale", "small", "--quiet")
    assert [
        SupervisionAgreement.objects.count(),
        SupervisionSession.objects.count(),
        ChronologyEntry.objects.count(),
    ] == counts
    assert not AuditLog.objects.filter(action__startswith="supervision.private").exists()
