"""Reflective supervision: the private part stays private, decisions reach the child's case, overdue
supervision reaches the right people, and every read is audited."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hearth.cases.models import ChronologyEntry, EventKind
from hearth.core import extensions
from hearth.core.models import AuditLog
from hearth.core.roles import ALL_ROLES, OrgRole, UnitRole
from hearth.supervision import selectors, services
from hearth.supervision.models import (
    Frequency,
    PrivateReflection,
    SupervisionAgreement,
    add_months,
)

from .factories import ChildFactory, MembershipFactory, UserFactory
from .factories_supervision import (
    DECISION_TEXT,
    PRIVATE_TEXT,
    agreement,
    discuss,
    supervision,
    supervision_case,
)

TODAY = timezone.localdate

#: Everyone but the supervisor (consultant) and the supervisee (social worker) of supervision_case.
NOT_PARTIES = [r for r in ALL_ROLES if r not in ("consultant-social-worker", "social-worker")]


def _html(client, url, params=None):
    response = client.get(url, params or {})
    return response.status_code, response.content.decode()


# --- the private reflective part ---------------------------------------------------------------


@pytest.mark.parametrize("role", ["consultant-social-worker", "social-worker"])
def test_supervisor_and_supervisee_read_the_private_part_and_the_read_is_audited(org, client_for, role):
    case = supervision_case(org)
    status, page = _html(client_for(org[role]), reverse("supervision:session", args=[case.session.pk]))
    assert status == 200
    assert PRIVATE_TEXT in page
    reflection = PrivateReflection.objects.get(session=case.session)
    row = AuditLog.objects.get(action="supervision.private_view", actor=org[role])
    assert row.object_id == str(reflection.pk) and row.object_type == "supervision.privatereflection"


@pytest.mark.parametrize("role", NOT_PARTIES)
def test_nobody_else_sees_the_private_part_anywhere(org, client_for, role):
    """Managers, directors, the quality lead, administrators and colleagues: not on the supervision
    record, the child's record or chronology, the decision, the API, search, my work or supervision lists."""
    case = supervision_case(org)
    client = client_for(org[role])
    child = case.child
    pages = [
        reverse("supervision:session", args=[case.session.pk]),
        reverse("supervision:agreement", args=[case.agreement.pk]),
        reverse("supervision:overview"),
        reverse("supervision:decision", args=[case.decision.pk]),
        reverse("people:child", args=[child.pk]),
        reverse("cases:chronology", args=[child.pk]),
        reverse("cases:chronology-print", args=[child.pk]),
        reverse("cases:my-work"),
        reverse("cases:search") + f"?q={child.last_name}",
        reverse("api:children"),
        reverse("api:child", args=[child.pk]),
        reverse("api:child-notes", args=[child.pk]),
        reverse("api:child-episodes", args=[child.pk]),
    ]
    for url in pages:
        status, page = _html(client, url)
        assert PRIVATE_TEXT not in page, (role, url)
        assert "I felt out of my depth" not in page, (role, url)
    assert not AuditLog.objects.filter(action="supervision.private_view", actor=org[role]).exists()
    assert not PrivateReflection.objects.readable_by(org[role]).exists()


def test_the_line_manager_sees_the_record_but_not_the_private_part(org, client_for, team_manager):
    case = supervision_case(org)
    status, page = _html(client_for(team_manager), reverse("supervision:session", args=[case.session.pk]))
    assert status == 200
    assert "Working with uncertainty" in page  # what they reflected on together
    assert "Mother is struggling with the evenings" in page  # the case discussion
    assert DECISION_TEXT in page
    assert PRIVATE_TEXT not in page and "Private reflection" not in page
    view = AuditLog.objects.get(action="supervision.view", actor=team_manager)
    assert view.child_id == case.child.pk


@pytest.mark.parametrize(
    "role",
    [
        OrgRole.SERVICE_MANAGER,
        OrgRole.HEAD_OF_SERVICE,
        OrgRole.DIRECTOR,
        OrgRole.QUALITY_LEAD,
        OrgRole.SYSTEM_ADMINISTRATOR,
        OrgRole.WORKFORCE_LEAD,
        OrgRole.PRINCIPAL_SOCIAL_WORKER,
        "child-practitioner",
    ],
)
def test_others_cannot_open_the_supervision_record(org, client_for, role):
    case = supervision_case(org)
    status, _ = _html(client_for(org[role]), reverse("supervision:session", args=[case.session.pk]))
    assert status in (403, 404)


def test_the_private_part_is_in_its_own_table_reached_by_no_child(org):
    case = supervision_case(org)
    fields = {f.name for f in PrivateReflection._meta.get_fields()}
    assert "child" not in fields and PrivateReflection._meta.db_table == "supervision_private_reflection"
    assert not ChronologyEntry.objects.filter(summary__contains="out of my depth").exists()
    assert not ChronologyEntry.objects.filter(source_type="supervision.privatereflection").exists()
    # The case discussion does not carry it either.
    assert PRIVATE_TEXT not in str(vars(case.decision))


def test_the_django_admin_shows_no_supervision(org, client_for):
    page = client_for(org[OrgRole.SYSTEM_ADMINISTRATOR]).get("/django-admin/").content.decode()
    assert "supervision" not in page.lower()


def test_supervisee_writes_reflections_and_private_part_the_line_manager_sees_only_the_first(
    org, client_for, social_worker, team_manager, consultant_social_worker
):
    case = supervision_case(org)
    url = reverse("supervision:reflections", args=[case.session.pk])
    client = client_for(social_worker)
    status, page = _html(client, url)
    assert status == 200 and PRIVATE_TEXT in page  # the form shows their own private part...
    assert AuditLog.objects.filter(action="supervision.private_view", actor=social_worker).count() == 1
    response = client.post(url, {"own_reflections": "I will slow down", "private_text": "Only for us two"})
    assert response.status_code == 302
    assert PrivateReflection.objects.get(session=case.session).text == "Only for us two"
    session_url = reverse("supervision:session", args=[case.session.pk])
    _, manager_page = _html(client_for(team_manager), session_url)
    assert "I will slow down" in manager_page and "Only for us two" not in manager_page
    _, supervisor_page = _html(client_for(consultant_social_worker), session_url)
    assert "I will slow down" in supervisor_page and "Only for us two" in supervisor_page
    assert client_for(team_manager).post(url, {"own_reflections": "x"}).status_code == 403


def test_group_supervision_private_parts_are_each_between_one_supervisee_and_the_supervisor(org, client_for):
    consultant, worker, practitioner = (
        org["consultant-social-worker"],
        org["social-worker"],
        org["child-practitioner"],
    )
    agreement(consultant, worker)
    agreement(consultant, practitioner)
    client = client_for(consultant)
    response = client.post(
        reverse("supervision:group-session-add"),
        {
            "supervisees": [worker.pk, practitioner.pk],
            "held_on": (TODAY() - datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
            "focus": "Hypotheses about adolescents",
        },
    )
    assert response.status_code == 302
    session_url = response["Location"]
    session_id = int(session_url.rstrip("/").split("/")[-1])
    client_for(practitioner).post(
        reverse("supervision:reflections", args=[session_id]),
        {"own_reflections": "Group helped", "private_text": "GROUP-PRIVATE-CP"},
    )
    assert "GROUP-PRIVATE-CP" in client_for(consultant).get(session_url).content.decode()
    assert "GROUP-PRIVATE-CP" in client_for(practitioner).get(session_url).content.decode()
    worker_page = client_for(worker).get(session_url).content.decode()
    assert "Group helped" in worker_page and "GROUP-PRIVATE-CP" not in worker_page


# --- decisions on the child's case -------------------------------------------------------------


def test_decision_goes_to_the_chronology_and_the_child_record_but_the_reflection_does_not(
    org, client_for, director
):
    case = supervision_case(org)
    entry = ChronologyEntry.objects.get(child=case.child, kind=EventKind.SUPERVISION)
    assert entry.summary == DECISION_TEXT and entry.source_type == "supervision.casediscussion"
    assert entry.source_id == case.decision.pk
    for person in (org["child-practitioner"], director, org[OrgRole.QUALITY_LEAD]):
        client = client_for(person)
        chronology = client.get(reverse("cases:chronology", args=[case.child.pk])).content.decode()
        assert DECISION_TEXT in chronology
        assert reverse("supervision:decision", args=[case.decision.pk]) in chronology
        record = client.get(reverse("people:child", args=[case.child.pk])).content.decode()
        assert "Decisions from supervision" in record and DECISION_TEXT in record
        assert "Mother is struggling with the evenings" not in record + chronology
        decision = client.get(reverse("supervision:decision", args=[case.decision.pk])).content.decode()
        assert DECISION_TEXT in decision and "Mother is struggling" not in decision
        assert "Open the supervision record" not in decision


def test_decision_page_is_the_childs_reach(org, client_for):
    case = supervision_case(org)
    url = reverse("supervision:decision", args=[case.decision.pk])
    assert client_for(org.other_unit_worker).get(url).status_code == 404
    assert client_for(org[OrgRole.SYSTEM_ADMINISTRATOR]).get(url).status_code == 404
    page = client_for(org["social-worker"]).get(url).content.decode()
    assert "Open the supervision record" in page
    assert AuditLog.objects.filter(action="child.view_supervision_decision", child_id=case.child.pk).exists()


def test_a_discussion_without_a_decision_writes_nothing_to_the_chronology(org):
    consultant, worker = org["consultant-social-worker"], org["social-worker"]
    agreement(consultant, worker)
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=worker)
    discuss(supervision(consultant, [worker]), child, decision="")
    assert not ChronologyEntry.objects.filter(child=child, kind=EventKind.SUPERVISION).exists()


def test_recording_supervision_and_a_case_through_the_pages(
    org, client_for, consultant_social_worker, social_worker
):
    made = agreement(consultant_social_worker, social_worker)
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=social_worker)
    client = client_for(consultant_social_worker)
    add = reverse("supervision:session-add", args=[made.pk])
    # Bad input: a clear message, nothing saved, nothing lost.
    response = client.post(
        add, {"held_on": "31/02/2026", "focus": "Keep this text", "private_text": "Secret"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Enter the date of supervision as a real date" in page and "Keep this text" in page
    response = client.post(
        add, {"held_on": TODAY().strftime("%d/%m/%Y"), "focus": "Curiosity", "private_text": "Between us"}
    )
    assert response.status_code == 302
    session_id = int(response["Location"].rstrip("/").split("/")[-1])
    discussion_url = reverse("supervision:discussion-add", args=[session_id])
    form_page = client.get(discussion_url).content.decode()
    assert "What else could explain it?" in form_page and "How is this affecting you?" in form_page
    assert child.full_name in form_page
    response = client.post(
        discussion_url,
        {
            "child": child.pk,
            "brought_by": social_worker.pk,
            "what_is_happening": "Routines have slipped",
            "other_explanations": "The house move",
            "decision": "Family group conference within four weeks",
            "action": "save",
        },
    )
    assert response.status_code == 302
    assert ChronologyEntry.objects.filter(
        child=child, kind=EventKind.SUPERVISION, summary="Family group conference within four weeks"
    ).exists()
    assert AuditLog.objects.filter(action="supervision.discussion_create", child_id=child.pk).exists()


def test_a_child_the_supervisee_cannot_see_cannot_be_discussed(
    org, client_for, consultant_social_worker, social_worker
):
    agreement(consultant_social_worker, social_worker)
    session = supervision(consultant_social_worker, [social_worker])
    elsewhere = ChildFactory(unit=org.unit_b)
    response = client_for(consultant_social_worker).post(
        reverse("supervision:discussion-add", args=[session.pk]),
        {"child": elsewhere.pk, "what_is_happening": "x", "action": "save"},
    )
    assert response.status_code == 200 and "Choose a child from the list" in response.content.decode()
    assert not ChronologyEntry.objects.filter(child=elsewhere).exists()


# --- how often, and overdue --------------------------------------------------------------------


def test_frequency_defaults_monthly_and_every_two_weeks_in_the_asye_year(org):
    today = datetime.date(2026, 3, 10)
    a = SupervisionAgreement(started_on=datetime.date(2026, 1, 1))
    assert a.effective_frequency(today) == Frequency.MONTHLY
    assert a.next_due(datetime.date(2026, 1, 31), today) == datetime.date(2026, 2, 28)
    a.asye_started_on = datetime.date(2025, 9, 1)
    assert a.effective_frequency(today) == Frequency.FORTNIGHTLY
    assert a.next_due(datetime.date(2026, 3, 1), today) == datetime.date(2026, 3, 15)
    assert a.effective_frequency(datetime.date(2026, 9, 1)) == Frequency.MONTHLY  # the year is over
    a.frequency = Frequency.SIX_WEEKLY
    assert a.effective_frequency(today) == Frequency.SIX_WEEKLY
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2025, 12, 15), 1) == datetime.date(2026, 1, 15)


def _overdue_worker(org):
    consultant, worker = org["consultant-social-worker"], org["social-worker"]
    agreement(consultant, worker)
    supervision(consultant, [worker], days_ago=45)
    return worker


def _work_titles(user):
    return [i.title for i in extensions.work_items_for(user, TODAY()) if i.kind == "Supervision"]


def test_overdue_supervision_reaches_the_worker_the_supervisor_and_the_line_manager_only(org):
    worker = _overdue_worker(org)
    assert _work_titles(worker) == ["Your supervision is overdue"]
    assert _work_titles(org["consultant-social-worker"]) == [f"Supervision with {worker} is overdue"]
    assert _work_titles(org[OrgRole.TEAM_MANAGER]) == [f"Supervision with {worker} is overdue"]
    for role in [
        r for r in ALL_ROLES if r not in ("social-worker", "consultant-social-worker", OrgRole.TEAM_MANAGER)
    ]:
        assert _work_titles(org[role]) == [], role
    assert _work_titles(org.other_unit_worker) == []


def test_overdue_supervision_is_on_my_work_and_the_managers_list(org, client_for, team_manager):
    worker = _overdue_worker(org)
    page = client_for(worker).get(reverse("cases:my-work")).content.decode()
    assert "Your supervision is overdue" in page
    listing = client_for(team_manager).get(reverse("supervision:overview")).content.decode()
    assert worker.full_name in listing and "Overdue" in listing
    only = client_for(team_manager).get(reverse("supervision:overview"), {"overdue": "1"})
    assert [s.person for s in only.context["page_obj"]] == [worker]


def test_supervision_in_time_is_not_overdue_but_asye_makes_it_so(org):
    consultant, worker = org["consultant-social-worker"], org["social-worker"]
    made = agreement(consultant, worker)
    supervision(consultant, [worker], days_ago=20)
    assert _work_titles(worker) == []
    made.asye_started_on = TODAY() - datetime.timedelta(days=100)
    made.save()
    assert _work_titles(worker) == ["Your supervision is overdue"]


def test_the_managers_list_shows_line_reports_without_an_agreement(org, client_for, team_manager):
    response = client_for(team_manager).get(reverse("supervision:overview"))
    states = {s.person.pk: s.state for s in response.context["page_obj"]}
    assert states[org["social-worker"].pk] == "no-agreement"
    assert org.other_unit_worker.pk not in states


# --- who supervises whom -----------------------------------------------------------------------


def test_default_supervisors(org):
    assert selectors.default_supervisor(org["social-worker"]) == org["consultant-social-worker"]
    assert selectors.default_supervisor(org["consultant-social-worker"]) == org[OrgRole.TEAM_MANAGER]
    assert selectors.default_supervisor(org.other_unit_worker) is None  # unit B has neither


def test_consultant_makes_an_agreement_with_the_usual_supervisor(org, client_for, consultant_social_worker):
    client = client_for(consultant_social_worker)
    url = reverse("supervision:agreement-add")
    page = client.get(url).content.decode()
    assert escape(org["social-worker"].full_name) in page
    response = client.post(
        url,
        {
            "supervisee": org["social-worker"].pk,
            "supervisor": "",
            "frequency": "",
            "asye_started_on": "",
            "started_on": TODAY().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    made = SupervisionAgreement.objects.get(supervisee=org["social-worker"])
    assert made.supervisor == consultant_social_worker and made.made_by == consultant_social_worker
    # A consultant cannot arrange their own supervision, nor someone outside their unit.
    response = client.post(url, {"supervisee": org.other_unit_worker.pk, "started_on": "01/01/2026"})
    assert response.status_code == 200 and "Choose a person from the list" in response.content.decode()


def test_a_service_manager_arranges_the_team_managers_own_supervision(org, client_for):
    service_manager, team_manager = org[OrgRole.SERVICE_MANAGER], org[OrgRole.TEAM_MANAGER]
    client = client_for(service_manager)
    url = reverse("supervision:agreement-add")
    assert escape(team_manager.full_name) in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "supervisee": team_manager.pk,
            "supervisor": service_manager.pk,
            "frequency": "",
            "asye_started_on": "",
            "started_on": TODAY().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    made = SupervisionAgreement.objects.get(supervisee=team_manager)
    assert made.supervisor == service_manager and made.made_by == service_manager
    # A service manager does not arrange the supervision of people their team managers manage.
    response = client.post(url, {"supervisee": org["social-worker"].pk, "started_on": "01/01/2026"})
    assert response.status_code == 200 and "Choose a person from the list" in response.content.decode()


def test_a_new_agreement_replaces_the_old_one(org, team_manager):
    worker = org["social-worker"]
    first = agreement(org["consultant-social-worker"], worker, days_ago=100)
    second = services.make_agreement(
        by=team_manager, supervisee=worker, supervisor=team_manager, started_on=TODAY()
    )
    first.refresh_from_db()
    assert first.ended_on == TODAY() and second.ended_on is None
    with pytest.raises(services.SupervisionError):
        services.make_agreement(by=team_manager, supervisee=worker, supervisor=worker, started_on=TODAY())


def test_team_manager_changes_frequency(org, client_for, team_manager):
    made = agreement(org["consultant-social-worker"], org["social-worker"])
    response = client_for(team_manager).post(
        reverse("supervision:agreement-edit", args=[made.pk]),
        {"frequency": "fortnightly", "asye_started_on": "", "ended_on": ""},
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.frequency == "fortnightly"
    assert AuditLog.objects.filter(action="supervision.agreement_update", object_id=str(made.pk)).exists()


def test_every_read_of_a_record_is_audited(org, client_for, team_manager):
    case = supervision_case(org)
    client = client_for(team_manager)
    client.get(reverse("supervision:agreement", args=[case.agreement.pk]))
    client.get(reverse("supervision:overview"))
    client.get(reverse("supervision:observation", args=[case.observation.pk]))
    actions = set(AuditLog.objects.filter(actor=team_manager).values_list("action", flat=True))
    assert {"supervision.agreement_view", "supervision.list_view", "observation.view"} <= actions


def test_administrators_and_workforce_leads_have_no_supervision_at_all(org, client_for):
    supervision_case(org)
    for role in (OrgRole.SYSTEM_ADMINISTRATOR, OrgRole.WORKFORCE_LEAD, OrgRole.DIRECTOR):
        client = client_for(org[role])
        assert client.get(reverse("supervision:overview")).status_code == 403
        assert 'href="/supervision/"' not in client.get(reverse("core:home")).content.decode()
    page = client_for(org["social-worker"]).get(reverse("core:home")).content.decode()
    assert 'href="/supervision/"' in page


def test_a_team_managers_line_reports(org):
    reports = selectors.line_report_ids(org[OrgRole.TEAM_MANAGER])
    assert {org[r.value].pk for r in UnitRole} == set(reports)
    assert selectors.line_report_ids(org[OrgRole.SERVICE_MANAGER]) == {org[OrgRole.TEAM_MANAGER].pk}
    assert selectors.line_report_ids(org["consultant-social-worker"]) == frozenset()


def test_a_former_member_is_no_longer_a_line_report(org):
    person = UserFactory(email="leaver@test.hearth.test")
    MembershipFactory(unit=org.unit_a, user=person, ended_on=TODAY() - datetime.timedelta(days=1))
    assert person.pk not in selectors.line_report_ids(org[OrgRole.TEAM_MANAGER])
