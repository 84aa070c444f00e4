"""Devolved budgets pages: recording a spend from a child's record, approvals, the unit budget page with
its chart and CSV, delegated authority, and query counts that do not grow with data."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.budgets import services
from hearth.budgets.models import AuthorityLimit, Category, LimitKey, Spend, SpendStatus
from hearth.budgets.providers import child_spends, spends_to_approve
from hearth.core.models import AuditLog
from hearth.core.roles import OrgRole

from .factories import ChildFactory
from .factories_budgets import allocate, budgets_case, spend

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(org):
    allocate(org, org.unit_a, 5_000)
    return ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# --- recording a spend -----------------------------------------------------------------------


def test_a_worker_records_a_40_pound_spend_from_the_childs_record(org, client_for, child):
    client = client_for(org["social-worker"])
    record = client.get(reverse("people:child", args=[child.pk]))
    add_url = reverse("budgets:spend-add", args=[child.pk])
    assert "Spends from the unit budget" in record.content.decode()
    assert add_url in record.content.decode()
    response = client.post(
        add_url, {"category": Category.PRACTICAL_HELP, "amount": "£40", "purpose": "Gas meter"}
    )
    s = Spend.objects.get()
    assert response.status_code == 302 and response["Location"] == s.get_absolute_url()
    assert (s.amount_pence, s.status) == (40_00, SpendStatus.APPROVED)
    page = client.get(s.get_absolute_url()).content.decode()
    assert "Spend of £40" in page and "approved at once" in page


def test_bad_input_gives_a_clear_message_and_keeps_what_was_typed(org, client_for, child):
    client = client_for(org["social-worker"])
    url = reverse("budgets:spend-add", args=[child.pk])
    response = client.post(url, {"category": "", "amount": "12.345", "purpose": "Bus fares to contact"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Select a category" in html
    assert "no more than 2 numbers after the decimal point" in html
    assert "Bus fares to contact" in html and "12.345" in html
    assert not Spend.objects.exists()


def test_a_spend_that_does_not_fit_is_refused_on_the_page(org, client_for, child):
    client = client_for(org["social-worker"])
    url = reverse("budgets:spend-add", args=[child.pk])
    response = client.post(url, {"category": Category.TRANSPORT, "amount": "10", "purpose": "Taxi"})
    assert response.status_code == 200
    assert "There is not enough left in the unit&#x27;s budget for transport" in response.content.decode()
    assert not Spend.objects.exists()


def test_managers_see_the_childs_spends_but_only_members_get_the_link(org, child):
    spend(org["social-worker"], child, 40_00)
    member = child_spends(org["social-worker"], child)
    manager = child_spends(org["team-manager"], child)
    assert member.context["can_record"] and not manager.context["can_record"]
    assert len(manager.context["rows"]) == 1
    assert child_spends(org.other_unit_worker, child) is None
    assert child_spends(org[OrgRole.SYSTEM_ADMINISTRATOR], child) is None


# --- approvals -------------------------------------------------------------------------------


def test_a_manager_approves_a_larger_spend_from_their_work(org, client_for, child):
    s = spend(org["social-worker"], child, 300_00, purpose="A bed for the eldest")
    items = spends_to_approve(org["team-manager"], timezone.localdate())
    assert [i.url for i in items] == [s.get_absolute_url()]
    assert spends_to_approve(org["social-worker"], timezone.localdate()) == []
    client = client_for(org["team-manager"])
    assert s.get_absolute_url() in client.get(reverse("cases:my-work")).content.decode()
    assert "A bed for the eldest" in client.get(reverse("budgets:approvals")).content.decode()
    response = client.post(reverse("budgets:spend-approve", args=[s.pk]), follow=True)
    assert "Spend approved" in response.content.decode()
    s.refresh_from_db()
    assert s.status == SpendStatus.APPROVED and s.first_approver == org["team-manager"]


def test_a_worker_cannot_approve_their_own_request_on_the_page(org, client_for, child):
    consultant = org["consultant-social-worker"]
    s = spend(consultant, child, 300_00)
    client = client_for(consultant)
    page = client.get(s.get_absolute_url()).content.decode()
    assert "Approve spend" not in page
    assert client.post(reverse("budgets:spend-approve", args=[s.pk])).status_code == 403
    s.refresh_from_db()
    assert s.status == SpendStatus.WAITING


def test_an_approver_refuses_with_a_reason(org, client_for, child):
    s = spend(org["social-worker"], child, 300_00)
    client = client_for(org["team-manager"])
    url = reverse("budgets:spend-refuse", args=[s.pk])
    assert "Enter why you are refusing this spend" in client.post(url, {"reason": ""}).content.decode()
    response = client.post(url, {"reason": "Ask the school for help with uniform first"})
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.status == SpendStatus.REFUSED
    page = client_for(org["social-worker"]).get(s.get_absolute_url()).content.decode()
    assert "Ask the school for help with uniform first" in page


# --- the unit budget page and CSV ------------------------------------------------------------


def test_the_unit_budget_page_shows_balance_categories_months_families_and_chart(org, client_for, child):
    spend(org["social-worker"], child, 40_00)
    html = client_for(org["team-manager"]).get(reverse("budgets:unit", args=["unit-a"])).content.decode()
    assert "£4,960" in html  # available
    assert "Practical help" in html and "Household goods" in html
    assert '<svg class="hearth-bar-chart"' in html and 'role="img"' in html
    assert "Money spent each month" in html  # the table beside the chart
    assert child.full_name in html
    assert "style=" not in html.split("<main", 1)[1]  # no inline styles (CSP)
    assert AuditLog.objects.filter(action="budgets.unit.view", actor=org["team-manager"]).exists()


def test_a_unit_outside_reach_answers_404(org, client_for, child):
    client = client_for(org.other_unit_worker)
    assert client.get(reverse("budgets:unit", args=["unit-a"])).status_code == 404
    assert client.get(reverse("budgets:unit", args=["unit-b"])).status_code == 200


def test_the_csv_for_finance_lists_every_movement_in_pounds_and_pence(org, client_for, child):
    s = spend(org["social-worker"], child, 12_50, purpose="=HYPERLINK(evil)")
    services.mark_paid(by=org["social-worker"], spend_id=s.pk)
    response = client_for(org[OrgRole.PERFORMANCE_ANALYST]).get(reverse("budgets:unit-csv", args=["unit-a"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["Date", "Unit", "Movement", "Category", "Amount (GBP)"]
    movements = [(r[2], r[4], r[5]) for r in rows[1:]]
    assert ("Allocation", "5000.00", "5000.00") in movements
    assert ("Commitment", "12.50", "-12.50") in movements
    assert ("Payment", "12.50", "0.00") in movements
    assert all(not r[9].startswith("=") for r in rows[1:])
    assert child.la_child_id in response.content.decode()


# --- delegated authority ---------------------------------------------------------------------


def test_the_director_changes_delegated_authority_and_the_history_shows_it(org, client_for):
    client = client_for(org["director"])
    url = reverse("budgets:authority")
    page = client.get(url).content.decode()
    assert "Save limits" in page and "£50" in page
    data = {f"limit_{k.value}": "" for k in LimitKey}
    response = client.post(url, data | {"reason": ""})
    assert "There is a problem" in response.content.decode()
    from hearth.budgets.selectors import current_limits

    data = {f"limit_{k}": str(v / 100) for k, v in current_limits().items()}
    data["limit_social-worker"] = "75"
    response = client.post(url, data | {"reason": "Cost of living"}, follow=True)
    assert "Delegated authority changed" in response.content.decode()
    row = AuthorityLimit.objects.get()
    assert (row.key, row.limit_pence, row.changed_by) == ("social-worker", 75_00, org["director"])
    history = client_for(org["social-worker"]).get(url).content.decode()
    assert "Cost of living" in history and "Save limits" not in history
    assert client_for(org["social-worker"]).post(url, data | {"reason": "x"}).status_code == 403


# --- query counts do not grow with data ------------------------------------------------------


def test_budget_page_and_approvals_list_query_counts_do_not_grow_with_data(org, client_for):
    case = budgets_case(org)
    allocate(org, org.unit_a, 100_000)
    manager = client_for(org["team-manager"])
    pages = [
        reverse("budgets:unit", args=["unit-a"]),
        reverse("budgets:approvals"),
        reverse("budgets:overview"),
        reverse("cases:my-work"),
        reverse("people:child", args=[case.child.pk]),
    ]
    few = [_queries(manager, url) for url in pages]
    for n in range(10):
        kid = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
        for category in [Category.PRACTICAL_HELP, Category.TRANSPORT]:
            allocate(org, org.unit_a, 400, category)
            spend(org["social-worker"], kid, 45_00 + n, category)
            spend(org["social-worker"], kid, 300_00 + n, category)  # waits for approval
        services.mark_paid(by=org["social-worker"], spend_id=spend(org["social-worker"], kid, 10_00).pk)
    assert [_queries(manager, url) for url in pages] == few


def test_providers_make_no_query_for_people_with_no_reason(org, django_assert_num_queries):
    kid = ChildFactory(unit=org.unit_a)
    admin = org[OrgRole.SYSTEM_ADMINISTRATOR]
    worker = org["social-worker"]
    _ = admin.unit_ids, worker.unit_ids
    with django_assert_num_queries(0):
        assert spends_to_approve(admin, timezone.localdate()) == []
        assert spends_to_approve(worker, timezone.localdate()) == []
        assert child_spends(admin, kid) is None


def test_the_unit_page_links_to_the_budget_for_people_who_may_see_it(
    org, client_for, django_assert_num_queries
):
    from hearth.budgets.providers import unit_budget_link

    url = reverse("budgets:unit", args=["unit-a"])
    for person in [
        org["social-worker"],
        org["team-manager"],
        org["director"],
        org[OrgRole.PERFORMANCE_ANALYST],
    ]:
        _ = person.unit_ids
        with django_assert_num_queries(0):
            assert unit_budget_link(person, org.unit_a).context["url"] == url
    for person in [org.other_unit_worker, org[OrgRole.SYSTEM_ADMINISTRATOR], org[OrgRole.WORKFORCE_LEAD]]:
        assert unit_budget_link(person, org.unit_a) is None
    page = client_for(org["team-manager"]).get(reverse("organisation:unit", args=["unit-a"])).content.decode()
    assert url in page
