"""My work and a unit's caseload: grouping, filters, the visit rule, tags, reach and query counts."""

import datetime
import zoneinfo
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.cases.models import ChildProtectionPlan, LookedAfterEpisode, Referral
from hearth.cases.selectors.lists import (
    CIN_PLAN,
    CP_PLAN,
    LOOKED_AFTER,
    add_working_days,
    caseload_totals,
    next_visit_due,
    visit_status,
)
from hearth.cases.views.lists import age_in_words, ago_in_words, case_row
from hearth.core.roles import OrgRole
from hearth.people.models import RestrictedAccess

from .factories import ChildFactory, MembershipFactory, UnitFactory, UserFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")
MY_WORK = reverse("cases:my-work")


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=LONDON)


def open_cp_plan(child, start=datetime.date(2026, 1, 5)):
    referral = Referral.objects.create(child=child, cin_referral_date=start, referral_source="1A")
    return ChildProtectionPlan.objects.create(
        referral=referral,
        cpp_start_date=start,
        initial_category_of_abuse="NEG",
        latest_category_of_abuse="NEG",
    )


def looked_after(child, start=datetime.date(2026, 1, 5)):
    return LookedAfterEpisode.objects.create(
        child=child, decom=start, rne="S", legal_status="C2", cin="N1", place="U1", place_provider="PR1"
    )


# --- the visit rule --------------------------------------------------------------------------------


def test_working_days_skip_weekends():
    friday = datetime.date(2026, 3, 6)
    assert add_working_days(friday, 1) == datetime.date(2026, 3, 9)
    assert add_working_days(friday, 10) == datetime.date(2026, 3, 20)
    assert add_working_days(datetime.date(2026, 3, 7), 1) == datetime.date(2026, 3, 9)  # from a Saturday


@pytest.mark.parametrize(
    ("kinds", "due"),
    [
        ({CP_PLAN}, datetime.date(2026, 3, 16)),  # 10 working days
        ({LOOKED_AFTER}, datetime.date(2026, 4, 13)),  # 6 weeks
        ({CIN_PLAN}, datetime.date(2026, 3, 30)),  # 20 working days
        (set(), datetime.date(2026, 3, 30)),  # every other child: 20 working days
        ({CP_PLAN, LOOKED_AFTER}, datetime.date(2026, 3, 16)),  # the soonest wins
        ({LOOKED_AFTER, CIN_PLAN}, datetime.date(2026, 3, 30)),
    ],
)
def test_next_visit_due_by_open_episode(kinds, due):
    child = SimpleNamespace(last_visit_at=_at(datetime.date(2026, 3, 2)))  # a Monday
    assert next_visit_due(child, frozenset(kinds)) == due


def test_no_visit_recorded_has_no_due_date():
    assert next_visit_due(SimpleNamespace(last_visit_at=None), frozenset({CP_PLAN})) is None


def test_visit_status_tags():
    today = datetime.date(2026, 3, 10)
    assert visit_status(datetime.date(2026, 3, 9), today) == "overdue"
    assert visit_status(today, today) == "due-soon"
    assert visit_status(datetime.date(2026, 3, 13), today) == "due-soon"
    assert visit_status(datetime.date(2026, 3, 14), today) == ""
    assert visit_status(None, today) == "none-recorded"


def test_words_for_age_and_last_visit():
    today = datetime.date(2026, 3, 10)
    assert age_in_words(SimpleNamespace(is_unborn=True), today) == "Unborn"
    baby = SimpleNamespace(is_unborn=False, age_on=lambda day: 0)
    assert age_in_words(baby, today) == "Under 1"
    assert ago_in_words(_at(datetime.date(2026, 3, 7)), today) == "3 days ago"
    assert ago_in_words(_at(today), today) == "Today"
    assert ago_in_words(_at(datetime.date(2026, 3, 9)), today) == "Yesterday"
    assert ago_in_words(_at(datetime.date(2026, 2, 10)), today) == "4 weeks ago"
    assert ago_in_words(None, today) == "No visit recorded"


def test_row_tags_overdue_red_and_due_soon_yellow(org):
    today = datetime.date(2026, 3, 10)
    worker = org["social-worker"]
    overdue = SimpleNamespace(
        pk=1,
        last_visit_at=_at(datetime.date(2026, 1, 5)),
        is_unborn=False,
        age_on=lambda day: 7,
        lead_worker_id=worker.pk,
        lead_worker=worker,
        is_restricted=False,
        uasc=True,
    )
    row = case_row(overdue, worker, today, frozenset({CP_PLAN}))
    assert row.visit_tag == ("Overdue", "red")
    assert row.lead_is_you
    assert row.episodes == [("Child protection plan", "red")]
    assert row.flags == ["UASC"]
    soon = SimpleNamespace(
        **{**vars(overdue), "last_visit_at": _at(datetime.date(2026, 2, 26))}
    )  # due 12 March
    assert case_row(soon, worker, today, frozenset({CP_PLAN})).visit_tag == ("Due soon", "yellow")


# --- my work -------------------------------------------------------------------------------------


def test_my_work_shows_my_units_children_grouped_by_unit(org, client):
    worker = org["social-worker"]
    mine = ChildFactory(first_name="Ada", last_name="Lovelace", unit=org.unit_a, unit__lead_worker=worker)
    other_lead = ChildFactory(unit=org.unit_a, unit__lead_worker=org["consultant-social-worker"])
    elsewhere = ChildFactory(unit=org.unit_b, unit__lead_worker=org.other_unit_worker)
    client.force_login(worker)
    response = client.get(MY_WORK)
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [unit for unit, _ in groups] == [org.unit_a]
    children = [row.child for row in groups[0][1]]
    assert set(children) == {mine, other_lead}
    assert elsewhere not in children
    body = response.content.decode()
    assert reverse("people:child", args=[mine.pk]) in body
    assert "<strong>You</strong>" in body
    assert reverse("cases:unit-caseload", args=["unit-a"]) in body


def test_only_children_i_lead(org, client):
    worker = org["social-worker"]
    mine = ChildFactory(unit=org.unit_a, unit__lead_worker=worker)
    ChildFactory(unit=org.unit_a, unit__lead_worker=org["consultant-social-worker"])
    client.force_login(worker)
    response = client.get(MY_WORK, {"mine": "on"})
    rows = [row for _, group in response.context["groups"] for row in group]
    assert [row.child for row in rows] == [mine]


def test_only_children_i_lead_when_i_lead_none(org, client):
    ChildFactory(unit=org.unit_a, unit__lead_worker=org["consultant-social-worker"])
    client.force_login(org["student"])
    response = client.get(MY_WORK, {"mine": "on"})
    assert "You are not the lead worker of any child" in response.content.decode()


def test_head_of_service_sees_each_managed_unit_as_a_group(org, client):
    second = UnitFactory(service_area=org.area, name="Unit Z", code="unit-z")
    MembershipFactory(unit=second, user=UserFactory(email="z@test.hearth.test"))
    ChildFactory(unit=org.unit_a)
    ChildFactory(unit=second)
    ChildFactory(unit=org.unit_b)  # another service area
    client.force_login(org[OrgRole.HEAD_OF_SERVICE])
    groups = client.get(MY_WORK).context["groups"]
    assert [unit.code for unit, _ in groups] == ["unit-a", "unit-z"]


def test_restricted_children_only_for_the_people_named(org, client):
    hidden = ChildFactory(unit=org.unit_a, restriction="staff-relative")
    client.force_login(org["social-worker"])
    rows = [row for _, group in client.get(MY_WORK).context["groups"] for row in group]
    assert hidden not in [row.child for row in rows]
    RestrictedAccess.objects.create(child=hidden, user=org["social-worker"])
    response = client.get(MY_WORK)
    rows = [row for _, group in response.context["groups"] for row in group]
    assert [row.child for row in rows] == [hidden]
    assert "Restricted" in rows[0].flags


def test_overdue_visit_and_episode_tags_on_the_page(org, client):
    child = ChildFactory(unit=org.unit_a)
    child.last_visit_at = timezone.now() - datetime.timedelta(days=60)
    child.save()
    open_cp_plan(child)
    client.force_login(org["social-worker"])
    body = client.get(MY_WORK).content.decode()
    assert "govuk-tag--red" in body
    assert "Overdue" in body
    assert "Child protection plan" in body


def test_my_work_is_paginated_by_50(org, client):
    for _ in range(51):
        ChildFactory(unit=org.unit_a)
    client.force_login(org["social-worker"])
    first = client.get(MY_WORK)
    assert sum(len(rows) for _, rows in first.context["groups"]) == 50
    second = client.get(MY_WORK, {"page": 2})
    assert sum(len(rows) for _, rows in second.context["groups"]) == 1


def test_people_with_no_unit_cannot_open_my_work(org, client):
    client.force_login(org[OrgRole.DIRECTOR])
    assert client.get(MY_WORK).status_code == 403


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def _children_with_episodes(org, count):
    for i in range(count):
        child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
        if i % 3 == 0:
            open_cp_plan(child)
        elif i % 3 == 1:
            looked_after(child)


def test_my_work_query_count_is_flat(org, client):
    client.force_login(org["social-worker"])
    _children_with_episodes(org, 5)
    few = _queries(client, MY_WORK)
    _children_with_episodes(org, 45)
    assert _queries(client, MY_WORK) == few
    assert _queries(client, MY_WORK, {"mine": "on"}) == few


# --- a unit's caseload ---------------------------------------------------------------------------


def test_caseload_totals(org):
    today = timezone.localdate()
    on_plan = ChildFactory(unit=org.unit_a)
    open_cp_plan(on_plan)
    in_care = ChildFactory(unit=org.unit_a)
    looked_after(in_care)
    in_care.last_visit_at = timezone.now()
    in_care.save()
    ChildFactory(unit=org.unit_b)
    totals = caseload_totals(org["social-worker"], org.unit_a, today)
    assert (totals.children, totals.open_cp_plans, totals.looked_after) == (2, 1, 1)
    assert totals.overdue_visits == 1  # the child on a plan has never been visited
    assert totals.members == 7
    assert totals.children_per_member == "0.3"


def test_caseload_page(org, client):
    ChildFactory(unit=org.unit_a, first_name="Grace", last_name="Hopper")
    client.force_login(org[OrgRole.TEAM_MANAGER])
    response = client.get(reverse("cases:unit-caseload", args=["unit-a"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Grace Hopper" in body
    assert "Children per member of the unit" in body


def test_caseload_of_another_unit_is_403_and_unknown_unit_404(org, client):
    client.force_login(org.other_unit_worker)
    assert client.get(reverse("cases:unit-caseload", args=["unit-a"])).status_code == 403
    assert client.get(reverse("cases:unit-caseload", args=["unit-b"])).status_code == 200
    assert client.get(reverse("cases:unit-caseload", args=["no-such-unit"])).status_code == 404


def test_caseload_query_count_is_flat(org, client):
    url = reverse("cases:unit-caseload", args=["unit-a"])
    client.force_login(org["consultant-social-worker"])
    _children_with_episodes(org, 5)
    few = _queries(client, url)
    _children_with_episodes(org, 45)
    assert _queries(client, url) == few
