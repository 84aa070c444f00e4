"""Practical requests (hearth.support): transitions, permissions, chronology, audit, time to done and
query counts of the queue."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.cases.models import ChronologyEntry, EventKind
from hearth.core.extensions import CHILD_RECORD, UNIT_PAGE, work_items_for
from hearth.core.models import AuditLog
from hearth.core.roles import OrgRole
from hearth.support import selectors, services
from hearth.support.models import PracticalRequest, RequestKind, Status, TransitionError

from .factories import ChildFactory
from .factories_support import PracticalRequestFactory

TODAY = timezone.localdate()


@pytest.fixture
def child(org):
    return ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])


def raise_one(org, child, **extra):
    data = {"kind": RequestKind.UNIFORM, "needed": "Uniform for Year 7, age 11-12", "due_on": TODAY}
    return services.raise_request(by=org["social-worker"], child=child, **(data | extra))


# --- transitions ---------------------------------------------------------------------------------


def test_a_request_goes_raised_taken_done_with_the_chronology(org, child):
    coordinator = org["unit-coordinator"]
    practical = raise_one(org, child)
    assert practical.status == Status.RAISED and practical.unit == org.unit_a
    services.take_request(by=coordinator, practical=practical)
    practical.refresh_from_db()
    assert practical.status == Status.TAKEN and practical.assigned_to == coordinator
    services.add_progress_note(by=coordinator, practical=practical, text="Ordered from the school shop")
    services.close_request(by=coordinator, practical=practical, done=True, outcome="Delivered to the family")
    practical.refresh_from_db()
    assert practical.status == Status.DONE and practical.closed_by == coordinator
    assert practical.notes.count() == 1
    titles = list(
        ChronologyEntry.objects.filter(child=child, kind=EventKind.SUPPORT)
        .order_by("pk")
        .values_list("title", flat=True)
    )
    assert titles == ["Practical help asked for: School uniform", "Practical help done: School uniform"]
    actions = set(AuditLog.objects.filter(child_id=child.pk).values_list("action", flat=True))
    assert {
        "support.request.raise",
        "support.request.take",
        "support.request.note",
        "support.request.done",
    } <= actions


def test_cannot_be_done_needs_a_reason_and_is_on_the_chronology(org, child):
    coordinator = org["unit-coordinator"]
    practical = raise_one(org, child)
    services.take_request(by=coordinator, practical=practical)
    with pytest.raises(ValidationError) as error:
        services.close_request(by=coordinator, practical=practical, done=False, outcome="  ")
    assert "Write why it cannot be done" in str(error.value)
    services.close_request(by=coordinator, practical=practical, done=False, outcome="No venue free that week")
    practical.refresh_from_db()
    assert practical.status == Status.CANNOT
    assert ChronologyEntry.objects.filter(
        child=child, title="Practical help could not be done: School uniform", summary__contains="No venue"
    ).exists()


@pytest.mark.parametrize(
    "move, message",
    [
        ("close", "Take the request before closing it"),
        ("note", "Take the request before recording what was done"),
    ],
)
def test_an_untaken_request_cannot_be_closed_or_noted(org, child, move, message):
    practical = raise_one(org, child)
    with pytest.raises(TransitionError, match=message):
        if move == "close":
            services.close_request(by=org["unit-coordinator"], practical=practical, done=True, outcome="Done")
        else:
            services.add_progress_note(by=org["unit-coordinator"], practical=practical, text="Rang")
    practical.refresh_from_db()
    assert practical.status == Status.RAISED


def test_a_closed_request_cannot_be_taken_noted_or_closed_again(org, child):
    coordinator = org["unit-coordinator"]
    practical = raise_one(org, child)
    services.take_request(by=coordinator, practical=practical)
    services.close_request(by=coordinator, practical=practical, done=True, outcome="Booked")
    with pytest.raises(TransitionError, match="This request is closed, so it cannot be taken"):
        services.take_request(by=coordinator, practical=practical)
    with pytest.raises(TransitionError, match="closed, so nothing more can be recorded"):
        services.add_progress_note(by=coordinator, practical=practical, text="More")
    with pytest.raises(TransitionError, match="already closed"):
        services.close_request(by=coordinator, practical=practical, done=True, outcome="Again")


def test_taking_twice_is_refused(org, child):
    practical = raise_one(org, child)
    services.take_request(by=org["unit-coordinator"], practical=practical)
    with pytest.raises(TransitionError, match="already taken"):
        services.take_request(by=org["unit-coordinator"], practical=practical)


def test_only_the_unit_coordinator_works_the_queue(org, child):
    practical = raise_one(org, child)
    for role in ("social-worker", "consultant-social-worker", OrgRole.TEAM_MANAGER, OrgRole.DIRECTOR):
        with pytest.raises(TransitionError, match="Only the unit coordinator"):
            services.take_request(by=org[role], practical=practical)


def test_needed_by_cannot_be_in_the_past(org, child):
    with pytest.raises(ValidationError) as error:
        raise_one(org, child, due_on=TODAY - datetime.timedelta(days=1))
    assert "must be today or in the future" in str(error.value)
    assert not PracticalRequest.objects.exists()


def test_a_worker_of_another_unit_cannot_raise(org, child):
    with pytest.raises(ValidationError):
        services.raise_request(
            by=org.other_unit_worker, child=child, kind=RequestKind.VENUE, needed="A room", due_on=TODAY
        )


# --- pages ---------------------------------------------------------------------------------------


def test_the_form_keeps_what_was_typed_when_the_date_is_past(org, child, client_for):
    client = client_for(org["social-worker"])
    url = reverse("support:raise", args=[child.pk])
    yesterday = TODAY - datetime.timedelta(days=1)
    response = client.post(
        url,
        {"kind": "furniture", "needed": "A bed for the youngest", "due_on": yesterday.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "must be today or in the future" in html and "A bed for the youngest" in html
    assert not PracticalRequest.objects.exists()


def test_raise_take_and_close_through_the_pages(org, child, client_for, client):
    worker_client = client_for(org["social-worker"])
    due = TODAY + datetime.timedelta(days=3)
    response = worker_client.post(
        reverse("support:raise", args=[child.pk]),
        {"kind": "transport", "needed": "Taxi to contact", "due_on": due.strftime("%d/%m/%Y")},
    )
    practical = PracticalRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "support:request", args=[practical.pk]
    )
    client.force_login(org["unit-coordinator"])
    assert client.post(reverse("support:take", args=[practical.pk])).status_code == 302
    response = client.post(reverse("support:close", args=[practical.pk]), {"result": "done", "outcome": ""})
    assert (
        response.status_code == 200
        and "Write what was done, or why it cannot be done" in response.content.decode()
    )
    client.post(reverse("support:close", args=[practical.pk]), {"result": "done", "outcome": "Taxi booked"})
    practical.refresh_from_db()
    assert practical.status == Status.DONE
    client.force_login(org["social-worker"])
    html = client.get(reverse("support:mine")).content.decode()
    assert "Done" in html and "Transport" in html


def test_closing_an_untaken_request_from_the_page_says_why(org, child, client):
    practical = raise_one(org, child)
    client.force_login(org["unit-coordinator"])
    response = client.post(
        reverse("support:close", args=[practical.pk]), {"result": "done", "outcome": "Done"}, follow=True
    )
    assert "Take the request before closing it" in response.content.decode()


def test_every_read_of_a_request_is_audited(org, child, client):
    practical = raise_one(org, child)
    client.force_login(org[OrgRole.DIRECTOR])
    before = AuditLog.objects.filter(action="support.request.view").count()
    assert client.get(reverse("support:request", args=[practical.pk])).status_code == 200
    assert client.get(reverse("support:queue", args=["unit-a"])).status_code == 200
    rows = AuditLog.objects.filter(action="support.request.view", child_id=child.pk)
    assert rows.count() == before + 2


def test_workforce_lead_and_admin_learn_nothing(org, child, client):
    practical = raise_one(org, child)
    for role in (OrgRole.WORKFORCE_LEAD, OrgRole.SYSTEM_ADMINISTRATOR):
        client.force_login(org[role])
        assert client.get(reverse("support:request", args=[practical.pk])).status_code == 404
        assert client.get(reverse("support:queue", args=["unit-a"])).status_code == 403
        assert client.get(reverse("support:raise", args=[child.pk])).status_code == 404


def test_another_units_worker_gets_404(org, child, client):
    practical = raise_one(org, child)
    client.force_login(org.other_unit_worker)
    assert client.get(reverse("support:request", args=[practical.pk])).status_code == 404
    assert client.get(reverse("support:queue", args=["unit-a"])).status_code == 404


# --- providers -----------------------------------------------------------------------------------


def test_child_record_section_for_members_only(org, child):
    raise_one(org, child)
    from hearth.support.selectors import child_section

    section = child_section(org["social-worker"], child)
    assert section is not None and len(section.context["rows"]) == 1
    assert section.context["raise_url"] == reverse("support:raise", args=[child.pk])
    assert child_section(org[OrgRole.DIRECTOR], child) is None
    assert child_section(org[OrgRole.TEAM_MANAGER], child) is not None
    assert child_section in CHILD_RECORD.providers()


def test_coordinators_work_items(org, child):
    coordinator = org["unit-coordinator"]
    untaken = raise_one(org, child)
    mine = raise_one(org, child, kind=RequestKind.INTERPRETER, needed="Polish interpreter")
    services.take_request(by=coordinator, practical=mine)
    closed = raise_one(org, child, kind=RequestKind.VENUE, needed="A room")
    services.take_request(by=coordinator, practical=closed)
    services.close_request(by=coordinator, practical=closed, done=True, outcome="Booked")
    items = [i for i in work_items_for(coordinator, TODAY) if i.kind.startswith("Practical request")]
    urls = {i.url for i in items}
    assert urls == {reverse("support:request", args=[untaken.pk]), reverse("support:request", args=[mine.pk])}
    assert not [i for i in work_items_for(org["social-worker"], TODAY) if i.kind.startswith("Practical")]


def test_unit_page_section(org):
    from hearth.support.selectors import unit_section

    member = unit_section(org["social-worker"], org.unit_a)
    assert member is not None and member.context["figures"] is None  # the figures are on the queue page
    for role in ("unit-coordinator", OrgRole.TEAM_MANAGER, OrgRole.DIRECTOR):
        assert unit_section(org[role], org.unit_a).context["figures"].count == 0
    assert unit_section(org[OrgRole.WORKFORCE_LEAD], org.unit_a) is None
    assert unit_section(org.other_unit_worker, org.unit_a) is None
    assert unit_section in UNIT_PAGE.providers()


# --- time to done ----------------------------------------------------------------------------------


def _done(org, child, *, asked_days_ago: float, took_days: float, now):
    asked = now - datetime.timedelta(days=asked_days_ago)
    practical = PracticalRequestFactory(unit=org.unit_a, child=child, requested_by=org["social-worker"])
    PracticalRequest.objects.filter(pk=practical.pk).update(
        created_at=asked,
        status=Status.DONE,
        closed_at=asked + datetime.timedelta(days=took_days),
        assigned_to=org["unit-coordinator"],
    )
    return practical


def test_time_to_done_against_hand_computed_figures(org, child):
    now = timezone.now()
    # Done in the last 90 days, taking 1, 2, 3, 4, 10 days: median 3, 90th percentile (nearest rank:
    # the ceil(0.9 * 5) = 5th value) 10.
    for took in (4, 1, 10, 3, 2):
        _done(org, child, asked_days_ago=20 + took, took_days=took, now=now)
    # Not counted: done 100 days ago; cannot be done; still open; another unit's.
    _done(org, child, asked_days_ago=130, took_days=30, now=now)
    cannot = _done(org, child, asked_days_ago=10, took_days=1, now=now)
    PracticalRequest.objects.filter(pk=cannot.pk).update(status=Status.CANNOT)
    PracticalRequestFactory(unit=org.unit_a, child=child, requested_by=org["social-worker"])
    other = ChildFactory(unit=org.unit_b)
    PracticalRequest.objects.filter(
        pk=PracticalRequestFactory(unit=org.unit_b, child=other, requested_by=org.other_unit_worker).pk
    ).update(status=Status.DONE, closed_at=now)
    figures = selectors.time_to_done(org.unit_a, now=now)
    assert figures.count == 5
    assert figures.median == pytest.approx(3)
    assert figures.p90 == pytest.approx(10)
    assert figures.median_in_words() == "3 days"


def test_percentile_nearest_rank():
    assert selectors.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    assert selectors.percentile([5], 90) == 5
    assert selectors.Figures.of([]).median is None


def test_figures_are_on_the_queue_page(org, child, client):
    now = timezone.now()
    for took in (2, 4):
        _done(org, child, asked_days_ago=10, took_days=took, now=now)
    client.force_login(org["unit-coordinator"])
    html = client.get(reverse("support:queue", args=["unit-a"])).content.decode()
    assert "Median time to done" in html and "3 days" in html and "4 days" in html


# --- query counts ----------------------------------------------------------------------------------


def _make(org, n):
    for i in range(n):
        kid = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
        practical = PracticalRequestFactory(
            unit=org.unit_a,
            child=kid,
            requested_by=org["social-worker"],
            due_on=TODAY + datetime.timedelta(days=i % 5),
        )
        if i % 2:
            PracticalRequest.objects.filter(pk=practical.pk).update(
                status=Status.TAKEN, assigned_to=org["unit-coordinator"]
            )
        practical.notes.create(author=org["unit-coordinator"], text="Rang")
    now = timezone.now()
    PracticalRequest.objects.filter(
        pk__in=list(PracticalRequest.objects.values_list("pk", flat=True)[: n // 2])
    ).update(status=Status.DONE, closed_at=now)


@pytest.mark.parametrize("url_name", ["support:queue", "support:mine"])
def test_list_query_counts_do_not_grow(org, client, url_name):
    user = org["unit-coordinator"] if url_name == "support:queue" else org["social-worker"]
    url = reverse(url_name, args=["unit-a"]) if url_name == "support:queue" else reverse(url_name)
    client.force_login(user)

    def count() -> int:
        client.get(url)  # warm caches (session, content types)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _make(org, 2)
    small = count()
    _make(org, 20)
    assert count() == small
