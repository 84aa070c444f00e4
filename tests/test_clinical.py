"""Clinical consultations and referrals (hearth.clinical): transitions, permissions, chronology, audit,
waiting times per service and query counts of the clinicians' queue."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.cases.models import ChronologyEntry, EventKind
from hearth.clinical import selectors, services
from hearth.clinical.models import ClinicalRequest, Service, Status, TransitionError
from hearth.core.extensions import work_items_for
from hearth.core.models import AuditLog
from hearth.core.roles import OrgRole

from .factories import ChildFactory
from .factories_support import ClinicalRequestFactory

TODAY = timezone.localdate()


@pytest.fixture
def child(org):
    return ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])


def ask(org, child, service=Service.CAMHS):
    return services.ask(
        by=org["social-worker"], child=child, service=service, question="Is this anxiety or trauma?"
    )


def test_a_referral_goes_from_request_to_closed_with_input_on_the_chronology(org, child):
    clinician = org["clinician"]
    clinical = ask(org, child)
    assert clinical.is_referral and clinical.status == Status.REQUESTED
    services.take(by=clinician, clinical=clinical)
    services.record_first_contact(by=clinician, clinical=clinical, day=TODAY)
    services.record_input(by=clinician, clinical=clinical, text="Seen with mother; offered six sessions")
    services.close(by=clinician, clinical=clinical)
    clinical.refresh_from_db()
    assert clinical.status == Status.CLOSED and clinical.clinician == clinician
    entry = ChronologyEntry.objects.get(child=child, kind=EventKind.CLINICAL)
    assert "six sessions" in entry.summary and entry.source_type == "clinical.clinicalrequest"
    actions = set(AuditLog.objects.filter(child_id=child.pk).values_list("action", flat=True))
    assert {
        "clinical.request.ask",
        "clinical.request.take",
        "clinical.request.input",
        "clinical.request.close",
    } <= actions


def test_impossible_moves_are_refused_in_plain_english(org, child):
    clinician = org["clinician"]
    clinical = ask(org, child)
    with pytest.raises(TransitionError, match="Take the request before closing it"):
        services.close(by=clinician, clinical=clinical)
    with pytest.raises(TransitionError, match="Take the request before recording the first contact"):
        services.record_first_contact(by=clinician, clinical=clinical, day=TODAY)
    services.take(by=clinician, clinical=clinical)
    with pytest.raises(TransitionError, match="Record the date of first contact before recording your input"):
        services.record_input(by=clinician, clinical=clinical, text="Advice")
    with pytest.raises(TransitionError, match="cannot be in the future"):
        services.record_first_contact(by=clinician, clinical=clinical, day=TODAY + datetime.timedelta(days=1))
    with pytest.raises(TransitionError, match="before the request was made"):
        services.record_first_contact(by=clinician, clinical=clinical, day=TODAY - datetime.timedelta(days=3))
    services.record_first_contact(by=clinician, clinical=clinical, day=TODAY)
    with pytest.raises(TransitionError, match="Record your input before closing"):
        services.close(by=clinician, clinical=clinical)
    services.record_input(by=clinician, clinical=clinical, text="Advice")
    services.close(by=clinician, clinical=clinical)
    with pytest.raises(TransitionError, match="closed, so it cannot be taken"):
        services.take(by=clinician, clinical=clinical)


def test_only_a_clinician_of_the_unit_works_the_request(org, child):
    clinical = ask(org, child)
    for role in ("social-worker", "unit-coordinator", OrgRole.TEAM_MANAGER, OrgRole.DIRECTOR):
        with pytest.raises(TransitionError, match="Only a clinician"):
            services.take(by=org[role], clinical=clinical)


def test_asking_needs_a_question_and_membership(org, child):
    with pytest.raises(ValidationError):
        services.ask(by=org["social-worker"], child=child, service=Service.PSYCHOLOGY, question=" ")
    with pytest.raises(ValidationError):
        services.ask(by=org.other_unit_worker, child=child, service=Service.PSYCHOLOGY, question="Why?")
    assert not ClinicalRequest.objects.exists()


def test_ask_through_the_page_and_the_child_section(org, child, client_for):
    client = client_for(org["social-worker"])
    html = client.get(reverse("people:child", args=[child.pk])).content.decode()
    assert reverse("clinical:ask", args=[child.pk]) in html
    assert reverse("support:raise", args=[child.pk]) in html
    response = client.post(
        reverse("clinical:ask", args=[child.pk]), {"service": "psychology", "question": ""}
    )
    assert response.status_code == 200 and "Write the question you want answered" in response.content.decode()
    response = client.post(
        reverse("clinical:ask", args=[child.pk]), {"service": "psychology", "question": "Why the nightmares?"}
    )
    clinical = ClinicalRequest.objects.get()
    assert response["Location"] == reverse("clinical:request", args=[clinical.pk])


def test_queue_permissions(org, child, client):
    ask(org, child)
    expected = {
        "clinician": 200,
        "social-worker": 403,
        "unit-coordinator": 403,
        OrgRole.TEAM_MANAGER: 200,
        OrgRole.DIRECTOR: 200,
        OrgRole.WORKFORCE_LEAD: 403,
        OrgRole.SYSTEM_ADMINISTRATOR: 403,
    }
    for role, status in expected.items():
        client.force_login(org[role])
        assert client.get(reverse("clinical:queue")).status_code == status, role


def test_requests_of_other_units_are_out_of_reach(org, client):
    other_child = ChildFactory(unit=org.unit_b)
    clinical = ClinicalRequestFactory(unit=org.unit_b, child=other_child, requested_by=org.other_unit_worker)
    client.force_login(org["clinician"])
    assert client.get(reverse("clinical:request", args=[clinical.pk])).status_code == 404
    assert other_child.full_name not in client.get(reverse("clinical:queue")).content.decode()
    for role in (OrgRole.WORKFORCE_LEAD, OrgRole.SYSTEM_ADMINISTRATOR):
        client.force_login(org[role])
        assert client.get(reverse("clinical:request", args=[clinical.pk])).status_code == 404


def test_reads_are_audited(org, child, client):
    clinical = ask(org, child)
    client.force_login(org["clinician"])
    client.get(reverse("clinical:request", args=[clinical.pk]))
    client.get(reverse("clinical:queue"))
    assert AuditLog.objects.filter(action="clinical.request.view", child_id=child.pk).count() == 2


def test_clinicians_work_items(org, child):
    clinical = ask(org, child)
    items = [i for i in work_items_for(org["clinician"], TODAY) if "request" in i.kind]
    assert [i.url for i in items] == [reverse("clinical:request", args=[clinical.pk])]


# --- waiting times ---------------------------------------------------------------------------------


def _seen(org, child, service, *, asked_days_ago, waited):
    asked = timezone.now() - datetime.timedelta(days=asked_days_ago)
    clinical = ClinicalRequestFactory(
        unit=org.unit_a, child=child, requested_by=org["social-worker"], service=service
    )
    ClinicalRequest.objects.filter(pk=clinical.pk).update(
        created_at=asked,
        status=Status.TAKEN,
        clinician=org["clinician"],
        first_contact_on=timezone.localtime(asked).date() + datetime.timedelta(days=waited),
    )
    return clinical


def test_waiting_times_per_service_against_hand_computed_figures(org, child):
    # CAMHS: waits of 5, 12, 30, 40 days -> median (12+30)/2 = 21, 90th percentile (ceil(3.6) = 4th) 40.
    for waited in (30, 5, 40, 12):
        _seen(org, child, Service.CAMHS, asked_days_ago=waited + 2, waited=waited)
    # Not counted: first contact 120 days ago.
    _seen(org, child, Service.CAMHS, asked_days_ago=200, waited=80)
    # Waiting now: two CAMHS, one psychology; a closed one without contact does not count.
    for service in (Service.CAMHS, Service.CAMHS, Service.PSYCHOLOGY):
        ClinicalRequestFactory(
            unit=org.unit_a, child=child, requested_by=org["social-worker"], service=service
        )
    closed = ClinicalRequestFactory(
        unit=org.unit_a, child=child, requested_by=org["social-worker"], service=Service.PSYCHOLOGY
    )
    ClinicalRequest.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    # Consultation: one wait of 3 days.
    _seen(org, child, Service.CONSULTATION, asked_days_ago=10, waited=3)
    rows = {w.service: w for w in selectors.waiting_times(selectors.queue_scope(org["clinician"]), TODAY)}
    camhs = rows[Service.CAMHS]
    assert (camhs.seen, camhs.median, camhs.p90, camhs.waiting_now) == (4, 21, 40, 2)
    assert (rows[Service.PSYCHOLOGY].seen, rows[Service.PSYCHOLOGY].waiting_now) == (0, 1)
    assert rows[Service.PSYCHOLOGY].median_in_words() == "No first contacts yet"
    assert (rows[Service.CONSULTATION].median, rows[Service.CONSULTATION].p90) == (3, 3)
    assert rows[Service.FAMILY_THERAPY].seen == 0


# --- query counts ----------------------------------------------------------------------------------


def _make(org, n):
    for i in range(n):
        kid = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
        service = list(Service.values)[i % len(Service.values)]
        clinical = ClinicalRequestFactory(
            unit=org.unit_a, child=kid, requested_by=org["social-worker"], service=service
        )
        if i % 2:
            ClinicalRequest.objects.filter(pk=clinical.pk).update(
                status=Status.TAKEN, clinician=org["clinician"], first_contact_on=TODAY
            )


def test_queue_query_count_does_not_grow(org, client):
    client.force_login(org["clinician"])
    url = reverse("clinical:queue")

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _make(org, 2)
    small = count()
    _make(org, 20)
    assert count() == small
